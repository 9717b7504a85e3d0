import Foundation
import Port0Core
import Testing

/// Issue 19: port0 replaces and removes only the tables it created (marked by its comment),
/// unless told `--adopt`; a table another process owns is named as such.
@Suite("port0 never destroys a table that is not its own", .needsRoot)
struct OwnershipTests {
    static let userFirewall = """
        table inet filter {
        \tchain input {
        \t\ttype filter hook input priority filter; policy drop;
        \t\ttcp dport 22 accept
        \t}
        }

        """

    static let handMadePort0 = """
        table inet port0 {
        \tchain forward {
        \t\ttype filter hook forward priority filter; policy drop;
        \t}
        }

        """

    static func expectRefusal(
        _ result: Support.Result, table: String, action: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(result.status == 1, "status \(result.status): \(result.stdout)", sourceLocation: sourceLocation)
        #expect(result.stdout.isEmpty, sourceLocation: sourceLocation)
        #expect(
            result.stderr
                == "port0: error: table \(table) was not created by port0 (its comment does not start with \"port0 \"): refusing to \(action) it; choose another --table, or pass --adopt to \(action) it anyway\n",
            sourceLocation: sourceLocation)
    }

    @Test("apply, check and plan --table filter refuse a user's table inet filter; --adopt takes it")
    func userTableIsRefused() throws {
        try Support.withNetns { (ns: String) throws in
            try Netns.nft(ns, ["-f", "-"], stdin: Self.userFirewall)
            let before = try Netns.ruleset(ns)
            for command in ["apply", "check", "plan"] {
                Self.expectRefusal(
                    try Netns.port0(ns, [command, "--table", "filter"]), table: "inet filter", action: "replace")
            }
            Self.expectRefusal(
                try Netns.port0(ns, ["apply", "--check", "--table", "filter"]), table: "inet filter", action: "replace")
            Self.expectRefusal(
                try Netns.port0(ns, ["remove", "--table", "filter"]), table: "inet filter", action: "remove")
            #expect(try Netns.ruleset(ns) == before)

            #expect(
                try Netns.port0(ns, ["plan", "--table", "filter", "--adopt"]).stdout.contains("\n-\tchain input {\n"))
            let adopted = try Netns.port0(ns, ["apply", "--table", "filter", "--adopt"])
            #expect(adopted.status == 0, "\(adopted.stderr)")
            // From now on it carries port0's comment: port0's own, no --adopt needed.
            #expect(
                try Netns.port0(ns, ["apply", "--table", "filter"]).stdout.hasPrefix("unchanged table inet filter"))
            #expect(try Netns.port0(ns, ["remove", "--table", "filter"]).status == 0)
        }
    }

    @Test(
        "a hand-made table inet port0 is neither replaced nor removed; a user's netdev port0 survives remove --profile edge"
    )
    func handMadeSameName() throws {
        try Support.withNetns { (ns: String) throws in
            try Netns.nft(ns, ["-f", "-"], stdin: Self.handMadePort0)
            try Netns.nft(ns, ["add", "table", "netdev", "port0"])
            let before = try Netns.ruleset(ns)
            Self.expectRefusal(try Netns.port0(ns, ["apply"]), table: "inet port0", action: "replace")
            Self.expectRefusal(try Netns.port0(ns, ["remove"]), table: "inet port0", action: "remove")
            Self.expectRefusal(
                try Netns.port0(ns, ["remove", "--profile", "edge"]), table: "netdev port0", action: "remove")
            #expect(try Netns.ruleset(ns) == before)
            #expect(try Netns.port0(ns, ["remove", "--profile", "edge", "--adopt"]).status == 0)
            #expect(try Netns.nft(ns, ["list", "tables"]) == "table inet port0\n")
        }
    }

    @Test("a table loaded with nft -f from port0 render is port0's: apply and remove need no --adopt")
    func renderedScriptIsPort0s() throws {
        try Support.withNetns { (ns: String) throws in
            try Netns.nft(ns, ["-f", "-"], stdin: try Support.port0(["render", "--log"]).stdout)
            #expect(try Netns.port0(ns, ["apply", "--log"]).stdout.hasPrefix("unchanged table inet port0"))
            #expect(try Netns.port0(ns, ["apply"]).stdout.hasPrefix("applied table inet port0"))
            #expect(try Netns.port0(ns, ["remove"]).stdout == "removed table inet port0\n")
        }
    }

    @Test("a table owned by another process: apply, check, plan and remove name the owner, not CAP_NET_ADMIN")
    func ownedTable() throws {
        try Support.withNetns { (ns: String) throws in
            let comment =
                try Support.port0(["render"]).stdout.split(separator: "\n")
                .first { $0.contains("comment \"port0 ") }.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            // `nft -i` keeps its netlink socket, and so its owned table, while stdin stays open.
            let holder = Process()
            holder.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            holder.arguments = ["ip", "netns", "exec", ns, "nft", "-i"]
            let input = Pipe()
            holder.standardInput = input
            holder.standardOutput = FileHandle.nullDevice
            try holder.run()
            input.fileHandleForWriting.write(Data("add table inet port0 { flags owner; \(comment); }\n".utf8))
            defer {
                try? input.fileHandleForWriting.close()
                holder.waitUntilExit()
            }
            var listed = ""
            for _ in 0..<100 where !listed.contains("port0") {
                usleep(50_000)
                listed = try Support.inNetns(ns, ["nft", "list", "tables"]).stdout
            }
            #expect(listed == "table inet port0\n")
            for command in [["apply"], ["check"], ["plan"], ["remove"], ["apply", "--adopt"]] {
                let result = try Netns.port0(ns, command)
                #expect(result.status == 1)
                #expect(
                    result.stderr.hasPrefix(
                        "port0: error: table inet port0 is owned by another process (netlink port "),
                    "\(command): \(result.stderr)")
                #expect(result.stderr.contains("(nft))"), "\(command): \(result.stderr)")
                #expect(!result.stderr.contains("CAP_NET_ADMIN"))
            }
            let status = try Netns.port0(ns, ["status"])
            #expect(status.status == 4)
            #expect(status.stdout.contains("  table is owned by another process (netlink port "))
        }
    }
}

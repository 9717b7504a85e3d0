import Foundation
import Port0Core
import Port0Netlink
import Port0TestSupport
import Testing

/// The commit stamp on the real kernel: port0's replace records the generation it leads to,
/// which proves the sets until anyone commits anything; nft ignores it.
@Suite(.serialized) struct CommitStampTests {
    static let reason: Comment = "needs root (network namespaces)"
    static let options = ["--exempt", "192.0.2.0/24", "--exempt", "10.0.0.1", "--exempt", "2001:db8::/32"]

    static func desired() throws -> Table {
        var options = RulesetOptions()
        options.exempt = .parsing(["192.0.2.0/24", "10.0.0.1", "2001:db8::/32"])
        return try RulesetBuilder.build(options)
    }

    static func outline(_ ns: String) throws -> LiveTable? {
        try NetlinkKernel(namespace: .path(Netns.path(ns))).read(family: .inet, name: "port0", namedSetElements: false)
    }

    @Test(.enabled(if: Support.isRoot, reason))
    func anApplyIsProvedUntilAnotherProgramCommits() throws {
        try Support.withNetns { ns in
            let applied = try Netns.port0(ns, ["apply"] + Self.options)
            #expect(applied.status == 0, "\(applied.stderr)")
            let digest = try Self.desired().elementDigest
            let fresh = try #require(try Self.outline(ns))
            #expect(fresh.stamp?.digest == digest)
            #expect(
                fresh.stampProves(digest: digest),
                "stamp \(String(describing: fresh.stamp)), read at \(String(describing: fresh.generation))")
            #expect(try Netns.port0(ns, ["plan", "--detailed-exitcode"] + Self.options).stdout == "no changes\n")

            // nft lists the table as before: the stamp is user data nft does not know.
            let listing = try Netns.nft(ns, ["list", "table", "inet", "port0"])
            #expect(listing.contains("comment \"port0 ") && listing.contains("192.0.2.0/24"))
            #expect(try Netns.nft(ns, ["-j", "list", "table", "inet", "port0"]).contains("\"name\": \"exempt_v4\""))

            // A commit to another table moves the generation on: nothing is proved any more,
            // the elements are read and still match.
            try Netns.nft(ns, ["add", "table", "ip", "other"])
            #expect(try !#require(try Self.outline(ns)).stampProves(digest: digest))
            let unchanged = try Netns.port0(ns, ["apply", "--json"] + Self.options)
            #expect(unchanged.stdout.contains(#""changed": false"#), "\(unchanged.stdout)\(unchanged.stderr)")

            // Another program's element: plan and status find it although port0's stamp is there.
            try Netns.nft(ns, ["add", "element", "inet", "port0", "exempt_v4", "{ 203.0.113.0/24 }"])
            let plan = try Netns.port0(ns, ["plan", "--detailed-exitcode"] + Self.options)
            #expect(plan.status == 2 && plan.stdout.contains("203.0.113.0/24"), "\(plan.stdout)")
            let status = try Netns.port0(ns, ["status"] + Self.options)
            #expect(
                status.status == 4 && status.stdout.contains("1 element unexpected: 203.0.113.0/24"), "\(status.stdout)"
            )
            let repaired = try Netns.port0(ns, ["apply", "--json"] + Self.options)
            #expect(repaired.stdout.contains(#""changed": true"#), "\(repaired.stdout)\(repaired.stderr)")
            #expect(try #require(try Self.outline(ns)).stampProves(digest: digest))
            #expect(try Netns.port0(ns, ["status"] + Self.options).status == 0)
        }
    }

    @Test(.enabled(if: Support.isRoot, reason))
    func aTableLoadedWithNftHasNoStampAndIsComparedElementByElement() throws {
        try Support.withNetns { ns in
            let script = try Support.port0(["render"] + Self.options).stdout
            try Netns.nft(ns, ["-f", "-"], stdin: script)
            let live = try #require(try Self.outline(ns))
            #expect(live.stamp == nil && live.generation != nil)
            let unchanged = try Netns.port0(ns, ["apply", "--json"] + Self.options)
            #expect(unchanged.stdout.contains(#""changed": false"#), "\(unchanged.stdout)\(unchanged.stderr)")
            // A different list is a change, whatever stamp the table has.
            #expect(try Netns.port0(ns, ["plan", "--detailed-exitcode", "--exempt", "192.0.2.0/25"]).status == 2)
        }
    }
}

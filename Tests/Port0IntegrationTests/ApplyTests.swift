import Foundation
import Port0Core
import Port0Netlink
import Port0TestSupport
import Testing

/// `port0 apply`, `check` and `remove` against a real kernel, each test in its own network
/// namespace.
@Suite("apply, check and remove through netlink", .needsRoot)
struct ApplyTests {
    @Test(
        "port0 apply leaves exactly the state that nft leaves loading port0 render (each in a netns)",
        arguments: Netns.configurations.map(\.name))
    func equivalence(configuration: String) throws {
        let arguments = Netns.configurations.first { $0.name == configuration }!.arguments
        let edge = Netns.isEdge(configuration)
        let script = try Support.port0(["render"] + arguments)
        #expect(script.status == 0, "\(script.stderr)")
        let viaNft = try Support.withNetns { (ns: String) throws in
            if edge { try Netns.addVeth(ns) }
            try Netns.nft(ns, ["-f", "-"], stdin: script.stdout)
            return try Netns.listings(ns)
        }
        let viaPort0 = try Support.withNetns { (ns: String) throws in
            if edge { try Netns.addVeth(ns) }
            let applied = try Netns.port0(ns, ["apply"] + arguments)
            #expect(applied.status == 0, "\(applied.stderr)")
            #expect(applied.stdout.hasPrefix("applied table \(edge ? "netdev" : "inet") port0: "))
            return try Netns.listings(ns)
        }
        #expect(viaPort0[0] == viaNft[0], "nft list ruleset differs")
        #expect(viaPort0[1] == viaNft[1], "nft -j list ruleset differs")
        #expect(viaPort0[2] == viaNft[2], "nft --debug=netlink list ruleset differs")
    }

    @Test("after port0 apply, nft list ruleset shows exactly the table port0 render prints")
    func listingEqualsRender() throws {
        let arguments = Netns.configurations.first { $0.name == "log-reject-exempt" }!.arguments
        let script = try Support.port0(["render"] + arguments).stdout
        // The script's last statement is the table itself, in `nft list` layout.
        let tableStart = try #require(script.range(of: "\ntable inet port0 {\n", options: .backwards))
        let tablePart = String(script[script.index(after: tableStart.lowerBound)...])
        try Support.withNetns { (ns: String) throws in
            #expect(try Netns.port0(ns, ["apply"] + arguments).status == 0)
            #expect(try Netns.ruleset(ns) == tablePart)
        }
    }

    @Test("applying three times leaves one table with the same listing")
    func idempotence() throws {
        try Support.withNetns { (ns: String) throws in
            var listings: [String] = []
            for _ in 0..<3 {
                let applied = try Netns.port0(ns, ["apply", "--log"])
                #expect(applied.status == 0, "\(applied.stderr)")
                listings.append(try Netns.ruleset(ns))
            }
            #expect(Set(listings).count == 1)
            #expect(try Netns.nft(ns, ["list", "tables"]) == "table inet port0\n")
        }
    }

    static let otherTables = """
        table ip other {
        \tchain input {
        \t\ttype filter hook input priority filter; policy accept;
        \t\ttcp dport 22 counter accept
        \t}
        \tchain helper {
        \t\tip saddr 10.0.0.0/8 drop
        \t}
        }
        table inet filter {
        \tchain forward {
        \t\ttype filter hook forward priority filter; policy drop;
        \t\tct state established,related accept
        \t}
        \tchain output {
        \t\ttype filter hook output priority raw; policy accept;
        \t\tudp dport 53 counter
        \t}
        }

        """

    @Test("tables ip other and inet filter survive apply and remove byte for byte")
    func isolation() throws {
        try Support.withNetns { (ns: String) throws in
            try Netns.nft(ns, ["-f", "-"], stdin: Self.otherTables)
            func others() throws -> [String] {
                [
                    try Netns.nft(ns, ["-a", "list", "table", "ip", "other"]),
                    try Netns.nft(ns, ["-a", "list", "table", "inet", "filter"]),
                ]
            }
            let before = try others()
            #expect(try Netns.port0(ns, ["apply", "--action", "reject", "--exempt", "10.1.0.0/16"]).status == 0)
            #expect(try others() == before)
            #expect(try Netns.port0(ns, ["apply"]).status == 0)
            #expect(try others() == before)
            let removed = try Netns.port0(ns, ["remove"])
            #expect(removed.status == 0, "\(removed.stderr)")
            #expect(removed.stdout == "removed table inet port0\n")
            #expect(try others() == before)
            #expect(try Netns.nft(ns, ["list", "tables"]) == "table ip other\ntable inet filter\n")
        }
    }

    @Test("a batch that fails part-way leaves the previous table intact and names the object")
    func atomicity() throws {
        try Support.withNetns { (ns: String) throws in
            #expect(try Netns.port0(ns, ["apply"]).status == 0)
            let before = try Netns.ruleset(ns)
            var options = RulesetOptions()
            options.log = true
            options.exempt = .parsing(["192.0.2.0/24"])
            let table = try Self.withRejectInPostrouting(options)
            let kernel = NetlinkKernel(namespace: .path(Netns.path(ns)))
            do {
                _ = try kernel.replace(table, ifGeneration: nil)
                Issue.record("the kernel accepted reject in postrouting")
            } catch let error as Port0Error {
                #expect(error.description == "rule 1 in chain port0_fault: Operation not supported (EOPNOTSUPP)")
            }
            #expect(try Netns.ruleset(ns) == before)
        }
    }

    @Test("check commits nothing, and reports what the kernel refuses")
    func checkCommitsNothing() throws {
        try Support.withNetns { (ns: String) throws in
            let empty = try Netns.port0(ns, ["check", "--log"])
            #expect(empty.status == 0, "\(empty.stderr)")
            #expect(empty.stdout.hasPrefix("check passed: table inet port0: 6 chains"))
            #expect(try Netns.ruleset(ns).isEmpty)

            #expect(try Netns.port0(ns, ["apply"]).status == 0)
            let before = try Netns.ruleset(ns)
            #expect(try Netns.port0(ns, ["apply", "--check", "--action", "reject"]).status == 0)
            let faulty = try Self.withRejectInPostrouting(RulesetOptions().with { $0.log = true })
            do {
                try RulesetCheck.run(faulty, in: .path(Netns.path(ns)), allowMissingDevices: false)
                Issue.record("check accepted reject in postrouting")
            } catch let error as Port0Error {
                #expect(error.description.contains("rule 1 in chain port0_fault: Operation not supported (EOPNOTSUPP)"))
            }
            #expect(try Netns.ruleset(ns) == before)
        }
    }

    @Test("check refuses a --device that does not exist unless --allow-missing-device")
    func checkDevices() throws {
        try Support.withNetns { (ns: String) throws in
            try Netns.addVeth(ns)
            #expect(try Netns.port0(ns, ["check", "--profile", "edge", "--device", "veth0"]).status == 0)
            let missing = try Netns.port0(ns, ["check", "--profile", "edge", "--device", "veth0", "--device", "nope0"])
            #expect(missing.status == 1)
            #expect(missing.stderr.contains("invalid --device 'nope0'"))
            let allowed = try Netns.port0(
                ns, ["check", "--profile", "edge", "--device", "nope0", "--allow-missing-device"])
            #expect(allowed.status == 0, "\(allowed.stderr)")
            #expect(try Netns.ruleset(ns).isEmpty)
        }
    }

    @Test("--netns NAME acts in that namespace only")
    func netnsOption() throws {
        try Support.withNetns { (target: String) throws in
            try Support.withNetns { (caller: String) throws in
                let applied = try Netns.port0(caller, ["apply", "--netns", target])
                #expect(applied.status == 0, "\(applied.stderr)")
                #expect(try Netns.ruleset(caller).isEmpty)
                #expect(try Netns.nft(target, ["list", "tables"]) == "table inet port0\n")
                #expect(try Netns.port0(caller, ["remove", "--netns", Netns.path(target)]).status == 0)
                #expect(try Netns.ruleset(target).isEmpty)
            }
        }
    }

    @Test("remove deletes only port0's table and succeeds when it is absent")
    func remove() throws {
        try Support.withNetns { (ns: String) throws in
            try Netns.nft(ns, ["-f", "-"], stdin: Self.otherTables)
            try Netns.addVeth(ns)
            let edgeOptions = ["--profile", "edge", "--device", "veth0", "--egress", "--log"]
            #expect(try Netns.port0(ns, ["apply"] + edgeOptions).status == 0)
            #expect(try Netns.port0(ns, ["apply"]).status == 0)
            // remove takes apply's own option list; profile and table pick the table.
            let removed = try Netns.port0(ns, ["remove"] + edgeOptions)
            #expect(removed.stdout == "removed table netdev port0\n")
            #expect(
                try Netns.nft(ns, ["list", "tables"]) == "table ip other\ntable inet filter\ntable inet port0\n")
            #expect(try Netns.port0(ns, ["remove"]).status == 0)
            let again = try Netns.port0(ns, ["remove"])
            #expect(again.status == 0)
            #expect(again.stderr == "port0: table inet port0 is not installed; nothing to remove\n")
            #expect(try Netns.nft(ns, ["list", "tables"]) == "table ip other\ntable inet filter\n")
        }
    }

    @Test("without CAP_NET_ADMIN every kernel command says so")
    func unprivileged() throws {
        try Support.withNetns { (ns: String) throws in
            for command in [["apply"], ["check"], ["remove"], ["guard"]] {
                let result = try Support.inNetns(
                    ns, ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", Support.port0] + command)
                #expect(result.status == 1)
                #expect(result.stderr == "port0: error: needs CAP_NET_ADMIN (run as root)\n", "\(command)")
            }
            #expect(try Netns.ruleset(ns).isEmpty)
        }
    }

    @Test("--netns naming a namespace port0 may not see says why, not that it does not exist")
    func unreadableNamespace() throws {
        // Another user's process: its ns files exist, access() answers EACCES.
        let result = try Support.run(
            [
                "setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", Support.port0, "status", "--netns",
                "/proc/1/ns/net",
            ])
        #expect(result.status == 1)
        #expect(result.stderr == "port0: error: network namespace '/proc/1/ns/net': Permission denied (EACCES)\n")
    }

    @Test("100,000 exempt prefixes apply in one batch")
    func hundredThousandPrefixes() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("port0-100k-\(getpid()).txt")
        // 10.0.0.0/31, 10.0.0.4/31, …: never adjacent, so none merge.
        var text = ""
        text.reserveCapacity(2_000_000)
        for index in 0..<100_000 {
            let address = (10 << 24) + UInt32(index) * 4
            text += "\(address >> 24).\((address >> 16) & 255).\((address >> 8) & 255).\(address & 255)/31\n"
        }
        try text.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        try Support.withNetns { (ns: String) throws in
            let applied = try Netns.port0(ns, ["apply", "--exempt-file", file.path])
            #expect(applied.status == 0, "\(applied.stderr)")
            #expect(applied.stdout == "applied table inet port0: 6 chains, 26 rules, 100000 set elements\n")
            let listed = try Netns.nft(ns, ["list", "set", "inet", "port0", "exempt_v4"])
            #expect(listed.contains("10.0.0.0/31, 10.0.0.4/31"))
            #expect(listed.contains("10.6.26.124/31 }"))
            // And the dumps read all 200,001 interval elements back, in order.
            let table = try Table.built { $0.exemptFiles = [file.path] }
            let live = try NetlinkKernel(namespace: .path(Netns.path(ns))).read(family: .inet, name: "port0")
            let elements = live?.sets.first?.elements ?? []
            #expect(elements.count == 200_001)
            #expect(elements == IntervalElements.elements(table.sets[0]))
        }
    }

    /// The table `options` build plus a chain on a hook where the kernel refuses `reject`: a
    /// batch that fails after every object of the real table was accepted.
    static func withRejectInPostrouting(_ options: RulesetOptions) throws -> Table {
        var table = try RulesetBuilder.build(options)
        let chain = Chain(
            name: "port0_fault", base: BaseChainHook(hook: .postrouting, priority: ChainPriority(0), devices: []),
            rules: [Rule([], [], .reject(.portUnreachable))])
        table.chains.append(chain)
        return table
    }
}

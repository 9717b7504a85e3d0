import Foundation
import Testing

/// `port0 guard` against the real kernel, each test in its own network namespace: whatever
/// removes or changes port0's table, the guard puts it back and `status` is 0 again.
@Suite("port0 guard", .needsRoot)
struct GuardTests {
    static func nft(_ netns: String, _ arguments: String...) throws -> Support.Result {
        try Support.inNetns(netns, ["nft"] + arguments)
    }

    static func statusOK(_ netns: String, _ options: [String] = []) -> Bool {
        (try? Support.port0(["status", "--netns", netns] + options).status) == 0
    }

    /// Waits until the guard logged `count` repairs and the table matches again.
    static func expectRepaired(
        _ guardProcess: GuardProcess, _ netns: String, count: Int, after what: String, options: [String] = [],
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let repaired = GuardProcess.waitFor {
            guardProcess.repairs.count >= count && statusOK(netns, options)
        }
        guard !repaired else { return }
        // What the failure needs to be told apart: a guard that died, one that never saw the
        // change, or one whose repair left something different.
        let status = try? Support.port0(["status", "--netns", netns] + options)
        Issue.record(
            """
            not repaired after \(what); guard running: \(guardProcess.process.isRunning); \
            status exit \(status?.status ?? -1): \(status?.stdout ?? "")\(status?.stderr ?? "")
            guard log: \(guardProcess.log)
            """, sourceLocation: sourceLocation)
    }

    /// The handle of the first rule with `text` in it, from `nft -a list chain`.
    static func handle(_ netns: String, chain: String, containing text: String) throws -> String {
        let listing = try nft(netns, "-a", "list", "chain", "inet", "port0", chain).stdout
        let line = try #require(listing.split(separator: "\n").first { $0.contains(text) && $0.contains("# handle") })
        return String(try #require(line.split(separator: " ").last))
    }

    @Test("flush ruleset, delete table, delete one rule, a foreign rule, another port0's options: each is repaired")
    func repairsEachKindOfDamage() throws {
        try Support.withNetns { netns in
            let guardProcess = try GuardProcess.started(["--netns", netns])
            #expect(Self.statusOK(netns))

            _ = try Self.nft(netns, "flush", "ruleset")
            Self.expectRepaired(guardProcess, netns, count: 1, after: "nft flush ruleset")
            #expect(guardProcess.repairs.last?.contains("table was missing") == true)
            #expect(guardProcess.repairs.last?.contains("changed by nft pid") == true, "\(guardProcess.log)")

            _ = try Self.nft(netns, "delete", "table", "inet", "port0")
            Self.expectRepaired(guardProcess, netns, count: 2, after: "nft delete table")

            let rule = try Self.handle(netns, chain: "inbound_dport", containing: "drop")
            #expect(try Self.nft(netns, "delete", "rule", "inet", "port0", "inbound_dport", "handle", rule).status == 0)
            Self.expectRepaired(guardProcess, netns, count: 3, after: "nft delete rule")
            #expect(guardProcess.repairs.last?.contains("inbound_dport") == true, "\(guardProcess.log)")

            // A rule that would let everything through before port0's own.
            #expect(try Self.nft(netns, "insert", "rule", "inet", "port0", "prerouting", "accept").status == 0)
            Self.expectRepaired(guardProcess, netns, count: 4, after: "a foreign rule in port0's chain")
            #expect(guardProcess.repairs.last?.contains("accept") == true, "\(guardProcess.log)")

            let other = try Support.port0(["apply", "--netns", netns, "--exempt", "192.0.2.0/24"])
            #expect(other.status == 0, "\(other.stderr)")
            Self.expectRepaired(guardProcess, netns, count: 5, after: "port0 apply with other options")

            // Each repair was one commit that the guard did not take for damage.
            usleep(300_000)
            #expect(guardProcess.repairs.count == 5, "\(guardProcess.log)")
            #expect(!guardProcess.log.contains("error"), "\(guardProcess.log)")
            #expect(guardProcess.stop() == 0)
        }
    }

    @Test("its own commits and port0 apply with the same options cause no repair")
    func noRepairLoop() throws {
        try Support.withNetns { netns in
            let guardProcess = try GuardProcess.started(["--netns", netns, "--exempt", "198.51.100.0/24"])
            let apply = try Support.port0(["apply", "--netns", netns, "--exempt", "198.51.100.0/24"])
            #expect(apply.stdout.hasPrefix("unchanged"))
            // An unrelated table comes and goes: not port0's business.
            _ = try Self.nft(netns, "add", "table", "ip", "other")
            _ = try Self.nft(netns, "delete", "table", "ip", "other")
            usleep(400_000)
            #expect(guardProcess.repairs.isEmpty, "\(guardProcess.log)")
            #expect(guardProcess.stop() == 0)
        }
    }

    @Test("SIGTERM and SIGINT end the guard with exit 0 and leave the table in place")
    func stopLeavesTheTable() throws {
        for signal in [SIGTERM, SIGINT] {
            try Support.withNetns { netns in
                let guardProcess = try GuardProcess.started(["--netns", netns])
                #expect(guardProcess.stop(signal) == 0, "\(guardProcess.log)")
                #expect(Self.statusOK(netns))
                #expect(guardProcess.log.contains("left in place"))
            }
        }
    }

    @Test("a second guard for the same table refuses to start; the first keeps guarding")
    func secondGuardDoesNotFight() throws {
        try Support.withNetns { netns in
            let first = try GuardProcess.started(["--netns", netns])
            let second = try Support.port0(["guard", "--netns", netns, "--exempt", "192.0.2.0/24"])
            #expect(second.status == 1)
            #expect(
                second.stderr.hasPrefix(
                    "port0: error: another port0 guard (pid \(first.process.processIdentifier)) already guards table inet port0 in this network namespace"
                ), "\(second.stderr)")
            #expect(second.stderr.split(separator: "\n").count == 1)
            // It touched nothing: no exempt set was applied.
            #expect(Self.statusOK(netns))
            _ = try Self.nft(netns, "flush", "ruleset")
            Self.expectRepaired(first, netns, count: 1, after: "flush after the second guard gave up")
            // Another table name in the same namespace is another guard's business.
            let other = try GuardProcess.started(["--netns", netns, "--table", "port0b"])
            #expect(other.stop() == 0)
            #expect(first.stop() == 0)
        }
    }

    @Test("an edge device deleted and re-created: port0's chain is bound again")
    func deviceFlap() throws {
        try Support.withNetns { netns in
            let edge = ["--profile", "edge", "--device", "p0g0"]
            let addLink = ["ip", "link", "add", "p0g0", "type", "veth", "peer", "name", "p0g1"]
            #expect(try Support.inNetns(netns, addLink).status == 0)
            let guardProcess = try GuardProcess.started(["--netns", netns] + edge)
            for _ in 0..<3 {
                #expect(try Support.inNetns(netns, ["ip", "link", "del", "p0g0"]).status == 0)
                #expect(try Support.inNetns(netns, addLink).status == 0)
                let bound = GuardProcess.waitFor { Self.statusOK(netns, edge) }
                #expect(bound, "\(guardProcess.log)")
            }
            #expect(guardProcess.stop() == 0)
        }
    }

    @Test("an event storm of thousands of unrelated changes does not make it miss a repair")
    func eventStorm() throws {
        try Support.withNetns { netns in
            let guardProcess = try GuardProcess.started(["--netns", netns])
            // One transaction of 40,000 notifications with port0's table deleted last, then
            // hundreds of small transactions with the table deleted in the middle.
            var script = "add table ip storm\n"
            for index in 0..<40_000 { script += "add chain ip storm c\(index)\n" }
            script += "delete table inet port0\n"
            let storm = try Support.inNetns(netns, ["nft", "-f", "-"], stdin: script)
            #expect(storm.status == 0, "\(storm.stderr)")
            Self.expectRepaired(guardProcess, netns, count: 1, after: "the big transaction")
            let small = try Support.inNetns(
                netns,
                [
                    "sh", "-c",
                    "for i in $(seq 200); do nft add table ip s$i; [ $i = 100 ] && nft delete table inet port0; done; true",
                ])
            #expect(small.status == 0, "\(small.stderr)")
            Self.expectRepaired(guardProcess, netns, count: 2, after: "many small transactions")
            // The guard touched only its own table.
            #expect(try Self.nft(netns, "list", "table", "ip", "s200").status == 0)
            #expect(guardProcess.stop() == 0)
        }
    }

    @Test("a program that keeps deleting the table gets delayed repairs and a warning, not a busy loop")
    func fightingBacksOff() throws {
        try Support.withNetns { netns in
            let guardProcess = try GuardProcess.started(["--netns", netns])
            let fight = try Support.inNetns(
                netns,
                ["sh", "-c", "for i in $(seq 60); do nft delete table inet port0 2>/dev/null; sleep 0.03; done; true"])
            #expect(fight.status == 0)
            #expect(guardProcess.log.contains("another program is fighting port0 guard"), "\(guardProcess.log)")
            #expect(guardProcess.repairs.count < 30, "\(guardProcess.repairs.count) repairs for 60 deletions")
            // Once the other program stops, the table is back within the back-off.
            let back = GuardProcess.waitFor(35) { Self.statusOK(netns) }
            #expect(back, "\(guardProcess.log)")
            #expect(guardProcess.stop() == 0)
        }
    }

    @Test("SIGHUP re-reads --options-file and applies it; a broken file keeps the table")
    func reloadsOptionsFile() throws {
        try Ops.withTempDir { dir in
            try Support.withNetns { netns in
                let file = dir + "/port0"
                try Ops.write("PORT0_TABLE_OPTS=\"--table port0\"\nPORT0_OPTS=\"\"\n", to: file)
                let guardProcess = try GuardProcess.started(["--netns", netns, "--options-file", file])
                try Ops.write(
                    "# reloaded\nPORT0_TABLE_OPTS=\"--table port0\"\nPORT0_OPTS=\"--exempt 192.0.2.0/24 --log\"\n",
                    to: file)
                guardProcess.signal(SIGHUP)
                let reloaded = GuardProcess.waitFor {
                    Self.statusOK(netns, ["--exempt", "192.0.2.0/24", "--log"])
                }
                #expect(reloaded, "\(guardProcess.log)")
                try Ops.write("PORT0_OPTS=\"--action bounce\"\n", to: file)
                guardProcess.signal(SIGHUP)
                let refused = GuardProcess.waitFor { guardProcess.log.contains("invalid --action 'bounce'") }
                #expect(refused, "\(guardProcess.log)")
                #expect(guardProcess.process.isRunning)
                // Still guarding the last good table.
                _ = try Self.nft(netns, "flush", "ruleset")
                Self.expectRepaired(
                    guardProcess, netns, count: 1, after: "flush", options: ["--exempt", "192.0.2.0/24", "--log"])
                #expect(guardProcess.stop() == 0)
            }
        }
    }

    @Test("bad options: one line naming the value, exit 1, nothing applied")
    func badInput() throws {
        try Support.withNetns { netns in
            let cases: [([String], String)] = [
                (["--metrics-interval", "0"], "invalid --metrics-interval '0': expected a number of seconds"),
                (
                    ["--options-file", "/nonexistent/port0"],
                    "cannot read --options-file '/nonexistent/port0': No such file"
                ),
                (
                    ["--options-file", "/dev/null", "--exempt", "192.0.2.0/24"],
                    "--options-file gives the ruleset options"
                ),
                (["--profile", "edge", "--device", "nosuchdev0"], "invalid --device 'nosuchdev0'"),
            ]
            for (arguments, message) in cases {
                let result = try Support.port0(["guard", "--netns", netns] + arguments)
                #expect(result.status == 1, "\(arguments)")
                #expect(
                    result.stderr.hasPrefix("port0: error: ") && result.stderr.contains(message), "\(result.stderr)")
                #expect(result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
            }
            #expect(try Self.nft(netns, "list", "ruleset").stdout.isEmpty)
        }
    }
}

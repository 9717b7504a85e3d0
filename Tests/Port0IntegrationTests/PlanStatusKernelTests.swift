import Foundation
import Testing

/// plan, status and convergent apply against the real kernel, each in its own namespace.
@Suite(.serialized, .needsRoot) struct PlanStatusKernelTests {
    /// What `port0 render` lists for these options: the script minus its create/delete header.
    static func listing(_ options: [String] = []) throws -> [String] {
        let script = try Support.port0(["render"] + options).stdout
        let body = try #require(script.range(of: "delete table inet port0\n")).upperBound
        return script[body...].split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
    }

    static func apply(_ netns: String, _ options: [String] = [], json: Bool = false) throws -> Support.Result {
        try Support.inNetns(netns, [Support.port0, "apply"] + options + (json ? ["--json"] : []))
    }

    static func plan(_ netns: String, _ options: [String] = []) throws -> Support.Result {
        try Support.port0(["plan", "--netns", netns, "--detailed-exitcode"] + options)
    }

    /// Counter values as `nft -j list counters` reports them.
    static func nftCounters(_ netns: String) throws -> [String: [Int]] {
        let result = try Support.inNetns(netns, ["nft", "-j", "list", "counters", "table", "inet", "port0"])
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        return counters((json?["nftables"] as? [[String: Any]] ?? []).compactMap { $0["counter"] as? [String: Any] })
    }

    /// Counter values as `port0 status --format json` reports them.
    static func statusCounters(_ netns: String, _ options: [String] = []) throws -> [String: [Int]] {
        let result = try Support.port0(["status", "--netns", netns, "--format", "json"] + options)
        let json = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        return counters(json?["counters"] as? [[String: Any]] ?? [])
    }

    /// Name → [packets, bytes] of counter objects, in nft's JSON and port0's alike.
    static func counters(_ objects: [[String: Any]]) -> [String: [Int]] {
        Dictionary(
            objects.map { ($0["name"] as? String ?? "", [$0["packets"] as? Int ?? -1, $0["bytes"] as? Int ?? -1]) },
            uniquingKeysWith: { $1 })
    }

    /// Sends `count` UDP datagrams to port 0 over IPv4 and over IPv6 loopback: a connected
    /// socket can send to port 0 (sendto cannot). port0's output chain drops them (EPERM).
    static func sendToPortZero(_ netns: String, count: Int) throws {
        let script = """
            import errno, socket
            for family, address in ((socket.AF_INET, "127.0.0.1"), (socket.AF_INET6, "::1")):
                for _ in range(\(count)):
                    s = socket.socket(family, socket.SOCK_DGRAM)
                    s.connect((address, 0))
                    try:
                        s.send(b"port0 test")
                    except OSError as e:
                        assert e.errno == errno.EPERM, e
                    s.close()
            """
        let result = try Support.inNetns(netns, ["python3", "-c", script])
        #expect(result.status == 0, "\(result.stderr)")
    }

    @Test
    func planInAnEmptyNamespaceAddsTheTableAndAfterApplyHasNoChanges() throws {
        try Support.withNetns { netns in
            let empty = try Self.plan(netns)
            #expect(empty.status == 2, "\(empty.stderr)")
            let lines = empty.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(
                String.init)
            let listing = try Self.listing()
            #expect(
                lines.prefix(3) == [
                    "--- live: table inet port0", "+++ configured: table inet port0",
                    "@@ -0,0 +1,\(listing.count) @@",
                ])
            #expect(Array(lines.dropFirst(3)) == listing.map { "+\($0)" })
            #expect(try Support.port0(["status", "--netns", netns]).status == 3)

            let applied = try Self.apply(netns)
            #expect(applied.status == 0, "\(applied.stderr)")
            let after = try Self.plan(netns)
            #expect(after.status == 0, "\(after.stdout)\(after.stderr)")
            #expect(after.stdout == "no changes\n")
            let status = try Support.port0(["status", "--netns", netns])
            #expect(status.status == 0, "\(status.stdout)")
        }
    }

    @Test
    func aRuleAddedWithNftShowsInPlanAndStatusUntilApplyRepairsIt() throws {
        try Support.withNetns { netns in
            #expect(try Self.apply(netns).status == 0)
            let added = try Support.inNetns(
                netns, ["nft", "add", "rule", "inet", "port0", "prerouting", "tcp", "dport", "22", "accept"])
            #expect(added.status == 0, "\(added.stderr)")

            let plan = try Self.plan(netns)
            #expect(plan.status == 2)
            let removed = plan.stdout.split(separator: "\n").filter { $0.hasPrefix("-") && !$0.hasPrefix("---") }
            #expect(removed.count == 1 && removed[0].hasPrefix("-\t\t# not port0's rule: "), "\(plan.stdout)")
            let status = try Support.port0(["status", "--netns", netns])
            #expect(status.status == 4)
            #expect(
                status.stdout.contains("chain prerouting: unexpected rule: # not port0's rule: "), "\(status.stdout)")

            #expect(try Self.apply(netns).status == 0)
            #expect(try Self.plan(netns).stdout == "no changes\n")
            #expect(try Support.port0(["status", "--netns", netns]).status == 0)
        }
    }

    @Test
    func statusCountersMatchNftAndSurviveApply() throws {
        try Support.withNetns { netns in
            #expect(try Support.inNetns(netns, ["ip", "link", "set", "lo", "up"]).status == 0)
            #expect(try Self.apply(netns).status == 0)
            try Self.sendToPortZero(netns, count: 3)
            let counted = try Self.nftCounters(netns)
            #expect(counted["outbound_dport"]?.first == 6)
            #expect(try Self.statusCounters(netns) == counted)

            // A changed table carries the totals over; an unchanged apply commits nothing.
            let changed = try Self.apply(netns, ["--log"], json: true)
            #expect(
                changed.status == 0 && changed.stdout.contains(#""changed": true"#),
                "\(changed.stdout)\(changed.stderr)")
            #expect(try Self.nftCounters(netns) == counted)
            let unchanged = try Self.apply(netns, ["--log"], json: true)
            #expect(unchanged.status == 0 && unchanged.stdout.contains(#""changed": false"#), "\(unchanged.stdout)")
            try Self.sendToPortZero(netns, count: 1)
            let later = try Self.nftCounters(netns)
            #expect(later["outbound_dport"]?.first == 8)
            #expect(try Self.statusCounters(netns, ["--log"]) == later)

            let file = FileManager.default.temporaryDirectory.appendingPathComponent("port0-\(netns).prom").path
            defer { try? FileManager.default.removeItem(atPath: file) }
            let written = try Support.port0(["status", "--netns", netns, "--log", "--format", "prometheus", "-o", file])
            #expect(written.status == 0 && written.stdout.isEmpty)
            let metrics = try String(contentsOfFile: file, encoding: .utf8)
            #expect(metrics.contains("\nport0_dropped_packets_total{direction=\"outbound\",field=\"dport\"} 8\n"))
            #expect(
                metrics.contains(
                    "\nport0_dropped_bytes_total{direction=\"outbound\",field=\"dport\"} \(later["outbound_dport"]?.last ?? -1)\n"
                ))
            #expect(metrics.contains("\nport0_ruleset_installed 1\n") && metrics.contains("\nport0_ruleset_drift 0\n"))
        }
    }
}

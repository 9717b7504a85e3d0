import Port0CLI
import Port0Core
import Port0Packets
import Port0Selftest
import Port0TestSupport
import Testing

/// Packet-level proof in client — router — server namespaces: crafted packets in, delivery
/// judged at the receiver's stack (raw sockets), never by port0's counters.
@Suite("Packet matrix on the wire", .needsRoot)
struct WireMatrixTests {
    static func failures(_ report: Selftest.Report) -> [String] {
        report.results.filter { !$0.passed }.map { "\($0.scenario): \($0.name) observed \($0.observed) \($0.note)" }
    }

    @Test(
        "default profile: port 0 dies inbound, outbound and forwarded; fragments, look-alikes and benign traffic live")
    func defaultProfile() throws {
        let table = try Selftest.table(for: RulesetOptions())
        let report = try withTopology { topology in
            try Selftest.run(table, in: topology, kernel: makeSelftestKernel(netns:))
        }
        #expect(Self.failures(report) == [])
        #expect(Set(report.results.map(\.scenario)) == ["inbound", "outbound", "forwarded"])
        for scenario in ["inbound", "outbound", "forwarded"] {
            let rows = report.results.filter { $0.scenario == scenario }
            // Every plain case whose delivery a socket sees; forwarded, also those only a tap
            // behind the router sees; then 2 versions × 2 benign socket exchanges.
            let frames = scenario == "forwarded" ? PacketCases.plain.filter { !$0.reachesSockets } : []
            #expect(
                Array(rows.map(\.name).dropLast(4))
                    == (PacketCases.plain.filter(\.reachesSockets) + frames).map(\.name))
            #expect(rows.suffix(4).allSatisfy { $0.name.hasSuffix("(sockets)") })
            // {TCP, UDP} × {dport, sport, both} × 2 versions, 2 behind options, 2 fragment pairs
            // (+ 2 first fragments forwarded)
            #expect(rows.filter { $0.expected == .dropped }.count == (scenario == "forwarded" ? 18 : 16))
            #expect(rows.filter { $0.name.contains("fragments") }.count == 4)
            #expect(rows.filter { $0.name.contains("checksum 0x0000") || $0.name.contains("ESP") }.count == 5)
        }
        // The host profile runs every plain case of the list.
        #expect(Set(report.results.map(\.name)).isSuperset(of: PacketCases.plain.map(\.name)))
    }

    @Test("edge profile on the router's client link: ingress and egress")
    func edgeProfile() throws {
        let table = try Selftest.table(
            for: RulesetOptions().with {
                $0.profile = .edge
                $0.egress = true
            })
        #expect(table.family == .netdev)
        #expect(table.baseChains.allSatisfy { $0.base?.devices == [Topology.routerClientLink] })
        let report = try withTopology { topology in
            try Selftest.run(table, in: topology, kernel: makeSelftestKernel(netns:))
        }
        #expect(Self.failures(report) == [])
        #expect(Set(report.results.map(\.scenario)) == ["edge ingress", "edge egress"])
        // Every case of the list, plain and encapsulated, as frames through the edge device.
        for scenario in ["edge ingress", "edge egress"] {
            let rows = report.results.filter { $0.scenario == scenario }
            #expect(Array(rows.map(\.name).dropLast(4)) == PacketCases.all.map(\.name))
            #expect(rows.filter { $0.expected == .dropped }.count == PacketCases.all.filter { $0.drops != nil }.count)
        }
    }

    @Test("log, reject and an unrelated exemption change nothing on the wire")
    func rejectLogExempt() throws {
        let table = try Selftest.table(
            for: RulesetOptions().with {
                $0.action = .reject
                $0.log = true
                $0.exempt = .parsing(["203.0.113.0/24", "2001:db8::/32"])
            })
        let report = try withTopology { topology in
            try Selftest.run(table, in: topology, kernel: makeSelftestKernel(netns:))
        }
        #expect(Self.failures(report) == [])
        #expect(report.results.count == 3 * (PacketMatrix.cases.count + 4) + FrameMatrix.cases(.forwarded).count)
    }

    // MARK: The harness can fail

    @Test("without a ruleset every port-0 case is reported as FAIL")
    func noRulesetFails() throws {
        let results = try withTopology { topology in
            try PacketMatrix.run(.inbound, in: topology)
        }
        let failed = results.filter { !$0.passed }
        #expect(!failed.isEmpty)
        #expect(failed.allSatisfy { $0.expected == .dropped && $0.observed == .delivered })
        #expect(failed.count == results.filter { $0.expected == .dropped }.count)
    }

    @Test(
        "without a ruleset every port-0 frame is reported as FAIL: at the edge in every wrapping, and forwarded",
        arguments: [Scenario.edgeIngress, .edgeEgress, .forwarded])
    func noRulesetFailsForFrames(_ scenario: Scenario) throws {
        let results = try withTopology { topology in
            try FrameMatrix.run(scenario, in: topology)
        }
        #expect(results.map(\.name) == FrameMatrix.cases(scenario).map(\.name))
        let failed = results.filter { !$0.passed }
        #expect(failed.allSatisfy { $0.expected == .dropped && $0.observed == .delivered })
        #expect(failed.map(\.name) == FrameMatrix.cases(scenario).filter { $0.drops != nil }.map(\.name))
        #expect(!failed.isEmpty)
    }

    @Test("a naive rule on the router drops the lone later fragments and misses sport 0")
    func naiveRuleFailsForwardedFragments() throws {
        let results = try withTopology { topology in
            let script =
                "table inet naive {\n\tchain prerouting {\n\t\ttype filter hook prerouting priority raw; policy accept;\n\t\tth dport 0 drop\n\t}\n}\n"
            let loaded = try Support.inNetns(topology.router, ["nft", "-f", "-"], stdin: script)
            try #require(loaded.status == 0, "\(loaded.stderr)")
            return try FrameMatrix.run(.forwarded, in: topology)
        }
        #expect(
            Set(results.filter { !$0.passed }.map(\.name)) == [
                "IPv4 later fragment of UDP, zero data", "IPv4 last fragment of TCP, zero data",
                "IPv4 later fragment behind options", "IPv6 later fragment of UDP, zero data",
                "IPv6 later fragment behind hop-by-hop", "IPv6 first fragment, TCP sport 0",
            ])
    }

    /// Rules that look right in a listing but are wrong on the wire.
    struct NaiveRuleset: Sendable, CustomTestStringConvertible {
        var rule: String
        /// Cases the matrix must report as FAIL with this rule.
        var failing: Set<String>
        var testDescription: String { rule }
    }

    static let naiveRulesets = [
        // Fragment trap: matches the second fragment, whose first bytes are zero.
        NaiveRuleset(
            rule: "meta l4proto udp th dport 0 drop",
            failing: [
                "IPv4 UDP fragments, 2nd has zeros at port offsets",
                "IPv6 UDP fragments, 2nd has zeros at port offsets",
                "IPv4 TCP dport 0", "IPv4 TCP sport 0", "IPv4 TCP both 0", "IPv4 UDP sport 0",
                "IPv6 TCP dport 0", "IPv6 TCP sport 0", "IPv6 TCP both 0", "IPv6 UDP sport 0",
            ]),
        // No protocol check: bytes 2–3 of ICMP (checksum), ESP (SPI) and SCTP (port) are zero too.
        NaiveRuleset(
            rule: "th dport 0 drop",
            failing: [
                "IPv4 ICMP echo, checksum 0x0000", "IPv6 ICMPv6 echo, checksum 0x0000", "IPv4 ESP with SPI low half 0",
                "IPv6 ESP with SPI 0", "IPv6 ESP behind destination options", "IPv4 SCTP with port 0",
                "IPv4 UDP fragments, 2nd has zeros at port offsets",
                "IPv6 UDP fragments, 2nd has zeros at port offsets",
                "IPv4 UDP sport 0", "IPv6 UDP sport 0", "IPv4 TCP sport 0", "IPv6 TCP sport 0",
            ]),
    ]

    @Test("a naive ruleset fails exactly the cases it gets wrong", arguments: naiveRulesets)
    func naiveRulesetFails(_ naive: NaiveRuleset) throws {
        let results = try withTopology { topology in
            let script =
                "table inet naive {\n\tchain prerouting {\n\t\ttype filter hook prerouting priority raw; policy accept;\n\t\t\(naive.rule)\n\t}\n}\n"
            let loaded = try Support.inNetns(topology.server, ["nft", "-f", "-"], stdin: script)
            try #require(loaded.status == 0, "\(loaded.stderr)")
            return try PacketMatrix.run(.inbound, in: topology)
        }
        let failing = Set(results.filter { !$0.passed }.map { $0.name })
        #expect(failing == naive.failing)
    }
}

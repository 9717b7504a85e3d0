import Testing

@testable import Port0Core

/// What port0 costs a packet that is not port 0, counted in kernel expressions (not timed),
/// and what its bytecode decides for the wire-level cases that trap naive rules.
@Suite struct ExpressionBudgetTests {
    /// README.dataplane.md, "Expression budget": a benign TCP or UDP packet evaluates at
    /// most this many expressions per base chain (two 2-byte port loads, two compares).
    static let benignBudget = 4

    static func table(_ configure: (inout RulesetOptions) -> Void = { _ in }) throws -> Table {
        var options = RulesetOptions()
        configure(&options)
        return try RulesetBuilder.build(options)
    }

    static let host = try! table()
    static let edge = try! table {
        $0.profile = "edge"
        $0.devices = ["eth0"]
        $0.egress = true
    }
    static let exempting = try! table {
        $0.action = "reject"
        $0.log = true
        $0.exempt = ["192.0.2.0/24", "2001:db8::/32"]
    }

    static let benign: [(String, WirePacket)] = [
        ("IPv4 TCP", .ipv4(WirePacket.tcp, WirePacket.ports(WirePacket.tcp, sport: 51000, dport: 443))),
        ("IPv4 UDP", .ipv4(WirePacket.udp, WirePacket.ports(WirePacket.udp, sport: 40000, dport: 53))),
        ("IPv6 TCP", .ipv6(WirePacket.tcp, WirePacket.ports(WirePacket.tcp, sport: 51000, dport: 443))),
        ("IPv6 UDP", .ipv6(WirePacket.udp, WirePacket.ports(WirePacket.udp, sport: 40000, dport: 53))),
        (
            "IPv4 UDP with options",
            .ipv4(WirePacket.udp, WirePacket.ports(WirePacket.udp, sport: 40000, dport: 53), options: [1, 1, 1, 0])
        ),
        (
            "IPv6 TCP after hop-by-hop and destination options",
            .ipv6(
                WirePacket.tcp, WirePacket.ports(WirePacket.tcp, sport: 51000, dport: 443),
                extensions: [WirePacket.ipv6Options(0, next: 60), WirePacket.ipv6Options(60, next: WirePacket.tcp)])
        ),
        // Port 0 in the payload only: the rules must read the header, not the data.
        (
            "IPv4 UDP with zero bytes after the header",
            .ipv4(WirePacket.udp, WirePacket.ports(WirePacket.udp, sport: 40000, dport: 53) + [0, 0, 0, 0])
        ),
    ]

    static var hookedTables: [(String, Table, Hook)] {
        [("host", host, .prerouting), ("host", host, .output), ("edge", edge, .ingress), ("edge", edge, .egress)]
    }

    @Test func everyBaseChainOfTheProfilesIsChecked() {
        #expect(Set(Self.host.baseChains.compactMap(\.base?.hook)) == [.prerouting, .output])
        #expect(Set(Self.edge.baseChains.compactMap(\.base?.hook)) == [.ingress, .egress])
    }

    @Test(arguments: benign.indices)
    func benignPacketsStayWithinTheBudgetInEveryBaseChain(index: Int) {
        let (name, packet) = Self.benign[index]
        for (profile, table, hook) in Self.hookedTables {
            let run = BytecodeEvaluator(table).run(hook, packet)
            #expect(run.outcome == .accept, "\(name) in \(profile) \(hook)")
            #expect(run.jumps.isEmpty, "\(name) in \(profile) \(hook) left the base chain: \(run.jumps)")
            #expect(
                run.expressions <= Self.benignBudget,
                "\(name) in \(profile) \(hook): \(run.expressions) expressions, budget \(Self.benignBudget)")
        }
    }

    @Test func theBudgetIsTheTwoPortCompares() {
        // Not less is possible: each port field needs its load and its compare.
        let run = BytecodeEvaluator(Self.host).run(.prerouting, Self.benign[0].1)
        #expect(run.expressions == Self.benignBudget)
    }

    // MARK: - Verdicts

    static let portZero: [(String, WirePacket, String)] = [
        ("IPv4 TCP dport 0", .ipv4(WirePacket.tcp, WirePacket.ports(WirePacket.tcp, sport: 51000, dport: 0)), "dport"),
        ("IPv4 UDP sport 0", .ipv4(WirePacket.udp, WirePacket.ports(WirePacket.udp, sport: 0, dport: 53)), "sport"),
        ("IPv4 UDP both 0", .ipv4(WirePacket.udp, WirePacket.ports(WirePacket.udp, sport: 0, dport: 0)), "dport"),
        ("IPv6 TCP sport 0", .ipv6(WirePacket.tcp, WirePacket.ports(WirePacket.tcp, sport: 0, dport: 443)), "sport"),
        ("IPv6 UDP dport 0", .ipv6(WirePacket.udp, WirePacket.ports(WirePacket.udp, sport: 40000, dport: 0)), "dport"),
        (
            "IPv4 UDP dport 0 behind options",
            .ipv4(WirePacket.udp, WirePacket.ports(WirePacket.udp, sport: 40000, dport: 0), options: [1, 1, 1, 0]),
            "dport"
        ),
        (
            "IPv6 UDP dport 0 behind hop-by-hop, routing and destination options",
            .ipv6(
                WirePacket.udp, WirePacket.ports(WirePacket.udp, sport: 40000, dport: 0),
                extensions: [
                    WirePacket.ipv6Options(0, next: 43), WirePacket.ipv6Options(43, next: 60),
                    WirePacket.ipv6Options(60, next: WirePacket.udp),
                ]),
            "dport"
        ),
        (
            "IPv4 first fragment, UDP dport 0",
            .ipv4(WirePacket.udp, WirePacket.ports(WirePacket.udp, sport: 40000, dport: 0), moreFragments: true),
            "dport"
        ),
        (
            "IPv6 first fragment, TCP sport 0",
            .ipv6(
                WirePacket.tcp, WirePacket.ports(WirePacket.tcp, sport: 0, dport: 443),
                extensions: [WirePacket.ipv6Fragment(next: WirePacket.tcp, offset: 0, more: true)]),
            "sport"
        ),
    ]

    @Test(arguments: portZero.indices)
    func portZeroIsDroppedInEveryBaseChain(index: Int) {
        let (name, packet, field) = Self.portZero[index]
        for (profile, table, hook) in Self.hookedTables {
            let run = BytecodeEvaluator(table).run(hook, packet)
            #expect(run.outcome == .drop, "\(name) in \(profile) \(hook)")
            #expect(run.jumps == ["\(hook.direction.rawValue)_\(field)"], "\(name) in \(profile) \(hook)")
        }
    }

    /// Packets whose bytes where ports would be are zero but that carry no port: a naive
    /// `th dport 0` (or the kernel's fast path on fragments) would drop them.
    static let lookAlikes: [(String, WirePacket)] = [
        (
            "IPv4 later fragment of UDP, zero data",
            .ipv4(WirePacket.udp, Array(repeating: 0, count: 64), fragmentOffset: 185, moreFragments: true)
        ),
        (
            "IPv4 last fragment of TCP, zero data",
            .ipv4(WirePacket.tcp, Array(repeating: 0, count: 24), fragmentOffset: 1)
        ),
        (
            "IPv4 later fragment behind options",
            .ipv4(WirePacket.udp, Array(repeating: 0, count: 16), fragmentOffset: 3, options: [1, 1, 1, 0])
        ),
        (
            "IPv6 later fragment of UDP, zero data",
            .ipv6(
                WirePacket.udp, Array(repeating: 0, count: 64),
                extensions: [WirePacket.ipv6Fragment(next: WirePacket.udp, offset: 185, more: true)])
        ),
        (
            "IPv6 later fragment behind hop-by-hop",
            .ipv6(
                WirePacket.tcp, Array(repeating: 0, count: 32),
                extensions: [
                    WirePacket.ipv6Options(0, next: 44),
                    WirePacket.ipv6Fragment(next: WirePacket.tcp, offset: 7, more: false),
                ])
        ),
    ]

    @Test(arguments: lookAlikes.indices)
    func laterFragmentsWithZeroBytesPass(index: Int) {
        let (name, packet) = Self.lookAlikes[index]
        for (profile, table, hook) in Self.hookedTables {
            let run = BytecodeEvaluator(table).run(hook, packet)
            #expect(run.outcome == .accept, "\(name) in \(profile) \(hook)")
            // They do reach a drop chain (the fast path reads zeros): the guard lets them go.
            #expect(!run.jumps.isEmpty, "\(name) in \(profile) \(hook) never met the fragment guard")
        }
    }

    @Test func theFragmentGuardIsWhatSavesLaterFragments() {
        var unguarded = Self.host
        for index in unguarded.chains.indices where unguarded.chains[index].base == nil {
            unguarded.chains[index].rules.removeAll { rule in
                rule.matches.contains(.ipv4LaterFragment) || rule.matches.contains(.ipv6LaterFragment)
            }
        }
        for (name, packet) in Self.lookAlikes {
            #expect(BytecodeEvaluator(unguarded).run(.prerouting, packet).outcome == .drop, "\(name)")
        }
    }

    static let otherProtocols: [(String, WirePacket)] = [
        // Echo request, checksum field zero: bytes 2-3 of the header are 0.
        (
            "ICMP with checksum 0",
            .ipv4(WirePacket.icmp, [8, 0, 0, 0, 0x12, 0x34, 0, 1] + Array(repeating: 0, count: 16))
        ),
        ("ICMPv6 with checksum 0", .ipv6(WirePacket.icmpv6, [128, 0, 0, 0, 0x12, 0x34, 0, 1])),
        // SPI 0x00010000: bytes 0-1 and 2-3 read as "ports" 1 and 0.
        ("ESP with SPI low half 0", .ipv4(WirePacket.esp, [0, 1, 0, 0, 0, 0, 0, 7] + Array(repeating: 0, count: 24))),
        ("IPv6 ESP with SPI 0", .ipv6(WirePacket.esp, Array(repeating: 0, count: 32))),
        (
            "IPv6 ESP behind destination options",
            .ipv6(
                WirePacket.esp, Array(repeating: 0, count: 32),
                extensions: [WirePacket.ipv6Options(60, next: WirePacket.esp)])
        ),
        ("SCTP with port 0", .ipv4(132, [0, 0, 0, 0] + Array(repeating: 0, count: 28))),
        ("UDP truncated before its ports", .ipv4(WirePacket.udp, [0])),
    ]

    @Test(arguments: otherProtocols.indices)
    func otherProtocolsAndLookAlikesPass(index: Int) {
        let (name, packet) = Self.otherProtocols[index]
        for (profile, table, hook) in Self.hookedTables {
            let run = BytecodeEvaluator(table).run(hook, packet)
            #expect(run.outcome == .accept, "\(name) in \(profile) \(hook)")
            #expect(run.jumps.isEmpty, "\(name) in \(profile) \(hook)")
        }
    }

    @Test func exemptAddressesPassAndOthersAreRejected() {
        let evaluator = BytecodeEvaluator(Self.exempting)
        let udp = WirePacket.ports(WirePacket.udp, sport: 40000, dport: 0)
        let tcp = WirePacket.ports(WirePacket.tcp, sport: 0, dport: 443)
        #expect(evaluator.run(.prerouting, .ipv4(WirePacket.udp, udp, source: [192, 0, 2, 7])).outcome == .accept)
        #expect(evaluator.run(.output, .ipv4(WirePacket.udp, udp, destination: [192, 0, 2, 255])).outcome == .accept)
        let exemptV6 = [0x20, 0x01, 0x0d, 0xb8] + Array(repeating: UInt8(0), count: 11) + [9]
        #expect(evaluator.run(.prerouting, .ipv6(WirePacket.tcp, tcp, source: exemptV6)).outcome == .accept)
        // Outside the exempt prefixes: TCP reset, ICMP(v6) port unreachable.
        #expect(
            evaluator.run(.prerouting, .ipv4(WirePacket.udp, udp, source: [192, 0, 3, 7])).outcome
                == .reject(type: 2, code: 1))
        #expect(evaluator.run(.prerouting, .ipv6(WirePacket.tcp, tcp)).outcome == .reject(type: 1, code: 0))
        // An IPv4 exempt set never matches IPv6 packets (and the other way round).
        let v4InV6 = [0, 0, 0, 0] + Array(repeating: UInt8(0), count: 8) + [192, 0, 2, 7]
        #expect(
            evaluator.run(.prerouting, .ipv6(WirePacket.tcp, tcp, source: v4InV6)).outcome == .reject(type: 1, code: 0))
    }
}

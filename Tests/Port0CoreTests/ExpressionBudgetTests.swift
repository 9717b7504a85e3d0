import Port0Core
import Port0Packets
import Port0TestSupport
import Testing

/// What port0 costs a packet that is not port 0, counted in kernel expressions (not timed),
/// and what its bytecode decides for the wire-level cases that trap naive rules.
@Suite struct ExpressionBudgetTests {
    /// README.dataplane.md, "Expression budget": a benign TCP or UDP packet evaluates at
    /// most this many expressions per base chain (two 2-byte port loads, two compares).
    static let benignBudget = 4
    /// The edge profile adds one rule for encapsulated frames (docs/encapsulation.md):
    /// `meta protocol { 8021q, 0x8847, 0x8864, 8021ad }`, a load and a set lookup that plain
    /// IP fails. That is all plain frames pay for the look into VLAN, PPPoE and MPLS frames.
    static let encapDispatch = 2

    static func budget(_ hook: Hook) -> Int {
        hook.family == .netdev ? benignBudget + encapDispatch : benignBudget
    }

    static let host = try! Table.built()
    static let edge = try! Table.built(.edge) { $0.egress = true }
    static let exempting = try! Table.built {
        $0.action = .reject
        $0.log = true
        $0.exempt = .parsing(["192.0.2.0/24", "2001:db8::/32"])
    }

    static var hookedTables: [(String, Table, Hook)] {
        [("host", host, .prerouting), ("host", host, .output), ("edge", edge, .ingress), ("edge", edge, .egress)]
    }

    @Test func everyBaseChainOfTheProfilesIsChecked() {
        #expect(Set(Self.host.baseChains.compactMap(\.base?.hook)) == [.prerouting, .output])
        #expect(Set(Self.edge.baseChains.compactMap(\.base?.hook)) == [.ingress, .egress])
    }

    @Test(arguments: PacketCases.benign.indices)
    func benignPacketsStayWithinTheBudgetInEveryBaseChain(index: Int) {
        let packetCase = PacketCases.benign[index]
        let (name, packet) = (packetCase.name, packetCase.packet)
        // Options (reject, log, exempt sets) change the drop chains, never the base chains.
        let withOptions = [
            ("reject+log+exempt", Self.exempting, Hook.prerouting), ("reject+log+exempt", Self.exempting, .output),
        ]
        for (profile, table, hook) in Self.hookedTables + withOptions {
            let run = BytecodeEvaluator(table).run(hook, packet)
            #expect(run.outcome == .accept, "\(name) in \(profile) \(hook)")
            #expect(run.jumps.isEmpty, "\(name) in \(profile) \(hook) left the base chain: \(run.jumps)")
            #expect(
                run.expressions <= Self.budget(hook),
                "\(name) in \(profile) \(hook): \(run.expressions) expressions, budget \(Self.budget(hook))")
        }
    }

    @Test func theBudgetIsTheTwoPortCompares() {
        // Not less is possible: each port field needs its load and its compare.
        let run = BytecodeEvaluator(Self.host).run(.prerouting, PacketCases.benign[0].packet)
        #expect(run.expressions == Self.benignBudget)
    }

    @Test func theEdgeBudgetIsThePortComparesAndTheDispatch() throws {
        for hook in [Hook.ingress, .egress] {
            let run = BytecodeEvaluator(Self.edge).run(hook, PacketCases.benign[0].packet)
            #expect(run.expressions == Self.benignBudget + Self.encapDispatch, "\(hook)")
        }
        // Without --encap the edge costs what it did before.
        let plain = try Table.built(.edge) { $0.encap = false }
        #expect(BytecodeEvaluator(plain).run(.ingress, PacketCases.benign[0].packet).expressions == Self.benignBudget)
    }

    // MARK: - Verdicts

    @Test(arguments: PacketCases.portZero.indices)
    func portZeroIsDroppedInEveryBaseChain(index: Int) {
        let packetCase = PacketCases.portZero[index]
        let (name, packet, field) = (packetCase.name, packetCase.packet, packetCase.drops!)
        for (profile, table, hook) in Self.hookedTables {
            let run = BytecodeEvaluator(table).run(hook, packet)
            #expect(run.outcome == .drop, "\(name) in \(profile) \(hook)")
            #expect(run.jumps == ["\(hook.direction.rawValue)_\(field)"], "\(name) in \(profile) \(hook)")
        }
    }

    @Test(arguments: PacketCases.lookAlikes.indices)
    func laterFragmentsWithZeroBytesPass(index: Int) {
        let packetCase = PacketCases.lookAlikes[index]
        let (name, packet) = (packetCase.name, packetCase.packet)
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
        for (name, packet) in PacketCases.lookAlikes.map({ ($0.name, $0.packet) }) {
            #expect(BytecodeEvaluator(unguarded).run(.prerouting, packet).outcome == .drop, "\(name)")
        }
    }

    @Test(arguments: PacketCases.otherProtocols.indices)
    func otherProtocolsAndLookAlikesPass(index: Int) {
        let packetCase = PacketCases.otherProtocols[index]
        let (name, packet) = (packetCase.name, packetCase.packet)
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

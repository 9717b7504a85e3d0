import Port0Core
import Port0Packets
import Port0TestSupport
import Testing

/// The edge profile inside VLAN, PPPoE and MPLS frames, judged by the bytecode evaluator
/// (EvaluatorKernelAgreementTests checks it against the kernel): the plain-frame policy
/// whatever the wrapping, and never a drop of what the rules cannot read.
@Suite struct EncapsulationVerdictTests {
    static let edge = try! RulesetBuilder.build(options())
    static let hooks: [Hook] = [.ingress, .egress]

    static func options(_ configure: (inout RulesetOptions) -> Void = { _ in }) -> RulesetOptions {
        RulesetOptions.edge.with {
            $0.egress = true
            configure(&$0)
        }
    }

    @Test(arguments: PacketCases.encapsulated.indices)
    func policyHoldsInsideEveryWrapping(index: Int) {
        let packetCase = PacketCases.encapsulated[index]
        let (name, packet, field) = (packetCase.name, packetCase.packet, packetCase.drops)
        for hook in Self.hooks {
            let run = BytecodeEvaluator(Self.edge).run(hook, packet)
            if let field {
                #expect(run.outcome == .drop, "\(name) at \(hook)")
                #expect(run.counted == ["\(hook.direction.rawValue)_\(field)"], "\(name) at \(hook): \(run.jumps)")
            } else {
                #expect(run.outcome == .accept, "\(name) at \(hook): \(run.jumps)")
                #expect(!run.counted.contains { $0.hasPrefix("uninspected") }, "\(name) at \(hook)")
            }
        }
    }

    @Test(arguments: PacketCases.uninspectable.indices)
    func whatCannotBeReadPassesAndIsCounted(index: Int) {
        let packetCase = PacketCases.uninspectable[index]
        let (name, packet, encap) = (packetCase.name, packetCase.packet, packetCase.uninspected)
        for hook in Self.hooks {
            let run = BytecodeEvaluator(Self.edge).run(hook, packet)
            #expect(run.outcome == .accept, "\(name) at \(hook): \(run.jumps)")
            #expect(run.counted == (encap.map { ["uninspected_\($0)"] } ?? []), "\(name) at \(hook)")
        }
    }

    @Test func encapNoneLooksAtPlainIPOnly() throws {
        let plain = try RulesetBuilder.build(Self.options { $0.encap = false })
        #expect(!plain.chains.contains { $0.name.hasSuffix("_encap") })
        #expect(!plain.counters.contains { $0.name.hasPrefix("uninspected") })
        for packetCase in PacketCases.encapsulated {
            for hook in Self.hooks {
                let dropped = packetCase.isDropped(atIngress: hook == .ingress, inspectingEncapsulation: false)
                #expect(
                    BytecodeEvaluator(plain).run(hook, packetCase.packet).outcome == (dropped ? .drop : .accept),
                    "\(packetCase.name) at \(hook)")
            }
        }
    }

    @Test func hostProfileIsUnchanged() throws {
        var options = RulesetOptions()
        let defaultHost = try RulesetBuilder.build(options)
        options.encap = false
        #expect(try RulesetBuilder.build(options) == defaultHost)
        options.encap = true
        #expect(throws: Port0Error.self) { try RulesetBuilder.build(options) }
    }

    @Test func encapValuesAreChecked() {
        #expect(throws: Port0Error.invalidValue(option: "--encap", value: "vlan", expected: "all or none")) {
            try OptionValue.encap("vlan")
        }
    }

    @Test func withoutCountersNothingIsCountedAndTheVerdictsStay() throws {
        let table = try RulesetBuilder.build(Self.options { $0.counters = false })
        #expect(table.counters.isEmpty)
        for packetCase in PacketCases.encapsulated {
            let run = BytecodeEvaluator(table).run(.ingress, packetCase.packet)
            #expect(run.outcome == (packetCase.drops == nil ? .accept : .drop), "\(packetCase.name)")
        }
    }

    /// Reject cannot answer the sender of an encapsulated frame: those chains drop.
    @Test func rejectDropsInsideEncapsulations() throws {
        var options = Self.options { $0.action = .reject }
        options.egress = false
        let table = try RulesetBuilder.build(options)
        for packetCase in PacketCases.encapsulated where packetCase.drops != nil && packetCase.wrapping != "802.1Q" {
            #expect(BytecodeEvaluator(table).run(.ingress, packetCase.packet).outcome == .drop, "\(packetCase.name)")
        }
    }
}

extension EncapsulationVerdictTests {
    /// Exempt prefixes hold for the inner addresses too, through the raw-keyed set copies.
    @Test func exemptInnerAddressesPass() throws {
        let table = try RulesetBuilder.build(Self.options { $0.exempt = .parsing(["192.0.2.0/24", "2001:db8::/32"]) })
        #expect(table.sets.map(\.name) == ["exempt_v4", "exempt_v6", "exempt_v4_encap", "exempt_v6_encap"])
        let evaluator = BytecodeEvaluator(table)
        let udp = WirePacket.ports(WirePacket.udp, sport: 40000, dport: 0)
        let exempt6 = [0x20, 0x01, 0x0d, 0xb8] + [UInt8](repeating: 0, count: 11) + [9]
        for (wrapping, wrap) in PacketCases.wrappings {
            for hook in Self.hooks {
                let from = wrap(.ipv4(WirePacket.udp, udp, source: [192, 0, 2, 7]))
                let to = wrap(.ipv4(WirePacket.udp, udp, destination: [192, 0, 2, 7], options: [1, 1, 1, 0]))
                let from6 = wrap(.ipv6(WirePacket.udp, udp, source: exempt6))
                let to6 = wrap(
                    .ipv6(
                        WirePacket.udp, udp,
                        extensions: [WirePacket.ipv6Fragment(next: WirePacket.udp, offset: 0, more: true)],
                        destination: exempt6))
                for packet in [from, to, from6, to6] {
                    let run = evaluator.run(hook, packet)
                    #expect(run.outcome == .accept, "\(wrapping) at \(hook)")
                    // Counted as exempt, as a plain packet is (docs/telemetry.md).
                    #expect(run.counted == ["\(hook.direction.rawValue)_exempt"], "\(wrapping) at \(hook)")
                }
                let other = wrap(.ipv4(WirePacket.udp, udp, source: [192, 0, 3, 7]))
                #expect(evaluator.run(hook, other).outcome == .drop, "\(wrapping) at \(hook)")
                #expect(
                    evaluator.run(hook, wrap(.ipv6(WirePacket.udp, udp))).outcome == .drop, "\(wrapping) at \(hook)")
            }
        }
    }

    /// The counters and tracked sources mean inside an encapsulation what they mean for the
    /// plain packet: a later fragment let go is counted in `<direction>_fragments` (IPv4 and
    /// IPv6), and a look-alike that is not TCP/UDP (an ICMP checksum, an ESP SPI: zero bytes
    /// where a port would be) is neither counted nor recorded as a source, since it is not
    /// dropped. (Before, encapsulated later fragments went uncounted and look-alikes were
    /// recorded by `--track-sources`, listed by `status --top` as port-0 senders.)
    @Test func countersAndSourcesInsideMeanWhatTheyMeanForPlainPackets() throws {
        let table = try RulesetBuilder.build(Self.options { $0.trackSources = 1024 })
        let evaluator = BytecodeEvaluator(table)
        for (wrapping, wrap) in PacketCases.wrappings {
            for inner in PacketCases.innerPackets {
                let packet = inner.packet
                for hook in Self.hooks {
                    let plain = evaluator.run(hook, packet)
                    let wrapped = evaluator.run(hook, wrap(packet))
                    let label = "\(wrapping): \(inner.name) at \(hook)"
                    #expect(wrapped.outcome == plain.outcome, "\(label)")
                    #expect(wrapped.counted == plain.counted, "\(label): \(wrapped.jumps)")
                    #expect(wrapped.recorded.isEmpty == plain.recorded.isEmpty, "\(label): \(wrapped.recorded)")
                    if inner.drops == nil { #expect(wrapped.recorded.isEmpty, "\(label)") }
                }
            }
        }
    }
}

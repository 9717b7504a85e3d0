import Port0Core
import Port0Packets
import Port0TestSupport
import Testing

/// `--track-sources` split into shards: where each dropped packet's source is recorded,
/// per the evaluator (the kernel agreement tests tie the evaluator to the kernel).
@Suite struct SourceShardTests {
    static func table(_ profile: String = "host") throws -> Table {
        try Table.built(profile == "edge" ? .edge : RulesetOptions()) {
            $0.trackSources = RulesetOptions.defaultTrackSize
        }
    }

    static let udp0 = WirePacket.ports(WirePacket.udp, sport: 41000, dport: 0)

    /// A source lands in the same shard whichever drop chain (dport or sport) dropped it:
    /// one hash per IP version, in one chain.
    @Test func oneSourceOneShard() throws {
        let evaluator = BytecodeEvaluator(try Self.table())
        var shards: Set<String> = []
        for ports in [(41000, 0), (0, 53), (0, 0)] as [(UInt16, UInt16)] {
            let packet = WirePacket.ipv4(
                WirePacket.udp, WirePacket.ports(WirePacket.udp, sport: ports.0, dport: ports.1),
                source: [198, 18, 0, 7])
            let run = evaluator.run(.prerouting, packet)
            #expect(run.outcome == .drop)
            #expect(run.recorded.map(\.key) == [[198, 18, 0, 7]])
            shards.formUnion(run.recorded.map(\.set))
        }
        #expect(shards.count == 1 && shards.first?.hasPrefix("sources_v4_") == true, "\(shards)")
        // Many sources spread over the shards.
        let spread = Set(
            (1...200).flatMap { last in
                evaluator.run(.prerouting, WirePacket.ipv4(WirePacket.udp, Self.udp0, source: [10, 1, 0, UInt8(last)]))
                    .recorded.map(\.set)
            })
        #expect(spread.count > 8)
    }

    /// Benign packets record nothing; later fragments and port-0 packets' IPv6 sources go to
    /// the IPv6 shards.
    @Test func onlyDroppedPacketsAreRecorded() throws {
        let evaluator = BytecodeEvaluator(try Self.table())
        let benign = WirePacket.ipv4(WirePacket.udp, WirePacket.ports(WirePacket.udp, sport: 41000, dport: 53))
        #expect(evaluator.run(.prerouting, benign).recorded.isEmpty)
        let v6 = evaluator.run(.prerouting, WirePacket.ipv6(WirePacket.udp, Self.udp0))
        #expect(v6.recorded.count == 1 && v6.recorded[0].set.hasPrefix("sources_v6_"))
    }

    /// At the edge, a port-0 packet inside QinQ, PPPoE or MPLS is recorded by its inner
    /// source, in the set for encapsulated sources.
    @Test func innerSourcesAtTheEdge() throws {
        let evaluator = BytecodeEvaluator(try Self.table("edge"))
        let v4 = WirePacket.ipv4(WirePacket.udp, Self.udp0, source: [198, 18, 1, 1])
        let v6Source: [UInt8] = [0x20, 0x01, 0x0d, 0xb8] + Array(repeating: 0, count: 11) + [5]
        let v6 = WirePacket.ipv6(WirePacket.udp, Self.udp0, source: v6Source)
        for (frame, set, key) in [
            (v4.inVLAN([WirePacket.qinq, WirePacket.vlan]), "sources_v4_inner", [198, 18, 1, 1]),
            (v4.inMPLS(labels: 3), "sources_v4_inner", [198, 18, 1, 1]),
            (v6.inPPPoE(), "sources_v6_inner", v6Source),
            (v6.inMPLS(labels: 1), "sources_v6_inner", v6Source),
        ] as [(WirePacket, String, [UInt8])] {
            let run = evaluator.run(.ingress, frame)
            #expect(run.outcome == .drop)
            #expect(run.recorded == [BytecodeEvaluator.Recorded(set: set, key: key)])
        }
    }

    /// A source in two sets (outer and inner) is one row with the counts added.
    @Test func statusMergesOneAddressFromTwoSets() throws {
        let table = try Self.table("edge")
        var live = LiveTable(expecting: table)
        live.sources = [
            TrackedSource(
                set: "sources_v4_3", version: .ipv4, address: 0x0a00_0001, packets: 2, bytes: 100,
                expiresInMilliseconds: 1_000),
            TrackedSource(
                set: "sources_v4_inner", version: .ipv4, address: 0x0a00_0001, packets: 3, bytes: 200,
                expiresInMilliseconds: 2_000),
            TrackedSource(
                set: "sources_v6_3", version: .ipv6, address: 0x0a00_0001, packets: 1, bytes: 80,
                expiresInMilliseconds: 1_000),
        ]
        let status = StatusReport(live: live, desired: table)
        #expect(status.sources.count == 2)
        #expect(status.sources[0].packets == 5 && status.sources[0].bytes == 300)
        #expect(status.sources[0].expiresInMilliseconds == 2_000)
        #expect(status.sources[1].version == .ipv6)
    }
}

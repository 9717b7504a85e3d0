import Port0Core
import Port0Packets
import Port0TestSupport
import Testing

/// The one case list, as the evaluator judges it: every case's stated verdict holds in every
/// base chain of the host and edge profiles (`port0 selftest` and the kernel-agreement tests
/// send the same cases), and the packets are well formed.
@Suite struct PacketCaseTests {
    static let host = try! Table.built()
    static let edge = try! Table.built(.edge) { $0.egress = true }

    @Test(arguments: PacketCases.all.indices)
    func theStatedVerdictHolds(index: Int) {
        let packetCase = PacketCases.all[index]
        let hooks: [(Table, Hook)] =
            (packetCase.packet.encapsulation.isEmpty ? [(Self.host, .prerouting), (Self.host, .output)] : [])
            + [(Self.edge, .ingress), (Self.edge, .egress)]
        for (table, hook) in hooks {
            let runs = packetCase.packets().map { BytecodeEvaluator(table).run(hook, $0) }
            let dropped = runs.contains { $0.outcome == .drop }
            #expect(dropped == packetCase.isDropped(atIngress: hook == .ingress), "\(packetCase.name) at \(hook)")
            if let field = packetCase.drops {
                let direction = hook.direction.rawValue
                #expect(runs.contains { $0.counted.contains("\(direction)_\(field)") }, "\(packetCase.name) at \(hook)")
            }
        }
    }

    @Test func namesAreUniqueAndEveryCaseIsInOneSection() {
        let names = PacketCases.all.map(\.name)
        #expect(Set(names).count == names.count)
        #expect(PacketCases.plain.allSatisfy { $0.packets().allSatisfy { $0.encapsulation.isEmpty } })
        #expect((PacketCases.encapsulated + PacketCases.uninspectable).allSatisfy { !$0.packet.encapsulation.isEmpty })
        #expect(PacketCases.encapsulated.count == PacketCases.wrappings.count * PacketCases.innerPackets.count)
    }

    /// Whole datagrams carry valid IPv4 header, TCP and UDP checksums, so a receiving stack
    /// takes them (CraftedPacketTests shows it does); a marker changes the data, not the layout.
    @Test func wholeDatagramsHaveValidChecksums() {
        let marker: [UInt8] = Array("P0ST".utf8) + [1, 2, 3, 4]
        var checked = 0
        for packetCase in PacketCases.plain where packetCase.reachesSockets {
            #expect(
                packetCase.packets(marker: marker).map(\.bytes.count) == packetCase.packets().map(\.bytes.count),
                "\(packetCase.name)")
            for packet in packetCase.packets(marker: marker) where packet.version == .ipv4 {
                let headerLength = Int(packet.bytes[0] & 0x0f) * 4
                #expect(Checksum.sum(Array(packet.bytes[..<headerLength])) == 0xffff, "\(packetCase.name)")
                let fragmented = packet.bytes[6] & 0x3f != 0 || packet.bytes[7] != 0
                let proto = packet.bytes[9]
                guard !fragmented, proto == WirePacket.tcp || proto == WirePacket.udp else { continue }
                let segment = Array(packet.bytes[headerLength...])
                let length = proto == WirePacket.udp ? Int(segment[4]) << 8 | Int(segment[5]) : segment.count
                let pseudo = Checksum.pseudoHeader(
                    source: Array(packet.bytes[12..<16]), destination: Array(packet.bytes[16..<20]), protocol: proto,
                    length: length)
                #expect(Checksum.sum(pseudo, Array(segment[..<length])) == 0xffff, "\(packetCase.name)")
                checked += 1
            }
        }
        #expect(checked >= 10)
    }
}

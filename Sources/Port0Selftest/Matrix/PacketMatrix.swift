import Port0Core

/// One row of the report.
public struct CaseResult: Sendable, Equatable {
    public var scenario: String
    public var name: String
    public var expected: Delivery
    public var observed: Delivery
    /// Why, when it helps: e.g. the sender's own output hook refused the packet.
    public var note: String

    public var passed: Bool { expected == observed }
}

/// Sends every case of the matrix along one scenario and judges delivery at the receiver.
public enum PacketMatrix {
    /// Sends all crafted cases, then one benign sentinel per IP version; the receiver reads
    /// until both sentinels arrived (plus a short grace for stragglers) or `timeout` ms.
    /// Then the benign TCP and UDP exchanges run through real sockets.
    public static func run(_ scenario: Scenario, in topology: Topology, timeout: Int = 2000) throws(Port0Error)
        -> [CaseResult]
    {
        let senderNS = topology.namespace(scenario.sender)
        let receiverNS = topology.namespace(scenario.receiver)
        let receiver = try RawReceiver(in: receiverNS)
        let sender = try RawSender(in: senderNS)
        let nonce = UInt16.random(in: 1...UInt16.max)
        let cases = PacketCase.all()
        var notes = [String](repeating: "", count: cases.count)

        for (index, packetCase) in cases.enumerated() {
            let source = scenario.address(scenario.sender, packetCase.version)
            let destination = scenario.address(scenario.receiver, packetCase.version)
            let marker = Marker.bytes(nonce: nonce, id: UInt16(index))
            for packet in packetCase.build(source, destination, marker) {
                if try sender.send(packet, to: destination) == .droppedLocally {
                    notes[index] = "sender's output hook refused it (EPERM)"
                }
            }
        }
        var sentinels: Set<UInt16> = []
        for (offset, version) in IPVersion.allCases.enumerated() {
            let id = UInt16.max - UInt16(offset)
            sentinels.insert(id)
            let source = scenario.address(scenario.sender, version)
            let destination = scenario.address(scenario.receiver, version)
            let segment = PacketBuilder.udp(
                source: source, destination: destination, sport: PacketCase.ordinarySport,
                dport: PacketCase.ordinaryDport, payload: Marker.bytes(nonce: nonce, id: id))
            _ = try sender.send(
                PacketBuilder.datagram(
                    source: source, destination: destination, protocol: PacketBuilder.udp, segment: segment),
                to: destination)
        }
        let seen = receiver.collect(nonce: nonce, untilAll: sentinels, grace: 100, timeout: timeout)
        if !sentinels.isSubset(of: seen.keys) {
            notes = notes.map { $0.isEmpty ? "benign sentinel never arrived: path broken?" : $0 }
        }

        var results = cases.enumerated().map { index, packetCase in
            CaseResult(
                scenario: scenario.name, name: packetCase.name, expected: packetCase.expected,
                observed: seen[UInt16(index)] != nil ? .delivered : .dropped, note: notes[index])
        }
        for version in IPVersion.allCases {
            let destination = scenario.address(scenario.receiver, version)
            for (kind, outcome) in [
                ("TCP connection", try BenignTraffic.tcp(from: senderNS, to: receiverNS, destination: destination)),
                ("UDP datagram", try BenignTraffic.udp(from: senderNS, to: receiverNS, destination: destination)),
            ] {
                results.append(
                    CaseResult(
                        scenario: scenario.name, name: "\(PacketCase.label(version)) benign \(kind) (sockets)",
                        expected: .delivered, observed: outcome == nil ? .delivered : .dropped, note: outcome ?? ""))
            }
        }
        return results
    }
}

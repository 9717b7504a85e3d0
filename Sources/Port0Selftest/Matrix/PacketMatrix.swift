import Port0Core
import Port0Packets

/// What happened to a case's packets, judged at the receiver.
public enum Delivery: String, Sendable, Equatable {
    case delivered
    case dropped
}

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

/// Sends the plain-IP cases of `PacketCases` that reach sockets along one host scenario and
/// judges delivery at the receiver's stack (raw sockets see each marker).
public enum PacketMatrix {
    /// The cases this matrix runs: whole datagrams, whose delivery a socket can see.
    public static let cases = PacketCases.plain.filter(\.reachesSockets)

    /// Sends all cases, then one benign sentinel per IP version; the receiver reads until both
    /// sentinels arrived (plus a short grace for stragglers) or `timeout` ms.
    public static func run(_ scenario: Scenario, in topology: Topology, timeout: Int = 2000) throws(Port0Error)
        -> [CaseResult]
    {
        let receiver = try RawReceiver(in: topology.namespace(scenario.receiver))
        let sender = try RawSender(in: topology.namespace(scenario.sender))
        let nonce = UInt16.random(in: 1...UInt16.max)
        let endpoints = scenario.endpoints
        var notes = [String](repeating: "", count: cases.count)

        for (index, packetCase) in cases.enumerated() {
            for packet in packetCase.packets(endpoints, marker: Marker.bytes(nonce: nonce, id: UInt16(index))) {
                if try sender.send(packet, scenario) == .droppedLocally {
                    notes[index] = "sender's output hook refused it (EPERM)"
                }
            }
        }
        let sentinels: [UInt16: WirePacket] = [
            .max: .ipv4(
                WirePacket.udp, Self.benign(nonce, .max), source: endpoints.sourceV4,
                destination: endpoints.destinationV4),
            .max - 1: .ipv6(
                WirePacket.udp, Self.benign(nonce, .max - 1), source: endpoints.sourceV6,
                destination: endpoints.destinationV6),
        ]
        for packet in sentinels.values { _ = try sender.send(packet, scenario) }
        let seen = receiver.collect(nonce: nonce, untilAll: Set(sentinels.keys), grace: 100, timeout: timeout)
        if !Set(sentinels.keys).isSubset(of: seen.keys) {
            notes = notes.map { $0.isEmpty ? "benign sentinel never arrived: path broken?" : $0 }
        }
        return cases.enumerated().map { index, packetCase in
            CaseResult(
                scenario: scenario.name, name: packetCase.name,
                expected: packetCase.drops == nil ? .delivered : .dropped,
                observed: seen[UInt16(index)] != nil ? .delivered : .dropped, note: notes[index])
        }
    }

    /// A benign UDP segment carrying a marker.
    static func benign(_ nonce: UInt16, _ id: UInt16) -> [UInt8] {
        WirePacket.ports(WirePacket.udp, sport: 40000, dport: 53, data: Marker.bytes(nonce: nonce, id: id))
    }

    /// A TCP connection and a UDP exchange per IP version through real sockets.
    public static func benignSockets(_ scenario: Scenario, in topology: Topology) throws(Port0Error) -> [CaseResult] {
        let senderNS = topology.namespace(scenario.sender)
        let receiverNS = topology.namespace(scenario.receiver)
        var results: [CaseResult] = []
        for version in IPVersion.allCases {
            let destination = scenario.address(scenario.receiver, version)
            for (kind, outcome) in [
                ("TCP connection", try BenignTraffic.tcp(from: senderNS, to: receiverNS, destination: destination)),
                ("UDP datagram", try BenignTraffic.udp(from: senderNS, to: receiverNS, destination: destination)),
            ] {
                results.append(
                    CaseResult(
                        scenario: scenario.name, name: "\(version == .ipv4 ? "IPv4" : "IPv6") benign \(kind) (sockets)",
                        expected: .delivered, observed: outcome == nil ? .delivered : .dropped, note: outcome ?? ""))
            }
        }
        return results
    }
}

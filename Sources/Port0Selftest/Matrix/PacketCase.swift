import Port0Core

/// What happened to a case's packets, judged at the receiver.
public enum Delivery: String, Sendable, Equatable {
    case delivered
    case dropped
}

/// One crafted-packet case of the matrix: its name, the verdict port0 must produce, and the
/// datagrams to send (each carrying the case marker).
struct PacketCase: Sendable {
    var name: String
    var version: IPVersion
    var expected: Delivery
    var build: @Sendable (_ source: IPAddress, _ destination: IPAddress, _ marker: [UInt8]) -> [[UInt8]]

    static let ordinarySport: UInt16 = 41000
    static let ordinaryDport: UInt16 = 7000

    /// The whole matrix, for both IP versions.
    static func all() -> [PacketCase] {
        IPVersion.allCases.flatMap { version in portCases(version) + fragmentCases(version) + lookAlikes(version) }
    }

    static func label(_ version: IPVersion) -> String { version == .ipv4 ? "IPv4" : "IPv6" }

    /// {TCP SYN, UDP} × {dport 0, sport 0, both 0, neither}: dropped exactly when a port is 0.
    static func portCases(_ version: IPVersion) -> [PacketCase] {
        let ports: [(String, UInt16, UInt16)] = [
            ("dport 0", ordinarySport, 0), ("sport 0", 0, ordinaryDport), ("sport 0 dport 0", 0, 0),
            ("ports \(ordinarySport)→\(ordinaryDport)", ordinarySport, ordinaryDport),
        ]
        return [true, false].flatMap { isTCP in
            ports.map { (text, sport, dport) in
                PacketCase(
                    name: "\(label(version)) \(isTCP ? "TCP SYN" : "UDP") \(text)", version: version,
                    expected: sport == 0 || dport == 0 ? .dropped : .delivered
                ) { source, destination, marker in
                    let segment =
                        isTCP
                        ? PacketBuilder.tcpSyn(
                            source: source, destination: destination, sport: sport, dport: dport, payload: marker)
                        : PacketBuilder.udp(
                            source: source, destination: destination, sport: sport, dport: dport, payload: marker)
                    return [
                        PacketBuilder.datagram(
                            source: source, destination: destination,
                            protocol: isTCP ? PacketBuilder.tcp : PacketBuilder.udp, segment: segment)
                    ]
                }
            }
        }
    }

    /// A 32-byte UDP datagram cut after 16 bytes: the second fragment starts with four zero
    /// bytes, where a naive `udp dport 0` rule looks for ports.
    static func fragmentCases(_ version: IPVersion) -> [PacketCase] {
        func fragmented(dport: UInt16) -> @Sendable (IPAddress, IPAddress, [UInt8]) -> [[UInt8]] {
            { source, destination, marker in
                let payload = marker + [0, 0, 0, 0] + Array(repeating: 0x5a, count: 12)
                let segment = PacketBuilder.udp(
                    source: source, destination: destination, sport: ordinarySport, dport: dport, payload: payload)
                let id = UInt32(marker[6]) << 8 | UInt32(marker[7]) | 0x5030_0000
                return PacketBuilder.fragments(
                    source: source, destination: destination, protocol: PacketBuilder.udp, segment: segment,
                    splitAt: [16], identification: id)
            }
        }
        return [
            PacketCase(
                name: "\(label(version)) UDP fragments, 2nd has zeros at port offsets", version: version,
                expected: .delivered, build: fragmented(dport: ordinaryDport)),
            PacketCase(
                name: "\(label(version)) UDP fragments, 1st says dport 0", version: version, expected: .dropped,
                build: fragmented(dport: 0)),
        ]
    }

    /// Not TCP or UDP, but zero where ports would be: must never be touched.
    static func lookAlikes(_ version: IPVersion) -> [PacketCase] {
        [
            PacketCase(
                name: "\(label(version)) \(version == .ipv4 ? "ICMP" : "ICMPv6") echo, checksum 0x0000",
                version: version, expected: .delivered
            ) { source, destination, marker in
                [
                    PacketBuilder.datagram(
                        source: source, destination: destination,
                        protocol: version == .ipv4 ? PacketBuilder.icmp : PacketBuilder.icmpv6,
                        segment: PacketBuilder.echoWithZeroChecksum(
                            source: source, destination: destination, payload: marker))
                ]
            },
            PacketCase(
                name: "\(label(version)) ESP, SPI 0 (zeros at port offsets)", version: version, expected: .delivered
            ) {
                source, destination, marker in
                [
                    PacketBuilder.datagram(
                        source: source, destination: destination, protocol: PacketBuilder.esp,
                        segment: PacketBuilder.espZeroSPI(payload: marker))
                ]
            },
        ]
    }
}

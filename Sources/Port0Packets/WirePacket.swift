/// A packet as it goes on the wire: the bytes from the (inner) IP header on, and what lies
/// between the MAC addresses and them (VLAN tags, PPPoE, MPLS). Built byte by byte, with valid
/// IPv4 header and TCP/UDP checksums wherever the packet is whole; sent by `port0 selftest` and
/// judged by the tests' evaluator and kernel-agreement checks alike.
public struct WirePacket: Sendable, Equatable {
    public enum Version: Sendable { case ipv4, ipv6 }

    public var version: Version
    /// From the (inner) IP header to the end of the packet.
    public var bytes: [UInt8]
    /// What lies between the MAC addresses and `bytes` on the wire, from the outer ethertype
    /// on (VLAN tags, PPPoE header, MPLS labels); empty for a plain IP frame.
    public var encapsulation: [UInt8] = []

    public init(version: Version, bytes: [UInt8]) {
        self.version = version
        self.bytes = bytes
    }

    public static let tcp: UInt8 = 6
    public static let udp: UInt8 = 17
    public static let icmp: UInt8 = 1
    public static let icmpv6: UInt8 = 58
    public static let esp: UInt8 = 50
    public static let sctp: UInt8 = 132

    /// The ethertype and everything up to the IP header, as sent.
    public var etherStack: [UInt8] {
        encapsulation.isEmpty ? (version == .ipv4 ? [0x08, 0x00] : [0x86, 0xdd]) : encapsulation
    }

    /// The frame after the two MAC addresses: ethertype, encapsulation, packet.
    public var frameAfterAddresses: [UInt8] { etherStack + bytes }

    /// This packet behind `headers` (which start with the outer ethertype).
    public func encapsulated(_ headers: [UInt8]) -> WirePacket {
        var packet = self
        packet.encapsulation = headers
        return packet
    }

    // MARK: Transport

    /// A TCP SYN (20-byte header) or UDP (8-byte) header with these ports, then `data` filled up
    /// to `payload` bytes with 0x61. The checksum is set by `ipv4`/`ipv6`, which know the addresses.
    public static func ports(_ proto: UInt8, sport: UInt16, dport: UInt16, payload: Int = 18, data: [UInt8] = [])
        -> [UInt8]
    {
        let body = data + [UInt8](repeating: 0x61, count: max(0, payload - data.count))
        var header = sport.bigEndianBytes + dport.bigEndianBytes
        if proto == tcp {
            header += [0, 0, 0, 1, 0, 0, 0, 0, 0x50, 0x02, 0xff, 0xff, 0, 0, 0, 0]
        } else {
            header += UInt16(8 + body.count).bigEndianBytes + [0, 0]
        }
        return header + body
    }

    /// An ICMP or ICMPv6 echo request whose checksum field is 0x0000 — and valid: the sequence
    /// number is chosen so that the rest sums to 0xffff. Bytes 2–3 (where a TCP/UDP destination
    /// port would be) are therefore zero.
    public static func echoWithZeroChecksum(source: [UInt8], destination: [UInt8], data: [UInt8]) -> [UInt8] {
        let isV6 = source.count == 16
        var message: [UInt8] = [isV6 ? 128 : 8, 0, 0, 0, 0x12, 0x34, 0, 0] + data
        let pseudo =
            isV6
            ? Checksum.pseudoHeader(source: source, destination: destination, protocol: icmpv6, length: message.count)
            : []
        message.store(0xffff - Checksum.sum(pseudo, message), at: 6)
        return message
    }

    /// `segment` with its TCP or UDP checksum filled in (other protocols, and segments too short
    /// for the field, unchanged). UDP sums what its length field covers.
    static func checksummed(_ proto: UInt8, _ segment: [UInt8], source: [UInt8], destination: [UInt8]) -> [UInt8] {
        let field = proto == tcp ? 16 : proto == udp ? 6 : nil
        guard let field, segment.count >= field + 2 else { return segment }
        let length = proto == udp ? min(segment.count, Int(segment[4]) << 8 | Int(segment[5])) : segment.count
        guard length >= field + 2 else { return segment }
        var segment = segment
        segment.store(0, at: field)
        let pseudo = Checksum.pseudoHeader(source: source, destination: destination, protocol: proto, length: length)
        var checksum = Checksum.internet(pseudo, Array(segment[..<length]))
        if proto == udp && checksum == 0 { checksum = 0xffff }  // 0 means "no checksum" in UDP
        segment.store(checksum, at: field)
        return segment
    }

    // MARK: IP

    public static let exampleV4Source: [UInt8] = [10, 0, 0, 1]
    public static let exampleV4Destination: [UInt8] = [10, 0, 0, 2]
    public static let exampleV6Source: [UInt8] = [0x20, 0x01, 0x0d, 0xb9] + [UInt8](repeating: 0, count: 11) + [1]
    public static let exampleV6Destination: [UInt8] = [0x20, 0x01, 0x0d, 0xb9] + [UInt8](repeating: 0, count: 11) + [2]

    /// An IPv4 packet. `fragmentOffset` is in 8-byte units; `options` (a multiple of four
    /// bytes) lengthen the header. A whole (unfragmented) TCP/UDP segment gets its checksum.
    public static func ipv4(
        _ proto: UInt8, _ transport: [UInt8], source: [UInt8] = exampleV4Source,
        destination: [UInt8] = exampleV4Destination, fragmentOffset: UInt16 = 0, moreFragments: Bool = false,
        options: [UInt8] = [], identification: UInt16 = 0x1234
    ) -> WirePacket {
        precondition(options.count % 4 == 0 && options.count <= 40)
        let whole = fragmentOffset == 0 && !moreFragments
        let transport = whole ? checksummed(proto, transport, source: source, destination: destination) : transport
        let headerLength = 20 + options.count
        var header: [UInt8] = [0x40 | UInt8(headerLength / 4), 0]
        header += UInt16(headerLength + transport.count).bigEndianBytes + identification.bigEndianBytes
        header += ((moreFragments ? UInt16(0x2000) : 0) | fragmentOffset).bigEndianBytes
        header += [64, proto, 0, 0] + source + destination + options
        header.store(Checksum.internet(header), at: 10)
        return WirePacket(version: .ipv4, bytes: header + transport)
    }

    /// An IPv6 extension header carrying `next`: hop-by-hop (0), routing (43) or
    /// destination options (60), 8 bytes with padding.
    public static func ipv6Options(_ type: UInt8, next: UInt8) -> (type: UInt8, bytes: [UInt8]) {
        (type, type == 43 ? [next, 0, 0, 0, 0, 0, 0, 0] : [next, 0, 1, 4, 0, 0, 0, 0])
    }

    /// An IPv6 fragment header: `offset` in 8-byte units.
    public static func ipv6Fragment(next: UInt8, offset: UInt16, more: Bool, identification: UInt32 = 0x1234)
        -> (type: UInt8, bytes: [UInt8])
    {
        (44, [next, 0] + (offset << 3 | (more ? 1 : 0)).bigEndianBytes + identification.bigEndianBytes)
    }

    /// An IPv6 packet: `extensions` (type and bytes, whose first byte is the next header)
    /// before `transport`. The flow label is zero, as most stacks send it. A TCP/UDP segment
    /// behind no fragment header gets its checksum.
    public static func ipv6(
        _ proto: UInt8, _ transport: [UInt8], extensions: [(type: UInt8, bytes: [UInt8])] = [],
        source: [UInt8] = exampleV6Source, destination: [UInt8] = exampleV6Destination
    ) -> WirePacket {
        let whole = !extensions.contains { $0.type == 44 }
        let transport = whole ? checksummed(proto, transport, source: source, destination: destination) : transport
        let payload = extensions.flatMap(\.bytes) + transport
        var header: [UInt8] = [0x60, 0, 0, 0] + UInt16(payload.count).bigEndianBytes
        header += [extensions.first?.type ?? proto, 64] + source + destination
        return WirePacket(version: .ipv6, bytes: header + payload)
    }
}

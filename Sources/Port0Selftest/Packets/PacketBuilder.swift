import Port0Core

/// Builds complete IP datagrams byte by byte, for sending on IPPROTO_RAW sockets (IPv4 and
/// IPv6 both take the whole IP header from the caller there). Checksums are computed here.
enum PacketBuilder {
    static let tcp: UInt8 = 6
    static let udp: UInt8 = 17
    static let icmp: UInt8 = 1
    static let icmpv6: UInt8 = 58
    static let esp: UInt8 = 50
    static let fragmentHeader: UInt8 = 44

    // MARK: Transport segments

    static func udp(source: IPAddress, destination: IPAddress, sport: UInt16, dport: UInt16, payload: [UInt8])
        -> [UInt8]
    {
        var segment = sport.bigEndianBytes + dport.bigEndianBytes + UInt16(8 + payload.count).bigEndianBytes + [0, 0]
        segment += payload
        let pseudo = Checksum.pseudoHeader(
            source: source, destination: destination, protocol: udp, length: segment.count)
        var checksum = Checksum.internet(pseudo, segment)
        if checksum == 0 { checksum = 0xffff }  // 0 means "no checksum" in UDP
        segment.store(checksum, at: 6)
        return segment
    }

    /// A SYN with `payload` as data (allowed on a SYN; it carries the case marker).
    static func tcpSyn(source: IPAddress, destination: IPAddress, sport: UInt16, dport: UInt16, payload: [UInt8])
        -> [UInt8]
    {
        var segment = sport.bigEndianBytes + dport.bigEndianBytes
        segment += UInt32(0x5030_0000).bigEndianBytes  // sequence number
        segment += [0, 0, 0, 0]  // acknowledgment
        segment += [5 << 4, 0x02]  // data offset 5 words, flags SYN
        segment += UInt16(64240).bigEndianBytes + [0, 0, 0, 0]  // window, checksum, urgent
        segment += payload
        let pseudo = Checksum.pseudoHeader(
            source: source, destination: destination, protocol: tcp, length: segment.count)
        segment.store(Checksum.internet(pseudo, segment), at: 16)
        return segment
    }

    /// An ICMP or ICMPv6 echo request whose checksum field is 0x0000 — and valid: the sequence
    /// number is chosen so that the rest of the message sums to 0xffff. Bytes 2–3 (where a
    /// TCP/UDP destination port would be) are therefore zero.
    static func echoWithZeroChecksum(source: IPAddress, destination: IPAddress, payload: [UInt8]) -> [UInt8] {
        let isV6 = source.version == .ipv6
        var message: [UInt8] = [isV6 ? 128 : 8, 0, 0, 0] + UInt16(0x5030).bigEndianBytes + [0, 0] + payload
        let pseudo =
            isV6
            ? Checksum.pseudoHeader(source: source, destination: destination, protocol: icmpv6, length: message.count)
            : []
        let rest = Checksum.sum(pseudo + message)
        // rest + sequence must be 0xffff in ones'-complement arithmetic.
        message.store(0xffff - rest, at: 6)
        precondition(Checksum.internet(pseudo, message) == 0)
        return message
    }

    /// ESP with SPI 0 and sequence 0: the first four bytes, where ports would be, are zero.
    static func espZeroSPI(payload: [UInt8]) -> [UInt8] {
        [0, 0, 0, 0, 0, 0, 0, 0] + payload
    }

    // MARK: IP headers

    /// An IPv4 datagram; the kernel fills in total length and header checksum on raw sockets,
    /// but both are set correctly here anyway.
    static func ipv4(
        source: IPv4Address, destination: IPv4Address, protocol number: UInt8, payload: [UInt8],
        identification: UInt16 = 0x5030, fragmentOffset: Int = 0, moreFragments: Bool = false
    ) -> [UInt8] {
        precondition(fragmentOffset % 8 == 0)
        var header: [UInt8] = [0x45, 0]
        header += UInt16(20 + payload.count).bigEndianBytes
        header += identification.bigEndianBytes
        header += (UInt16(fragmentOffset / 8) | (moreFragments ? 0x2000 : 0)).bigEndianBytes
        header += [64, number, 0, 0]
        header += source.bytes + destination.bytes
        header.store(Checksum.internet(header), at: 10)
        return header + payload
    }

    static func ipv6(source: IPv6Address, destination: IPv6Address, nextHeader: UInt8, payload: [UInt8]) -> [UInt8] {
        var header: [UInt8] = [0x60, 0, 0, 0]
        header += UInt16(payload.count).bigEndianBytes
        header += [nextHeader, 64]
        return header + source.bytes + destination.bytes + payload
    }

    /// One IP datagram carrying `segment` of `protocol`.
    static func datagram(source: IPAddress, destination: IPAddress, protocol number: UInt8, segment: [UInt8])
        -> [UInt8]
    {
        switch (source, destination) {
        case (.v4(let s), .v4(let d)):
            return ipv4(source: s, destination: d, protocol: number, payload: segment)
        case (.v6(let s), .v6(let d)):
            return ipv6(source: s, destination: d, nextHeader: number, payload: segment)
        default:
            preconditionFailure("mixed address families")
        }
    }

    /// `segment` split into IP fragments at the given byte offsets (multiples of 8), in order.
    static func fragments(
        source: IPAddress, destination: IPAddress, protocol number: UInt8, segment: [UInt8], splitAt cuts: [Int],
        identification: UInt32
    ) -> [[UInt8]] {
        let bounds = [0] + cuts + [segment.count]
        return (0..<(bounds.count - 1)).map { index in
            let piece = Array(segment[bounds[index]..<bounds[index + 1]])
            let more = index < bounds.count - 2
            switch (source, destination) {
            case (.v4(let s), .v4(let d)):
                return ipv4(
                    source: s, destination: d, protocol: number, payload: piece,
                    identification: UInt16(truncatingIfNeeded: identification), fragmentOffset: bounds[index],
                    moreFragments: more)
            case (.v6(let s), .v6(let d)):
                var header: [UInt8] = [number, 0]
                header += (UInt16(bounds[index] / 8) << 3 | (more ? 1 : 0)).bigEndianBytes
                header += identification.bigEndianBytes
                return ipv6(source: s, destination: d, nextHeader: fragmentHeader, payload: header + piece)
            default:
                preconditionFailure("mixed address families")
            }
        }
    }
}

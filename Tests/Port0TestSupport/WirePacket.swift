/// A packet as one nf_tables hook sees it: the bytes from the network header on, and what
/// the kernel's `nft_set_pktinfo_*` derives from them before the chain runs (transport
/// protocol and offset). Only what port0's expressions read is modelled.
public struct WirePacket: Sendable {
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

    /// The ethertype and everything up to the IP header, as sent.
    public var etherStack: [UInt8] {
        encapsulation.isEmpty ? (version == .ipv4 ? [0x08, 0x00] : [0x86, 0xdd]) : encapsulation
    }

    /// This packet behind `headers` (which start with the outer ethertype).
    public func encapsulated(_ headers: [UInt8]) -> WirePacket {
        var packet = self
        packet.encapsulation = headers
        return packet
    }

    /// The frame after the two MAC addresses: ethertype, encapsulation, packet.
    public var frameAfterAddresses: [UInt8] { etherStack + bytes }

    /// What a netdev chain sees (measured on 6.18; the ingress part also on 6.1): at ingress
    /// the kernel has moved an outer 802.1Q/802.1ad tag out of the packet, and `@nh` is right
    /// after the ethertype that follows it. At egress (frames from AF_PACKET) nothing is
    /// stripped; a VLAN frame's `@nh` is past all its tags. `@ll` shows the wire frame in both.
    public struct HookView: Sendable {
        /// `meta protocol`
        public var protocolType: [UInt8]
        /// From `@nh` on.
        public var network: [UInt8]
        /// From `@ll` on (starts with the two MAC addresses).
        public var link: [UInt8]
        /// The IP packet the kernel parses (transport offset, l4proto), when the protocol is IP.
        public var ip: WirePacket?
    }

    public static let macAddresses: [UInt8] = [2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1]

    public func view(ingress: Bool) -> HookView {
        let stack = etherStack
        let isTag = { (bytes: ArraySlice<UInt8>) in
            bytes.starts(with: [0x81, 0x00]) || bytes.starts(with: [0x88, 0xa8])
        }
        var rest = stack[...] + bytes[...]
        if ingress, isTag(rest), rest.count >= 6 { rest = rest.dropFirst(4) }
        let protocolType = Array(rest.prefix(2))
        var network = rest.dropFirst(2)
        if !ingress, isTag(rest[...]) {
            while isTag(network.dropFirst(2)), network.count >= 4 { network = network.dropFirst(4) }
            network = network.dropFirst(2)
        }
        var ip: WirePacket?
        if protocolType == [0x08, 0x00] { ip = WirePacket(version: .ipv4, bytes: Array(network)) }
        if protocolType == [0x86, 0xdd] { ip = WirePacket(version: .ipv6, bytes: Array(network)) }
        return HookView(
            protocolType: protocolType, network: Array(network), link: Self.macAddresses + stack + bytes, ip: ip)
    }

    /// The transport protocol and header offset the kernel records (`pkt->tprot`,
    /// `pkt->thoff`), or nil when it records none (NFT_PKTINFO_L4PROTO unset).
    public var transport: (proto: UInt8, offset: Int)? {
        switch version {
        case .ipv4:
            guard bytes.count >= 20 else { return nil }
            return (bytes[9], Int(bytes[0] & 0x0f) * 4)
        case .ipv6:
            return Self.ipv6FindHeader(bytes)
        }
    }

    /// `ipv6_find_hdr(skb, &thoff, -1, &fragoff, IP6_FH_F_AUTH)`: walks hop-by-hop,
    /// routing, fragment and destination-options headers; stops at AH (flag AUTH) and at
    /// the first non-extension header (ESP included). In a later fragment it returns the
    /// fragment header's next header early, without storing an offset: nft's `thoff` stays
    /// 0, so transport loads read the IPv6 header itself and `th dport` is the low half of
    /// the flow label (measured on 6.18: a later UDP fragment with flow label 0x10000
    /// matches `meta l4proto udp th dport 0`, one with zero payload and label 0x10001 does not).
    static func ipv6FindHeader(_ bytes: [UInt8]) -> (proto: UInt8, offset: Int)? {
        guard bytes.count >= 40 else { return nil }
        var next = bytes[6]
        var start = 40
        while true {
            switch next {
            case 0, 43, 60:  // hop-by-hop, routing, destination options: (len + 1) * 8
                guard start + 2 <= bytes.count else { return nil }
                next = bytes[start]
                start += (Int(bytes[start + 1]) + 1) * 8
            case 44:  // fragment: 8 bytes; offset in the top 13 bits of bytes 2-3
                guard start + 8 <= bytes.count else { return nil }
                let fragmentOffset = (UInt16(bytes[start + 2]) << 8 | UInt16(bytes[start + 3])) & 0xfff8
                next = bytes[start]
                start += 8
                if fragmentOffset != 0 { return (next, 0) }
            case 51:  // AH: the kernel's AUTH flag makes it the transport protocol
                return (51, start)
            default:  // 59 (no next header), ESP, TCP, UDP, ICMPv6 …
                return (next, start)
            }
        }
    }

    /// Offset of the first IPv6 extension header of `type` (as the `exthdr` expression's
    /// `ipv6_find_hdr(…, type, …)` finds it), or nil.
    public func ipv6ExtensionHeader(_ type: UInt8) -> Int? {
        guard version == .ipv6, bytes.count >= 40 else { return nil }
        var next = bytes[6]
        var start = 40
        while [0, 43, 44, 51, 60].contains(next) {
            if next == type { return start }
            guard start + 2 <= bytes.count else { return nil }
            let length =
                switch next {
                case 44: 8
                case 51: (Int(bytes[start + 1]) + 2) * 4
                default: (Int(bytes[start + 1]) + 1) * 8
                }
            next = bytes[start]
            start += length
        }
        return nil
    }
}

// MARK: - Building packets

extension WirePacket {
    public static let tcp: UInt8 = 6
    public static let udp: UInt8 = 17
    public static let icmp: UInt8 = 1
    public static let icmpv6: UInt8 = 58
    public static let esp: UInt8 = 50

    /// A TCP (20-byte) or UDP (8-byte) header with these ports, then `payload` bytes.
    public static func ports(_ proto: UInt8, sport: UInt16, dport: UInt16, payload: Int = 18) -> [UInt8] {
        var header = [UInt8(sport >> 8), UInt8(sport & 0xff), UInt8(dport >> 8), UInt8(dport & 0xff)]
        if proto == tcp {
            header += [0, 0, 0, 1, 0, 0, 0, 0, 0x50, 0x02, 0xff, 0xff, 0, 0, 0, 0]
        } else {
            header += [0, UInt8(8 + payload), 0, 0]
        }
        return header + Array(repeating: 0x61, count: payload)
    }

    /// An IPv4 packet. `fragmentOffset` is in 8-byte units; `options` (a multiple of four
    /// bytes) lengthen the header.
    public static func ipv4(
        _ proto: UInt8, _ transport: [UInt8], source: [UInt8] = [10, 0, 0, 1], destination: [UInt8] = [10, 0, 0, 2],
        fragmentOffset: UInt16 = 0, moreFragments: Bool = false, options: [UInt8] = []
    ) -> WirePacket {
        precondition(options.count % 4 == 0 && options.count <= 40)
        let headerLength = 20 + options.count
        let total = headerLength + transport.count
        let flags = (moreFragments ? UInt16(0x2000) : 0) | fragmentOffset
        var header: [UInt8] = [
            0x40 | UInt8(headerLength / 4), 0, UInt8(total >> 8), UInt8(total & 0xff), 0x12, 0x34,
            UInt8(flags >> 8), UInt8(flags & 0xff), 64, proto, 0, 0,
        ]
        header += source + destination + options
        let checksum = internetChecksum(header)
        header[10] = UInt8(checksum >> 8)
        header[11] = UInt8(checksum & 0xff)
        return WirePacket(version: .ipv4, bytes: header + transport)
    }

    /// RFC 1071 one's-complement sum, as `ip_rcv` verifies it on the IPv4 header.
    static func internetChecksum(_ bytes: [UInt8]) -> UInt16 {
        var sum: UInt32 = 0
        for index in stride(from: 0, to: bytes.count, by: 2) {
            sum += UInt32(bytes[index]) << 8 | UInt32(index + 1 < bytes.count ? bytes[index + 1] : 0)
        }
        while sum > 0xffff { sum = (sum & 0xffff) + (sum >> 16) }
        return ~UInt16(sum)
    }

    /// An IPv6 extension header carrying `next`: hop-by-hop (0), routing (43) or
    /// destination options (60), 8 bytes with padding.
    public static func ipv6Options(_ type: UInt8, next: UInt8) -> (type: UInt8, bytes: [UInt8]) {
        (type, type == 43 ? [next, 0, 0, 0, 0, 0, 0, 0] : [next, 0, 1, 4, 0, 0, 0, 0])
    }

    /// An IPv6 packet: `extensions` (type and bytes, whose first byte is the next header)
    /// before `transport`. The flow label is zero, as most stacks send it.
    public static func ipv6(
        _ proto: UInt8, _ transport: [UInt8], extensions: [(type: UInt8, bytes: [UInt8])] = [],
        source: [UInt8] = [0x20, 0x01, 0x0d, 0xb9] + Array(repeating: 0, count: 11) + [1],
        destination: [UInt8] = [0x20, 0x01, 0x0d, 0xb9] + Array(repeating: 0, count: 11) + [2]
    ) -> WirePacket {
        let payload = extensions.flatMap(\.bytes) + transport
        let next = extensions.first?.type ?? proto
        var header: [UInt8] = [0x60, 0, 0, 0, UInt8(payload.count >> 8), UInt8(payload.count & 0xff), next, 64]
        header += source + destination
        return WirePacket(version: .ipv6, bytes: header + payload)
    }

    /// An IPv6 fragment header: `offset` in 8-byte units.
    public static func ipv6Fragment(next: UInt8, offset: UInt16, more: Bool) -> (type: UInt8, bytes: [UInt8]) {
        let field = offset << 3 | (more ? 1 : 0)
        return (44, [next, 0, UInt8(field >> 8), UInt8(field & 0xff), 0, 0, 0x12, 0x34])
    }
}

import Port0Packets

/// A packet as one nf_tables hook sees it: what the kernel's `nft_set_pktinfo_*` derives from
/// the bytes before the chain runs (transport protocol and offset), and what a netdev hook
/// sees of a frame. Only what port0's expressions read is modelled.
extension WirePacket {
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

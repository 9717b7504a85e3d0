/// Frames carrying IP inside VLAN tags, a PPPoE session or an MPLS label stack, for the
/// edge profile: the same policy as plain frames, whatever the wrapping — and frames the
/// rules cannot read through are never dropped.
extension WirePacket {
    public static let vlan: UInt16 = 0x8100
    public static let qinq: UInt16 = 0x88a8

    static func bytes16(_ value: UInt16) -> [UInt8] { [UInt8(value >> 8), UInt8(value & 0xff)] }

    var ethertype: [UInt8] { version == .ipv4 ? [0x08, 0x00] : [0x86, 0xdd] }

    /// Behind VLAN tags with these TPIDs, outermost first (VLAN ids 100, 101, …), outside
    /// any encapsulation the packet already has; `innerType` overrides a bare packet's type.
    public func inVLAN(_ tpids: [UInt16], innerType: [UInt8]? = nil) -> WirePacket {
        let tags = tpids.enumerated().flatMap { index, tpid in Self.bytes16(tpid) + Self.bytes16(100 + UInt16(index)) }
        return encapsulated(tags + (encapsulation.isEmpty ? (innerType ?? ethertype) : encapsulation))
    }

    /// In a PPPoE session (session 0x1234), PPP protocol 0x0021 / 0x0057 unless given.
    public func inPPPoE(pppProtocol: UInt16? = nil, versionType: UInt8 = 0x11, length: UInt16? = nil) -> WirePacket {
        let ppp = pppProtocol ?? (version == .ipv4 ? 0x0021 : 0x0057)
        let payloadLength = length ?? UInt16(bytes.count + 2)
        return encapsulated(
            Self.bytes16(0x8864) + [versionType, 0x00, 0x12, 0x34] + Self.bytes16(payloadLength) + Self.bytes16(ppp))
    }

    /// Behind `labels` MPLS label entries (labels 1000, 1001, …, TTL 64); the last has the
    /// bottom-of-stack bit unless `bottomOfStack` is false.
    public func inMPLS(labels: Int, bottomOfStack: Bool = true) -> WirePacket {
        var stack = Self.bytes16(0x8847)
        for index in 0..<labels {
            let label = UInt32(1000 + index)
            let bottom: UInt32 = bottomOfStack && index == labels - 1 ? 1 : 0
            let entry = label << 12 | bottom << 8 | 64
            stack += [UInt8(entry >> 24), UInt8(entry >> 16 & 0xff), UInt8(entry >> 8 & 0xff), UInt8(entry & 0xff)]
        }
        return encapsulated(stack)
    }
}

extension WireCases {
    /// Each wrapping the edge profile reads through, by name.
    public static let wrappings: [(String, @Sendable (WirePacket) -> WirePacket)] = [
        ("802.1Q", { $0.inVLAN([WirePacket.vlan]) }),
        ("QinQ 802.1ad+802.1Q", { $0.inVLAN([WirePacket.qinq, WirePacket.vlan]) }),
        ("stacked 802.1Q/802.1Q", { $0.inVLAN([WirePacket.vlan, WirePacket.vlan]) }),
        ("three tags", { $0.inVLAN([WirePacket.qinq, WirePacket.vlan, WirePacket.vlan]) }),
        ("PPPoE", { $0.inPPPoE() }),
        ("MPLS 1 label", { $0.inMPLS(labels: 1) }),
        ("MPLS 2 labels", { $0.inMPLS(labels: 2) }),
        ("MPLS 3 labels", { $0.inMPLS(labels: 3) }),
        ("QinQ + PPPoE", { $0.inPPPoE().inVLAN([WirePacket.qinq, WirePacket.vlan]) }),
        ("802.1Q + MPLS 2 labels", { $0.inMPLS(labels: 2).inVLAN([WirePacket.vlan]) }),
        ("QinQ + MPLS 3 labels", { $0.inMPLS(labels: 3).inVLAN([WirePacket.qinq, WirePacket.vlan]) }),
        ("three tags + PPPoE", { $0.inPPPoE().inVLAN([WirePacket.qinq, WirePacket.vlan, WirePacket.vlan]) }),
    ]

    /// Inner packets: a name, the packet, and the counter that must drop it (nil: must pass).
    public static let innerPackets: [(String, WirePacket, String?)] = {
        let udp = WirePacket.udp
        let tcp = WirePacket.tcp
        let options: [UInt8] = [1, 1, 1, 0]
        let longOptions = [UInt8](repeating: 1, count: 40)  // IHL 15
        let fragment = { (next: UInt8, offset: UInt16) in
            WirePacket.ipv6Fragment(next: next, offset: offset, more: true)
        }
        var cases: [(String, WirePacket, String?)] = []
        let v4: [(String, [UInt8])] = [("IPv4", []), ("IPv4 IHL 6", options), ("IPv4 IHL 15", longOptions)]
        for (label, opts) in v4 {
            cases += [
                (
                    "\(label) UDP dport 0", .ipv4(udp, WirePacket.ports(udp, sport: 40000, dport: 0), options: opts),
                    "dport"
                ),
                (
                    "\(label) TCP sport 0", .ipv4(tcp, WirePacket.ports(tcp, sport: 0, dport: 443), options: opts),
                    "sport"
                ),
                ("\(label) UDP both 0", .ipv4(udp, WirePacket.ports(udp, sport: 0, dport: 0), options: opts), "dport"),
                ("\(label) UDP benign", .ipv4(udp, WirePacket.ports(udp, sport: 40000, dport: 53), options: opts), nil),
                (
                    "\(label) first fragment, UDP dport 0",
                    .ipv4(udp, WirePacket.ports(udp, sport: 40000, dport: 0), moreFragments: true, options: opts),
                    "dport"
                ),
                (
                    "\(label) later fragment, zero data",
                    .ipv4(
                        udp, [UInt8](repeating: 0, count: 48), fragmentOffset: 185, moreFragments: true, options: opts),
                    nil
                ),
                (
                    "\(label) ICMP checksum 0",
                    .ipv4(
                        WirePacket.icmp, [8, 0, 0, 0, 0x12, 0x34, 0, 1] + [UInt8](repeating: 0, count: 16),
                        options: opts), nil
                ),
                (
                    "\(label) ESP SPI low half 0",
                    .ipv4(WirePacket.esp, [0, 1, 0, 0] + [UInt8](repeating: 0, count: 28), options: opts), nil
                ),
            ]
        }
        cases += [
            ("IPv6 UDP dport 0", .ipv6(udp, WirePacket.ports(udp, sport: 40000, dport: 0)), "dport"),
            ("IPv6 TCP sport 0", .ipv6(tcp, WirePacket.ports(tcp, sport: 0, dport: 443)), "sport"),
            ("IPv6 UDP both 0", .ipv6(udp, WirePacket.ports(udp, sport: 0, dport: 0)), "dport"),
            ("IPv6 TCP benign", .ipv6(tcp, WirePacket.ports(tcp, sport: 51000, dport: 443)), nil),
            ("IPv6 ESP SPI 0", .ipv6(WirePacket.esp, [UInt8](repeating: 0, count: 32)), nil),
            ("IPv6 ICMPv6 checksum 0", .ipv6(WirePacket.icmpv6, [128, 0, 0, 0, 0x12, 0x34, 0, 1]), nil),
            (
                "IPv6 first fragment, UDP dport 0",
                .ipv6(udp, WirePacket.ports(udp, sport: 40000, dport: 0), extensions: [fragment(udp, 0)]), "dport"
            ),
            (
                "IPv6 first fragment, TCP sport 0",
                .ipv6(tcp, WirePacket.ports(tcp, sport: 0, dport: 443), extensions: [fragment(tcp, 0)]), "sport"
            ),
            (
                "IPv6 first fragment, UDP benign",
                .ipv6(udp, WirePacket.ports(udp, sport: 40000, dport: 53), extensions: [fragment(udp, 0)]), nil
            ),
            (
                "IPv6 later fragment, zero data",
                .ipv6(udp, [UInt8](repeating: 0, count: 48), extensions: [fragment(udp, 185)]), nil
            ),
            (
                "IPv6 fragment of ESP, zero data",
                .ipv6(WirePacket.esp, [UInt8](repeating: 0, count: 48), extensions: [fragment(WirePacket.esp, 0)]), nil
            ),
        ]
        return cases
    }()

    /// Every wrapping × every inner packet.
    public static let encapsulated: [(String, WirePacket, String?)] = wrappings.flatMap { wrapping, wrap in
        innerPackets.map { name, packet, field in ("\(wrapping): \(name)", wrap(packet), field) }
    }

    /// Frames the rules cannot read through, with a zero port inside where there is one:
    /// never dropped; the encapsulation whose `uninspected_*` counter counts them (nil: none,
    /// the frame is plainly not TCP/UDP or not IP).
    public static let uninspectable: [(String, WirePacket, String?)] = {
        let portZero = WirePacket.ipv4(WirePacket.udp, WirePacket.ports(WirePacket.udp, sport: 40000, dport: 0))
        let portZero6 = WirePacket.ipv6(WirePacket.udp, WirePacket.ports(WirePacket.udp, sport: 40000, dport: 0))
        let hopByHop = WirePacket.ipv6(
            WirePacket.udp, WirePacket.ports(WirePacket.udp, sport: 40000, dport: 0),
            extensions: [WirePacket.ipv6Options(0, next: WirePacket.udp)])
        let fragmentThenOptions = WirePacket.ipv6(
            WirePacket.udp, WirePacket.ports(WirePacket.udp, sport: 40000, dport: 0),
            extensions: [
                WirePacket.ipv6Fragment(next: 60, offset: 0, more: true),
                WirePacket.ipv6Options(60, next: WirePacket.udp),
            ])
        func truncated(_ packet: WirePacket, keeping count: Int) -> WirePacket {
            var packet = packet
            packet.bytes = Array(packet.bytes.prefix(count))
            return packet
        }
        /// The last two bytes of the encapsulation gone (and no packet behind it).
        func cut(_ packet: WirePacket) -> WirePacket {
            var packet = packet
            packet.encapsulation.removeLast(2)
            return packet
        }
        let tags = [WirePacket.vlan, WirePacket.vlan, WirePacket.vlan, WirePacket.vlan, WirePacket.vlan]
        return [
            ("five VLAN tags", portZero.inVLAN(tags), "vlan"),
            (
                "QinQ carrying ARP",
                truncated(portZero, keeping: 28).inVLAN([WirePacket.qinq, WirePacket.vlan], innerType: [0x08, 0x06]),
                "vlan"
            ),
            (
                "five tags carrying PPPoE", portZero.inPPPoE().inVLAN(tags), "vlan"
            ),
            (
                "QinQ + PPPoE LCP",
                truncated(portZero, keeping: 20).inPPPoE(pppProtocol: 0xc021).inVLAN([WirePacket.qinq, WirePacket.vlan]
                ),
                "pppoe"
            ),
            ("QinQ + MPLS 4 labels", portZero.inMPLS(labels: 4).inVLAN([WirePacket.qinq, WirePacket.vlan]), "mpls"),
            ("QinQ IPv6 behind hop-by-hop", hopByHop.inVLAN([WirePacket.qinq, WirePacket.vlan]), "vlan"),
            // Cut inside the encapsulation: nothing says what follows.
            (
                "QinQ cut inside the inner tag",
                cut(truncated(portZero, keeping: 0).inVLAN([WirePacket.qinq, WirePacket.vlan])), "vlan"
            ),
            // Cut right after it: an IP header too short to hold ports is passed, not counted.
            (
                "QinQ cut after the inner tag",
                truncated(portZero, keeping: 0).inVLAN([WirePacket.qinq, WirePacket.vlan]), nil
            ),
            (
                "QinQ IPv4 truncated before its ports",
                truncated(portZero, keeping: 21).inVLAN([WirePacket.qinq, WirePacket.vlan]), nil
            ),
            ("PPPoE LCP", truncated(portZero, keeping: 20).inPPPoE(pppProtocol: 0xc021), "pppoe"),
            ("PPPoE with version/type 0x22", portZero.inPPPoE(versionType: 0x22), "pppoe"),
            ("PPPoE IPv6 behind fragment + destination options", fragmentThenOptions.inPPPoE(), "pppoe"),
            ("PPPoE cut inside the PPP protocol", cut(truncated(portZero, keeping: 0).inPPPoE()), "pppoe"),
            ("PPPoE cut after its header", truncated(portZero, keeping: 0).inPPPoE(), nil),
            (
                "PPPoE length field 0 (lies), benign inside",
                WirePacket.ipv4(WirePacket.udp, WirePacket.ports(WirePacket.udp, sport: 1, dport: 2)).inPPPoE(
                    length: 0), nil
            ),
            (
                "PPPoE length field 1500 (lies), benign inside",
                WirePacket.ipv6(WirePacket.tcp, WirePacket.ports(WirePacket.tcp, sport: 1, dport: 2)).inPPPoE(
                    length: 1500), nil
            ),
            ("MPLS 4 labels", portZero.inMPLS(labels: 4), "mpls"),
            ("MPLS 3 labels without bottom of stack", portZero6.inMPLS(labels: 3, bottomOfStack: false), "mpls"),
            (
                "MPLS pseudowire control word",
                WirePacket(version: .ipv4, bytes: [0, 0, 0, 0] + portZero.bytes).inMPLS(labels: 1), "mpls"
            ),
            ("MPLS cut after the label", truncated(portZero, keeping: 0).inMPLS(labels: 1), "mpls"),
            ("MPLS cut inside the label", cut(truncated(portZero, keeping: 0).inMPLS(labels: 1)), "mpls"),
        ]
    }()
}

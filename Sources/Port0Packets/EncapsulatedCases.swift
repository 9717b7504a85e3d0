/// Frames carrying IP inside VLAN tags, a PPPoE session or an MPLS label stack, for the
/// edge profile: the same policy as plain frames, whatever the wrapping — and frames the
/// rules cannot read through are never dropped.
extension PacketCases {
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

    /// Inner packets: IPv4 with and without options, IPv6 with fragment headers; port 0,
    /// benign, later fragments and look-alikes.
    public static let innerPackets: [PacketCase] = {
        let longOptions = [UInt8](repeating: 1, count: 40)  // IHL 15
        let fragment: @Sendable (UInt8, UInt16) -> (type: UInt8, bytes: [UInt8]) = { next, offset in
            WirePacket.ipv6Fragment(next: next, offset: offset, more: true)
        }
        let zeros = [UInt8](repeating: 0, count: 48)
        var cases: [PacketCase] = []
        for (label, opts) in [("IPv4", [UInt8]()), ("IPv4 IHL 6", [1, 1, 1, 0]), ("IPv4 IHL 15", longOptions)] {
            cases += [
                PacketCase("\(label) UDP dport 0", drops: "dport") { e, m in
                    [e.ipv4(udp, ports(udp, 40000, 0, m), options: opts)]
                },
                PacketCase("\(label) TCP sport 0", drops: "sport") { e, m in
                    [e.ipv4(tcp, ports(tcp, 0, 443, m), options: opts)]
                },
                PacketCase("\(label) UDP both 0", drops: "dport") { e, m in
                    [e.ipv4(udp, ports(udp, 0, 0, m), options: opts)]
                },
                PacketCase("\(label) UDP benign") { e, m in [e.ipv4(udp, ports(udp, 40000, 53, m), options: opts)] },
                PacketCase("\(label) first fragment, UDP dport 0", drops: "dport") { e, m in
                    [e.ipv4(udp, ports(udp, 40000, 0, m), moreFragments: true, options: opts)]
                },
                PacketCase("\(label) later fragment, zero data") { e, _ in
                    [e.ipv4(udp, zeros, fragmentOffset: 185, moreFragments: true, options: opts)]
                },
                PacketCase("\(label) ICMP checksum 0") { e, m in
                    let echo = WirePacket.echoWithZeroChecksum(
                        source: e.sourceV4, destination: e.destinationV4,
                        data: tag(m) + [UInt8](repeating: 0, count: 16))
                    return [e.ipv4(WirePacket.icmp, echo, options: opts)]
                },
                PacketCase("\(label) ESP SPI low half 0") { e, m in
                    [e.ipv4(WirePacket.esp, [0, 1, 0, 0] + tag(m) + [UInt8](repeating: 0, count: 20), options: opts)]
                },
            ]
        }
        cases += [
            PacketCase("IPv6 UDP dport 0", drops: "dport") { e, m in [e.ipv6(udp, ports(udp, 40000, 0, m))] },
            PacketCase("IPv6 TCP sport 0", drops: "sport") { e, m in [e.ipv6(tcp, ports(tcp, 0, 443, m))] },
            PacketCase("IPv6 UDP both 0", drops: "dport") { e, m in [e.ipv6(udp, ports(udp, 0, 0, m))] },
            PacketCase("IPv6 TCP benign") { e, m in [e.ipv6(tcp, ports(tcp, 51000, 443, m))] },
            PacketCase("IPv6 ESP SPI 0") { e, m in
                [e.ipv6(WirePacket.esp, [UInt8](repeating: 0, count: 8) + tag(m) + [UInt8](repeating: 0, count: 16))]
            },
            PacketCase("IPv6 ICMPv6 checksum 0") { e, m in
                let echo = WirePacket.echoWithZeroChecksum(
                    source: e.sourceV6, destination: e.destinationV6, data: tag(m))
                return [e.ipv6(WirePacket.icmpv6, echo)]
            },
            PacketCase("IPv6 first fragment, UDP dport 0", drops: "dport") { e, m in
                [e.ipv6(udp, ports(udp, 40000, 0, m), extensions: [fragment(udp, 0)])]
            },
            PacketCase("IPv6 first fragment, TCP sport 0", drops: "sport") { e, m in
                [e.ipv6(tcp, ports(tcp, 0, 443, m), extensions: [fragment(tcp, 0)])]
            },
            PacketCase("IPv6 first fragment, UDP benign") { e, m in
                [e.ipv6(udp, ports(udp, 40000, 53, m), extensions: [fragment(udp, 0)])]
            },
            PacketCase("IPv6 later fragment, zero data") { e, _ in
                [e.ipv6(udp, zeros, extensions: [fragment(udp, 185)])]
            },
            PacketCase("IPv6 fragment of ESP, zero data") { e, _ in
                [e.ipv6(WirePacket.esp, zeros, extensions: [fragment(WirePacket.esp, 0)])]
            },
        ]
        return cases
    }()

    /// Every wrapping × every inner packet.
    public static let encapsulated: [PacketCase] = wrappings.flatMap { wrapping, wrap in
        innerPackets.map { inner in
            var packetCase = PacketCase("\(wrapping): \(inner.name)", drops: inner.drops, reachesSockets: false) {
                e, m in inner.packets(e, marker: m).map(wrap)
            }
            packetCase.wrapping = wrapping
            return packetCase
        }
    }

    /// Frames the rules cannot read through, with a zero port inside where there is one:
    /// never dropped; `uninspected` names the encapsulation whose counter counts them (nil:
    /// none, the frame is plainly not TCP/UDP or not IP).
    public static let uninspectable: [PacketCase] = {
        func frame(_ name: String, _ counter: String?, _ make: @escaping @Sendable (PacketCase.Endpoints) -> WirePacket)
            -> PacketCase
        {
            var packetCase = PacketCase(name, reachesSockets: false) { e, _ in [make(e)] }
            packetCase.uninspected = counter
            return packetCase
        }
        let portZero: @Sendable (PacketCase.Endpoints) -> WirePacket = { $0.ipv4(udp, ports(udp, 40000, 0, [])) }
        let portZero6: @Sendable (PacketCase.Endpoints) -> WirePacket = { $0.ipv6(udp, ports(udp, 40000, 0, [])) }
        /// The first `count` bytes of the IP packet only.
        let truncated: @Sendable (WirePacket, Int) -> WirePacket = { packet, count in
            WirePacket(version: packet.version, bytes: Array(packet.bytes.prefix(count)))
        }
        /// The last two bytes of the encapsulation gone (and no packet behind it).
        let cut: @Sendable (WirePacket) -> WirePacket = { packet in
            var packet = packet
            packet.encapsulation.removeLast(2)
            return packet
        }
        let qinq = [WirePacket.qinq, WirePacket.vlan]
        let five = [WirePacket.vlan, WirePacket.vlan, WirePacket.vlan, WirePacket.vlan, WirePacket.vlan]
        return [
            frame("five VLAN tags", "vlan") { portZero($0).inVLAN(five) },
            frame("QinQ carrying ARP", "vlan") { truncated(portZero($0), 28).inVLAN(qinq, innerType: [0x08, 0x06]) },
            frame("five tags carrying PPPoE", "vlan") { portZero($0).inPPPoE().inVLAN(five) },
            frame("QinQ + PPPoE LCP", "pppoe") {
                truncated(portZero($0), 20).inPPPoE(pppProtocol: 0xc021).inVLAN(qinq)
            },
            frame("QinQ + MPLS 4 labels", "mpls") { portZero($0).inMPLS(labels: 4).inVLAN(qinq) },
            frame("QinQ IPv6 behind hop-by-hop", "vlan") {
                $0.ipv6(udp, ports(udp, 40000, 0, []), extensions: [WirePacket.ipv6Options(0, next: udp)]).inVLAN(qinq)
            },
            // Cut inside the encapsulation: nothing says what follows.
            frame("QinQ cut inside the inner tag", "vlan") { cut(truncated(portZero($0), 0).inVLAN(qinq)) },
            // Cut right after it: an IP header too short to hold ports is passed, not counted.
            frame("QinQ cut after the inner tag", nil) { truncated(portZero($0), 0).inVLAN(qinq) },
            frame("QinQ IPv4 truncated before its ports", nil) { truncated(portZero($0), 21).inVLAN(qinq) },
            frame("PPPoE LCP", "pppoe") { truncated(portZero($0), 20).inPPPoE(pppProtocol: 0xc021) },
            frame("PPPoE with version/type 0x22", "pppoe") { portZero($0).inPPPoE(versionType: 0x22) },
            frame("PPPoE IPv6 behind fragment + destination options", "pppoe") {
                $0.ipv6(
                    udp, ports(udp, 40000, 0, []),
                    extensions: [
                        WirePacket.ipv6Fragment(next: 60, offset: 0, more: true), WirePacket.ipv6Options(60, next: udp),
                    ]
                ).inPPPoE()
            },
            frame("PPPoE cut inside the PPP protocol", "pppoe") { cut(truncated(portZero($0), 0).inPPPoE()) },
            frame("PPPoE cut after its header", nil) { truncated(portZero($0), 0).inPPPoE() },
            frame("PPPoE length field 0 (lies), benign inside", nil) {
                $0.ipv4(udp, WirePacket.ports(udp, sport: 1, dport: 2)).inPPPoE(length: 0)
            },
            frame("PPPoE length field 1500 (lies), benign inside", nil) {
                $0.ipv6(tcp, WirePacket.ports(tcp, sport: 1, dport: 2)).inPPPoE(length: 1500)
            },
            frame("MPLS 4 labels", "mpls") { portZero($0).inMPLS(labels: 4) },
            frame("MPLS 3 labels without bottom of stack", "mpls") {
                portZero6($0).inMPLS(labels: 3, bottomOfStack: false)
            },
            frame("MPLS pseudowire control word", "mpls") {
                WirePacket(version: .ipv4, bytes: [0, 0, 0, 0] + portZero($0).bytes).inMPLS(labels: 1)
            },
            frame("MPLS cut after the label", "mpls") { truncated(portZero($0), 0).inMPLS(labels: 1) },
            frame("MPLS cut inside the label", "mpls") { cut(truncated(portZero($0), 0).inMPLS(labels: 1)) },
        ]
    }()
}

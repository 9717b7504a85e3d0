/// The one list of packet cases: what `port0 selftest` sends and what the evaluator and
/// kernel-agreement tests prove. Plain IP first (every profile, every direction), then the
/// same policy inside VLAN, PPPoE and MPLS frames and the frames the edge cannot read through.
public enum PacketCases {
    public static let all: [PacketCase] = plain + encapsulated + uninspectable
    public static let plain: [PacketCase] = benign + portZero + lookAlikes + otherProtocols + fragmentPairs

    static let tcp = WirePacket.tcp
    static let udp = WirePacket.udp

    /// Eight data bytes: the marker, or filler when there is none, so the layout is fixed.
    static func tag(_ marker: [UInt8]) -> [UInt8] {
        Array((marker + [UInt8](repeating: 0x61, count: 8)).prefix(8))
    }

    static func ports(_ proto: UInt8, _ sport: UInt16, _ dport: UInt16, _ marker: [UInt8]) -> [UInt8] {
        WirePacket.ports(proto, sport: sport, dport: dport, data: marker)
    }

    static func label(_ version: WirePacket.Version) -> String { version == .ipv4 ? "IPv4" : "IPv6" }

    public static let benign: [PacketCase] = [
        PacketCase("IPv4 TCP") { e, m in [e.ipv4(tcp, ports(tcp, 51000, 443, m))] },
        PacketCase("IPv4 UDP") { e, m in [e.ipv4(udp, ports(udp, 40000, 53, m))] },
        PacketCase("IPv6 TCP") { e, m in [e.ipv6(tcp, ports(tcp, 51000, 443, m))] },
        PacketCase("IPv6 UDP") { e, m in [e.ipv6(udp, ports(udp, 40000, 53, m))] },
        PacketCase("IPv4 UDP with options") { e, m in [e.ipv4(udp, ports(udp, 40000, 53, m), options: [1, 1, 1, 0])] },
        PacketCase("IPv6 TCP after hop-by-hop and destination options") { e, m in
            [
                e.ipv6(
                    tcp, ports(tcp, 51000, 443, m),
                    extensions: [WirePacket.ipv6Options(0, next: 60), WirePacket.ipv6Options(60, next: tcp)])
            ]
        },
        // Port 0 in the payload only: the rules must read the header, not the data.
        PacketCase("IPv4 UDP with zero bytes after the header") { e, m in
            [e.ipv4(udp, ports(udp, 40000, 53, m) + [0, 0, 0, 0])]
        },
    ]

    /// {TCP, UDP} × {dport 0, sport 0, both 0} × {IPv4, IPv6}, then behind options and
    /// extension headers, and in first fragments.
    public static let portZero: [PacketCase] =
        [WirePacket.Version.ipv4, .ipv6].flatMap { version in
            [("TCP", tcp, UInt16(51000), UInt16(443)), ("UDP", udp, 40000, 53)].flatMap { name, proto, sport, dport in
                [("dport 0", sport, UInt16(0), "dport"), ("sport 0", 0, dport, "sport"), ("both 0", 0, 0, "dport")].map
                {
                    what, sport, dport, field in
                    PacketCase("\(label(version)) \(name) \(what)", drops: field) { e, m in
                        [e.ip(version, proto, ports(proto, sport, dport, m))]
                    }
                }
            }
        } + [
            PacketCase("IPv4 UDP dport 0 behind options", drops: "dport") { e, m in
                [e.ipv4(udp, ports(udp, 40000, 0, m), options: [1, 1, 1, 0])]
            },
            PacketCase("IPv6 UDP dport 0 behind hop-by-hop, routing and destination options", drops: "dport") { e, m in
                [
                    e.ipv6(
                        udp, ports(udp, 40000, 0, m),
                        extensions: [
                            WirePacket.ipv6Options(0, next: 43), WirePacket.ipv6Options(43, next: 60),
                            WirePacket.ipv6Options(60, next: udp),
                        ])
                ]
            },
            PacketCase("IPv4 first fragment, UDP dport 0", drops: "dport", reachesSockets: false) { e, m in
                [e.ipv4(udp, ports(udp, 40000, 0, m), moreFragments: true)]
            },
            PacketCase("IPv6 first fragment, TCP sport 0", drops: "sport", reachesSockets: false) { e, m in
                [
                    e.ipv6(
                        tcp, ports(tcp, 0, 443, m),
                        extensions: [WirePacket.ipv6Fragment(next: tcp, offset: 0, more: true)])
                ]
            },
        ]

    /// Later fragments whose first data bytes, where ports would be, are zero: a naive
    /// `th dport 0` (or the kernel's fast path on fragments) would drop them.
    public static let lookAlikes: [PacketCase] = [
        PacketCase("IPv4 later fragment of UDP, zero data", reachesSockets: false) { e, _ in
            [e.ipv4(udp, [UInt8](repeating: 0, count: 64), fragmentOffset: 185, moreFragments: true)]
        },
        PacketCase("IPv4 last fragment of TCP, zero data", reachesSockets: false) { e, _ in
            [e.ipv4(tcp, [UInt8](repeating: 0, count: 24), fragmentOffset: 1)]
        },
        PacketCase("IPv4 later fragment behind options", reachesSockets: false) { e, _ in
            [e.ipv4(udp, [UInt8](repeating: 0, count: 16), fragmentOffset: 3, options: [1, 1, 1, 0])]
        },
        PacketCase("IPv6 later fragment of UDP, zero data", reachesSockets: false) { e, _ in
            [
                e.ipv6(
                    udp, [UInt8](repeating: 0, count: 64),
                    extensions: [WirePacket.ipv6Fragment(next: udp, offset: 185, more: true)])
            ]
        },
        PacketCase("IPv6 later fragment behind hop-by-hop", reachesSockets: false) { e, _ in
            [
                e.ipv6(
                    tcp, [UInt8](repeating: 0, count: 32),
                    extensions: [
                        WirePacket.ipv6Options(0, next: 44), WirePacket.ipv6Fragment(next: tcp, offset: 7, more: false),
                    ])
            ]
        },
    ]

    /// Not TCP or UDP (or too short to be), with zeros where ports would be: never touched.
    public static let otherProtocols: [PacketCase] = [
        PacketCase("IPv4 ICMP echo, checksum 0x0000") { e, m in
            let echo = WirePacket.echoWithZeroChecksum(
                source: e.sourceV4, destination: e.destinationV4, data: tag(m) + [UInt8](repeating: 0, count: 16))
            return [e.ipv4(WirePacket.icmp, echo)]
        },
        PacketCase("IPv6 ICMPv6 echo, checksum 0x0000") { e, m in
            [
                e.ipv6(
                    WirePacket.icmpv6,
                    WirePacket.echoWithZeroChecksum(source: e.sourceV6, destination: e.destinationV6, data: tag(m)))
            ]
        },
        // SPI 0x00010000: bytes 0-1 and 2-3 read as "ports" 1 and 0.
        PacketCase("IPv4 ESP with SPI low half 0") { e, m in
            [e.ipv4(WirePacket.esp, [0, 1, 0, 0, 0, 0, 0, 7] + tag(m) + [UInt8](repeating: 0, count: 16))]
        },
        PacketCase("IPv6 ESP with SPI 0") { e, m in
            [e.ipv6(WirePacket.esp, [UInt8](repeating: 0, count: 8) + tag(m) + [UInt8](repeating: 0, count: 16))]
        },
        PacketCase("IPv6 ESP behind destination options") { e, m in
            [
                e.ipv6(
                    WirePacket.esp, [UInt8](repeating: 0, count: 8) + tag(m) + [UInt8](repeating: 0, count: 16),
                    extensions: [WirePacket.ipv6Options(60, next: WirePacket.esp)])
            ]
        },
        PacketCase("IPv4 SCTP with port 0") { e, m in
            [e.ipv4(WirePacket.sctp, [UInt8](repeating: 0, count: 12) + tag(m) + [UInt8](repeating: 0, count: 12))]
        },
        PacketCase("IPv4 UDP truncated before its ports", reachesSockets: false) { e, _ in [e.ipv4(udp, [0])] },
    ]

    /// A 32-byte UDP datagram cut after 16 bytes: the second fragment starts with four zero
    /// bytes, where a naive `udp dport 0` rule looks for ports. Whole again at the receiver.
    public static let fragmentPairs: [PacketCase] = [WirePacket.Version.ipv4, .ipv6].flatMap { version in
        [(UInt16(53), "2nd has zeros at port offsets", String?.none), (0, "1st says dport 0", "dport")].map {
            dport, what, field in
            PacketCase("\(label(version)) UDP fragments, \(what)", drops: field) { e, m in
                let id = m.count == 8 ? UInt16(m[6]) << 8 | UInt16(m[7]) : 0x5030
                let (source, destination) =
                    version == .ipv4 ? (e.sourceV4, e.destinationV4) : (e.sourceV6, e.destinationV6)
                let header = UInt16(40000).bigEndianBytes + dport.bigEndianBytes + UInt16(32).bigEndianBytes + [0, 0]
                let segment = WirePacket.checksummed(
                    udp, header + tag(m) + [0, 0, 0, 0] + [UInt8](repeating: 0x5a, count: 12), source: source,
                    destination: destination)
                return [(0, segment[..<16], true), (2, segment[16...], false)].map { offset, piece, more in
                    version == .ipv4
                        ? e.ipv4(udp, Array(piece), fragmentOffset: offset, moreFragments: more, identification: id)
                        : e.ipv6(
                            udp, Array(piece),
                            extensions: [
                                WirePacket.ipv6Fragment(
                                    next: udp, offset: offset, more: more, identification: 0x5030_0000 | UInt32(id))
                            ])
                }
            }
        }
    }
}

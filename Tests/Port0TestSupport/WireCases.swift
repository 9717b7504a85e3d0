/// The wire-level cases port0 must get right, shared by the bytecode-evaluator tests and the
/// kernel test that checks the evaluator against nf_tables.
public enum WireCases {
    public static let benign: [(String, WirePacket)] = [
        ("IPv4 TCP", .ipv4(WirePacket.tcp, WirePacket.ports(WirePacket.tcp, sport: 51000, dport: 443))),
        ("IPv4 UDP", .ipv4(WirePacket.udp, WirePacket.ports(WirePacket.udp, sport: 40000, dport: 53))),
        ("IPv6 TCP", .ipv6(WirePacket.tcp, WirePacket.ports(WirePacket.tcp, sport: 51000, dport: 443))),
        ("IPv6 UDP", .ipv6(WirePacket.udp, WirePacket.ports(WirePacket.udp, sport: 40000, dport: 53))),
        (
            "IPv4 UDP with options",
            .ipv4(WirePacket.udp, WirePacket.ports(WirePacket.udp, sport: 40000, dport: 53), options: [1, 1, 1, 0])
        ),
        (
            "IPv6 TCP after hop-by-hop and destination options",
            .ipv6(
                WirePacket.tcp, WirePacket.ports(WirePacket.tcp, sport: 51000, dport: 443),
                extensions: [WirePacket.ipv6Options(0, next: 60), WirePacket.ipv6Options(60, next: WirePacket.tcp)])
        ),
        // Port 0 in the payload only: the rules must read the header, not the data.
        (
            "IPv4 UDP with zero bytes after the header",
            .ipv4(WirePacket.udp, WirePacket.ports(WirePacket.udp, sport: 40000, dport: 53) + [0, 0, 0, 0])
        ),
    ]

    public static let portZero: [(String, WirePacket, String)] = [
        ("IPv4 TCP dport 0", .ipv4(WirePacket.tcp, WirePacket.ports(WirePacket.tcp, sport: 51000, dport: 0)), "dport"),
        ("IPv4 UDP sport 0", .ipv4(WirePacket.udp, WirePacket.ports(WirePacket.udp, sport: 0, dport: 53)), "sport"),
        ("IPv4 UDP both 0", .ipv4(WirePacket.udp, WirePacket.ports(WirePacket.udp, sport: 0, dport: 0)), "dport"),
        ("IPv6 TCP sport 0", .ipv6(WirePacket.tcp, WirePacket.ports(WirePacket.tcp, sport: 0, dport: 443)), "sport"),
        ("IPv6 UDP dport 0", .ipv6(WirePacket.udp, WirePacket.ports(WirePacket.udp, sport: 40000, dport: 0)), "dport"),
        (
            "IPv4 UDP dport 0 behind options",
            .ipv4(WirePacket.udp, WirePacket.ports(WirePacket.udp, sport: 40000, dport: 0), options: [1, 1, 1, 0]),
            "dport"
        ),
        (
            "IPv6 UDP dport 0 behind hop-by-hop, routing and destination options",
            .ipv6(
                WirePacket.udp, WirePacket.ports(WirePacket.udp, sport: 40000, dport: 0),
                extensions: [
                    WirePacket.ipv6Options(0, next: 43), WirePacket.ipv6Options(43, next: 60),
                    WirePacket.ipv6Options(60, next: WirePacket.udp),
                ]),
            "dport"
        ),
        (
            "IPv4 first fragment, UDP dport 0",
            .ipv4(WirePacket.udp, WirePacket.ports(WirePacket.udp, sport: 40000, dport: 0), moreFragments: true),
            "dport"
        ),
        (
            "IPv6 first fragment, TCP sport 0",
            .ipv6(
                WirePacket.tcp, WirePacket.ports(WirePacket.tcp, sport: 0, dport: 443),
                extensions: [WirePacket.ipv6Fragment(next: WirePacket.tcp, offset: 0, more: true)]),
            "sport"
        ),
    ]

    /// Packets whose bytes where ports would be are zero but that carry no port: a naive
    /// `th dport 0` (or the kernel's fast path on fragments) would drop them.
    public static let lookAlikes: [(String, WirePacket)] = [
        (
            "IPv4 later fragment of UDP, zero data",
            .ipv4(WirePacket.udp, Array(repeating: 0, count: 64), fragmentOffset: 185, moreFragments: true)
        ),
        (
            "IPv4 last fragment of TCP, zero data",
            .ipv4(WirePacket.tcp, Array(repeating: 0, count: 24), fragmentOffset: 1)
        ),
        (
            "IPv4 later fragment behind options",
            .ipv4(WirePacket.udp, Array(repeating: 0, count: 16), fragmentOffset: 3, options: [1, 1, 1, 0])
        ),
        (
            "IPv6 later fragment of UDP, zero data",
            .ipv6(
                WirePacket.udp, Array(repeating: 0, count: 64),
                extensions: [WirePacket.ipv6Fragment(next: WirePacket.udp, offset: 185, more: true)])
        ),
        (
            "IPv6 later fragment behind hop-by-hop",
            .ipv6(
                WirePacket.tcp, Array(repeating: 0, count: 32),
                extensions: [
                    WirePacket.ipv6Options(0, next: 44),
                    WirePacket.ipv6Fragment(next: WirePacket.tcp, offset: 7, more: false),
                ])
        ),
    ]

    public static let otherProtocols: [(String, WirePacket)] = [
        // Echo request, checksum field zero: bytes 2-3 of the header are 0.
        (
            "ICMP with checksum 0",
            .ipv4(WirePacket.icmp, [8, 0, 0, 0, 0x12, 0x34, 0, 1] + Array(repeating: 0, count: 16))
        ),
        ("ICMPv6 with checksum 0", .ipv6(WirePacket.icmpv6, [128, 0, 0, 0, 0x12, 0x34, 0, 1])),
        // SPI 0x00010000: bytes 0-1 and 2-3 read as "ports" 1 and 0.
        ("ESP with SPI low half 0", .ipv4(WirePacket.esp, [0, 1, 0, 0, 0, 0, 0, 7] + Array(repeating: 0, count: 24))),
        ("IPv6 ESP with SPI 0", .ipv6(WirePacket.esp, Array(repeating: 0, count: 32))),
        (
            "IPv6 ESP behind destination options",
            .ipv6(
                WirePacket.esp, Array(repeating: 0, count: 32),
                extensions: [WirePacket.ipv6Options(60, next: WirePacket.esp)])
        ),
        ("SCTP with port 0", .ipv4(132, [0, 0, 0, 0] + Array(repeating: 0, count: 28))),
        ("UDP truncated before its ports", .ipv4(WirePacket.udp, [0])),
    ]
}

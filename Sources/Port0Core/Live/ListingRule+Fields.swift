/// What `ListingRule` knows of nft's names: header fields with their offsets, lengths and
/// value spellings, protocol and ethertype names, conntrack states and limit units.
extension ListingRule {
    static let unitSeconds: [String: UInt64] = [
        "second": 1, "minute": 60, "hour": 3600, "day": 86400, "week": 604800,
    ]

    static let ctStates: [String: UInt32] = [
        "invalid": 1, "established": 2, "related": 4, "new": 8, "untracked": 64,
    ]

    struct PayloadField {
        var base: PayloadBase
        var offset: UInt32
        var length: UInt32
        var kind: ValueKind
        var datatype: UInt32?
    }

    /// TYPE_INET_SERVICE: ports in anonymous sets.
    static let inetService: UInt32 = 13

    static let payloadFields: [String: [String: PayloadField]] = {
        let ports: [String: PayloadField] = [
            "sport": PayloadField(base: .transport, offset: 0, length: 2, kind: .integer, datatype: inetService),
            "dport": PayloadField(base: .transport, offset: 2, length: 2, kind: .integer, datatype: inetService),
        ]
        return [
            "th": ports, "tcp": ports, "udp": ports,
            "ip": [
                "saddr": PayloadField(
                    base: .network, offset: 12, length: 4, kind: .address(.ipv4), datatype: NftDatatype.ipv4Address),
                "daddr": PayloadField(
                    base: .network, offset: 16, length: 4, kind: .address(.ipv4), datatype: NftDatatype.ipv4Address),
                "protocol": PayloadField(
                    base: .network, offset: 9, length: 1, kind: .l4proto, datatype: NftDatatype.inetProtocol),
                "frag-off": PayloadField(base: .network, offset: 6, length: 2, kind: .integer),
                "ttl": PayloadField(base: .network, offset: 8, length: 1, kind: .integer),
            ],
            "ip6": [
                "saddr": PayloadField(
                    base: .network, offset: 8, length: 16, kind: .address(.ipv6), datatype: NftDatatype.ipv6Address),
                "daddr": PayloadField(
                    base: .network, offset: 24, length: 16, kind: .address(.ipv6), datatype: NftDatatype.ipv6Address),
                "nexthdr": PayloadField(
                    base: .network, offset: 6, length: 1, kind: .l4proto, datatype: NftDatatype.inetProtocol),
                "hoplimit": PayloadField(base: .network, offset: 7, length: 1, kind: .integer),
            ],
        ]
    }()

    /// Names nft prints for protocol numbers (from /etc/protocols on Debian).
    static let protocolNumbers: [String: UInt8] = [
        "icmp": 1, "igmp": 2, "tcp": 6, "udp": 17, "gre": 47, "esp": 50, "ah": 51, "ipv6-icmp": 58,
        "icmpv6": 58, "sctp": 132, "udplite": 136,
    ]

    static let ethertypes: [String: UInt16] = ["ip": 0x0800, "ip6": 0x86dd, "arp": 0x0806, "vlan": 0x8100]
}

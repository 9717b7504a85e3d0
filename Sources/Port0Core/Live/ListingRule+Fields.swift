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
        /// A field of fewer bits than it loads (ip dscp): masked, values shifted into place.
        var mask: [UInt8]? = nil
        var shift = 0
    }

    /// TYPE_INET_SERVICE: ports in anonymous sets.
    static let inetService: UInt32 = 13

    static let payloadFields: [String: [String: PayloadField]] = {
        let ports: [String: PayloadField] = [
            "sport": PayloadField(base: .transport, offset: 0, length: 2, kind: .integer, datatype: inetService),
            "dport": PayloadField(base: .transport, offset: 2, length: 2, kind: .integer, datatype: inetService),
        ]
        return [
            "th": ports, "udp": ports,
            "tcp": ports.merging(
                ["flags": PayloadField(base: .transport, offset: 13, length: 1, kind: .named(tcpFlags))]
            ) { a, _ in a },
            "icmp": [
                "type": PayloadField(base: .transport, offset: 0, length: 1, kind: .named(icmpTypes), datatype: 14),
                "code": PayloadField(base: .transport, offset: 1, length: 1, kind: .integer),
            ],
            "icmpv6": [
                "type": PayloadField(base: .transport, offset: 0, length: 1, kind: .named(icmpv6Types), datatype: 29),
                "code": PayloadField(base: .transport, offset: 1, length: 1, kind: .integer),
            ],
            "ip": [
                "saddr": PayloadField(
                    base: .network, offset: 12, length: 4, kind: .address(.ipv4), datatype: NftDatatype.ipv4Address),
                "daddr": PayloadField(
                    base: .network, offset: 16, length: 4, kind: .address(.ipv4), datatype: NftDatatype.ipv4Address),
                "protocol": PayloadField(
                    base: .network, offset: 9, length: 1, kind: .l4proto, datatype: NftDatatype.inetProtocol),
                "frag-off": PayloadField(base: .network, offset: 6, length: 2, kind: .integer),
                "ttl": PayloadField(base: .network, offset: 8, length: 1, kind: .integer),
                "dscp": PayloadField(
                    base: .network, offset: 1, length: 1, kind: .named(dscpNames), mask: [0xfc], shift: 2),
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

    /// nft 1.0.6's ethertype symbols (src/proto.c).
    static let ethertypes: [String: UInt16] = [
        "ip": 0x0800, "ip6": 0x86dd, "arp": 0x0806, "vlan": 0x8100, "8021q": 0x8100, "8021ad": 0x88a8,
    ]

    /// Bases of raw payload loads: `@ll`, `@nh`, `@th` (`@ih`, the inner header, has no IR form).
    static let rawBases: [String: PayloadBase] = ["ll": .link, "nh": .network, "th": .transport]

    static let logLevels: [String: Int] = [
        "emerg": 0, "alert": 1, "crit": 2, "err": 3, "warn": 4, "notice": 5, "info": 6, "debug": 7,
    ]

    static let tcpFlags: [String: UInt8] = [
        "fin": 0x01, "syn": 0x02, "rst": 0x04, "psh": 0x08, "ack": 0x10, "urg": 0x20, "ecn": 0x40, "cwr": 0x80,
    ]

    static let packetTypes: [String: UInt8] = ["host": 0, "broadcast": 1, "multicast": 2, "other": 3]

    static let icmpTypes: [String: UInt8] = [
        "echo-reply": 0, "destination-unreachable": 3, "source-quench": 4, "redirect": 5, "echo-request": 8,
        "router-advertisement": 9, "router-solicitation": 10, "time-exceeded": 11, "parameter-problem": 12,
        "timestamp-request": 13, "timestamp-reply": 14, "info-request": 15, "info-reply": 16,
        "address-mask-request": 17, "address-mask-reply": 18,
    ]

    static let icmpv6Types: [String: UInt8] = [
        "destination-unreachable": 1, "packet-too-big": 2, "time-exceeded": 3, "parameter-problem": 4,
        "echo-request": 128, "echo-reply": 129, "mld-listener-query": 130, "mld-listener-report": 131,
        "mld-listener-done": 132, "nd-router-solicit": 133, "nd-router-advert": 134, "nd-neighbor-solicit": 135,
        "nd-neighbor-advert": 136, "nd-redirect": 137, "router-renumbering": 138, "mld2-listener-report": 143,
    ]

    static let dscpNames: [String: UInt8] = [
        "cs0": 0, "cs1": 8, "cs2": 16, "cs3": 24, "cs4": 32, "cs5": 40, "cs6": 48, "cs7": 56, "af11": 10,
        "af12": 12, "af13": 14, "af21": 18, "af22": 20, "af23": 22, "af31": 26, "af32": 28, "af33": 30, "af41": 34,
        "af42": 36, "af43": 38, "ef": 46,
    ]
}

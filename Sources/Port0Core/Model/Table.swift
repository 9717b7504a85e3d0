/// port0's table: the whole ruleset it owns. Nothing outside this table is ever touched.
public struct Table: Sendable, Equatable, Codable {
    public var family: Family
    public var name: String
    public var comment: String?
    public var counters: [NamedCounter]
    public var sets: [AddressSet]
    /// `--track-sources`: dynamic sets of the sources of dropped packets (state, not policy).
    public var sourceSets: [SourceSet] = []
    public var chains: [Chain]
    /// NFT_TABLE_F_* the table is created with: 0, or owner|persist under `port0 guard
    /// --own-table`. Netlink only: nft 1.0.6 can express neither `persist` in its text nor
    /// any table flag in its JSON input, so the renderers leave it out (docs/guard.md).
    public var flags: UInt32 = 0

    public init(
        family: Family, name: String, comment: String? = nil, counters: [NamedCounter] = [],
        sets: [AddressSet] = [], chains: [Chain] = []
    ) {
        self.family = family
        self.name = name
        self.comment = comment
        self.counters = counters
        self.sets = sets
        self.chains = chains
    }

    public var baseChains: [Chain] { chains.filter { $0.base != nil } }
    /// The links the netdev base chains are bound to, each once, sorted.
    public var devices: [String] { Set(baseChains.flatMap { $0.base?.devices ?? [] }).sorted() }
    public var ruleCount: Int { chains.reduce(0) { $0 + $1.rules.count } }
    public var setElementCount: Int { sets.reduce(0) { $0 + $1.elements.count } }
}

/// A named counter object (`counter NAME {}`), referenced by drop rules.
public struct NamedCounter: Sendable, Equatable, Codable {
    public var name: String
    public var packets: UInt64
    public var bytes: UInt64

    public init(name: String, packets: UInt64 = 0, bytes: UInt64 = 0) {
        self.name = name
        self.packets = packets
        self.bytes = bytes
    }

    /// What a counter of port0's counts, from its name: `<direction>_<field>` drops,
    /// `<direction>_fragments` later fragments let go, `<direction>_exempt` exempt matches.
    public var kind: (direction: Direction, kind: CounterKind)? {
        let parts = name.split(separator: "_")
        guard parts.count == 2, let direction = Direction(rawValue: String(parts[0])) else { return nil }
        if let field = PortField(rawValue: String(parts[1])) { return (direction, .dropped(field)) }
        switch parts[1] {
        case "fragments": return (direction, .passedFragments)
        case "exempt": return (direction, .exempt)
        default: return nil
        }
    }

    public static func name(_ direction: Direction, _ kind: CounterKind) -> String {
        switch kind {
        case .dropped(let field): return name(direction, field)
        case .passedFragments: return "\(direction.rawValue)_fragments"
        case .exempt: return "\(direction.rawValue)_exempt"
        }
    }

    /// port0 names counters `<direction>_<field>`; this recovers the two labels.
    public var labels: (direction: Direction, field: PortField)? {
        let parts = name.split(separator: "_")
        guard parts.count == 2, let direction = Direction(rawValue: String(parts[0])),
            let field = PortField(rawValue: String(parts[1]))
        else { return nil }
        return (direction, field)
    }

    public static func name(_ direction: Direction, _ field: PortField) -> String {
        "\(direction.rawValue)_\(field.rawValue)"
    }
}

/// What one of port0's named counters counts.
public enum CounterKind: Sendable, Equatable {
    /// Packets dropped (or rejected) for port 0 in this field.
    case dropped(PortField)
    /// Later fragments that reached a drop chain (their "port" bytes are payload) and were let go.
    case passedFragments
    /// Port-0 candidates from or to an exempt prefix, let go.
    case exempt
}

/// A dynamic set of the source addresses of dropped packets (`flags dynamic,timeout`, a
/// counter per element), bounded by `size`: when full, new sources are not recorded until
/// entries time out; the drop itself never depends on it.
public struct SourceSet: Sendable, Equatable, Codable {
    public var name: String
    public var version: IPVersion
    public var size: UInt32
    public var timeoutSeconds: UInt32
}

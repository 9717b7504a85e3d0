/// port0's table: the whole ruleset it owns. Nothing outside this table is ever touched.
public struct Table: Sendable, Equatable, Codable {
    public var family: Family
    public var name: String
    public var comment: String?
    public var counters: [NamedCounter]
    public var sets: [AddressSet]
    public var chains: [Chain]

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

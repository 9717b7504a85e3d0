/// A named interval set of addresses (`type ipv4_addr` / `ipv6_addr`, `flags interval`).
/// Elements are disjoint, non-adjacent and sorted: one kernel lookup however many there are.
public struct AddressSet: Sendable, Equatable, Codable {
    public var name: String
    public var version: IPVersion
    public var elements: [AddressRange]

    public init(name: String, version: IPVersion, elements: [AddressRange]) {
        self.name = name
        self.version = version
        self.elements = elements
    }
}

/// An inclusive range of addresses of one IP version, as a 128-bit integer
/// (IPv4 addresses use the low 32 bits).
public struct AddressRange: Sendable, Hashable, Codable, Comparable {
    public var first: UInt128
    public var last: UInt128

    public init(first: UInt128, last: UInt128) {
        self.first = first
        self.last = last
    }

    public static func < (a: AddressRange, b: AddressRange) -> Bool {
        (a.first, a.last) < (b.first, b.last)
    }
}

/// A log rate limit: `N/second|minute|hour`.
public struct LogRate: Sendable, Equatable, Codable {
    public enum Unit: String, Sendable, Codable, CaseIterable {
        case second, minute, hour
        public var seconds: UInt64 {
            switch self {
            case .second: return 1
            case .minute: return 60
            case .hour: return 3600
            }
        }
    }
    public var count: UInt64
    public var unit: Unit
    /// nft's default burst; nft omits it from listings, so port0 always uses it.
    public static let burst: UInt32 = 5

    public init(count: UInt64, unit: Unit) {
        self.count = count
        self.unit = unit
    }
}

/// A named interval set of addresses (`type ipv4_addr` / `ipv6_addr`, `flags constant,interval`).
/// Elements are disjoint, non-adjacent and sorted: one kernel lookup however many there are.
public struct AddressSet: Sendable, Equatable, Codable {
    public var name: String
    public var version: IPVersion
    public var elements: [AddressRange]
    /// Set for the copy of an exempt set that raw payload loads look up (inside
    /// encapsulated frames): nft only lets an integer-typed set take those, so the set is
    /// declared `typeof @nh,96,32` (or `@nh,64,128`) and its elements listed as integers.
    public var rawKey: RawPayload?

    /// The `typeof` of an exempt set for raw loads: where the source address of a plain
    /// IP header would be (the offset only names the type; lookups load from anywhere).
    public static func rawKey(_ version: IPVersion) -> RawPayload {
        version == .ipv4 ? RawPayload(.network, 12, 4) : RawPayload(.network, 8, 16)
    }

    /// NFT_SET_CONSTANT | NFT_SET_INTERVAL, `flags constant,interval`: while a rule looks the
    /// set up, the kernel refuses to add, delete or flush its elements (EBUSY), so they change
    /// only with the rules that use it (docs/design.md, "Large exempt sets").
    public static let flags: UInt32 = 0x6
    public static let flagsText = "constant,interval"

    /// NFTA_SET_DESC_SIZE as nft 1.0.6 sends it for a constant interval set: two keys a range
    /// (even for a range that reaches the top, whose end key is not sent) and the end key at 0
    /// when the first range does not start there; 0 (not sent) for an empty set. The kernel
    /// holds the set to this many elements.
    public var descriptionSize: UInt32 {
        guard let first = elements.first else { return 0 }
        return UInt32(truncatingIfNeeded: 2 * elements.count + (first.first != 0 ? 1 : 0))
    }

    /// nft's datatype id and key length of this set.
    public var keyType: UInt32 {
        rawKey != nil ? NftDatatype.integer : version == .ipv4 ? NftDatatype.ipv4Address : NftDatatype.ipv6Address
    }
    public var keyLength: UInt32 { version == .ipv4 ? 4 : 16 }
}

/// An inclusive range of addresses of one IP version, as a 128-bit integer
/// (IPv4 addresses use the low 32 bits).
public struct AddressRange: Sendable, Hashable, Codable, Comparable {
    public var first: UInt128
    public var last: UInt128

    public static func < (a: AddressRange, b: AddressRange) -> Bool {
        (a.first, a.last) < (b.first, b.last)
    }

    /// As nft lists an integer set's element: `0xa000001`, `0xa000000-0xaffffff`.
    public func integerText() -> String {
        let first = "0x" + String(first, radix: 16)
        return self.first == last ? first : "\(first)-0x\(String(last, radix: 16))"
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

/// Bytes at a fixed offset from a header mark the kernel keeps for every packet: nft's raw
/// `@nh,OFFSET,LENGTH` / `@ll,OFFSET,LENGTH` (offsets and lengths in bits there, in bytes
/// here: port0 only loads whole bytes and masks the bits it wants).
///
/// Encapsulated frames need these: inside a VLAN tag, a PPPoE session or an MPLS label
/// stack the kernel sets up no transport header, so `th dport` cannot see the port.
public struct RawPayload: Sendable, Equatable, Codable {
    public var base: PayloadBase
    public var offset: UInt32
    public var length: UInt32

    public init(_ base: PayloadBase, _ offset: UInt32, _ length: UInt32) {
        self.base = base
        self.offset = offset
        self.length = length
    }

    /// `@nh,16,16`
    public var nftText: String {
        "@\(base == .link ? "ll" : base == .network ? "nh" : "th"),\(offset * 8),\(length * 8)"
    }
}

/// Ethertypes (`meta protocol`, the packet's protocol after the kernel stripped one VLAN tag).
public enum EtherType {
    public static let ipv4: UInt16 = 0x0800
    public static let ipv6: UInt16 = 0x86dd
    public static let vlan: UInt16 = 0x8100
    public static let qinq: UInt16 = 0x88a8
    public static let pppoeSession: UInt16 = 0x8864
    public static let mpls: UInt16 = 0x8847

    /// How nft 1.0.6 lists an ethertype (its symbol table in src/proto.c), else `0x8864`.
    public static func nftName(_ value: UInt16) -> String? {
        switch value {
        case ipv4: return "ip"
        case ipv6: return "ip6"
        case 0x0806: return "arp"
        case vlan: return "8021q"
        case qinq: return "8021ad"
        default: return nil
        }
    }

    public static func bytes(_ value: UInt16) -> [UInt8] { [UInt8(value >> 8), UInt8(value & 0xff)] }
}

/// Encapsulations the edge profile looks into; each has its `uninspected_*` counter.
public enum Encapsulation: String, Sendable, CaseIterable, Codable {
    case vlan, pppoe, mpls

    public var counterName: String { "uninspected_\(rawValue)" }

    /// The encapsulation a counter named `uninspected_<encap>` counts.
    public static func counted(by name: String) -> Encapsulation? {
        guard name.hasPrefix("uninspected_") else { return nil }
        return Encapsulation(rawValue: String(name.dropFirst("uninspected_".count)))
    }
}

/// A big-endian value as nft lists raw payload values: `0x800`, `0x0`.
public func nftHex(_ bytes: [UInt8]) -> String {
    var digits = bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    while digits.count > 1 && digits.hasPrefix("0") { digits.removeFirst() }
    return "0x" + (digits.isEmpty ? "0" : digits)
}

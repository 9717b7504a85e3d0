/// The kernel's view of a rule: nf_tables expressions, as `nft --debug=netlink` lists them.
/// `Lowering` produces them from the model; the netlink renderer encodes them one to one,
/// and read-back decodes into them. All values are in the byte order the kernel compares.
public enum Expr: Sendable, Equatable, Codable {
    /// `payload load Nb @ base + offset => reg 1`
    case payload(PayloadBase, offset: UInt32, length: UInt32)
    /// `cmp op reg 1 data`
    case cmp(CmpOp, [UInt8])
    /// `bitwise reg 1 = (reg 1 & mask) ^ xor`
    case bitwise(mask: [UInt8], xor: [UInt8])
    /// `meta load key => reg 1`
    case meta(MetaKey)
    /// `exthdr load ipv6 Nb @ type + offset => reg 1`
    case exthdrIPv6(type: UInt8, offset: UInt32, length: UInt32)
    /// `lookup reg 1 set NAME`
    case lookup(SetReference)
    /// `immediate reg 0 verdict [-> chain]`
    case immediate(VerdictCode, chain: String?)
    /// `objref type 1 name NAME`: a named counter.
    case counterRef(String)
    /// `limit rate N/unit burst B type packets flags 0x0`
    case limit(rate: UInt64, unitSeconds: UInt64, burst: UInt32)
    /// `log prefix P` (default level)
    case log(prefix: String)
    /// `log prefix P group G [snaplen S]`: NFLOG (no level: the kernel refuses one with a group)
    case nflog(prefix: String, group: UInt16, snaplen: UInt32?)
    /// `dynset update reg_key 1 set NAME`: add or refresh reg 1 in the set, timeout and
    /// element expressions (a counter) as the set defines them.
    case dynsetUpdate(set: String)
    /// `reject type T code C`
    case reject(type: UInt32, code: UInt8)
    /// An expression read back from the kernel that port0 does not produce (another name, or
    /// attributes outside what port0 sends): kept with libnftnl's debug text so a foreign
    /// rule shows up as a difference instead of vanishing.
    case unknown(name: String, debug: String)
}

public enum PayloadBase: UInt32, Sendable, Codable {
    case link = 0
    case network = 1
    case transport = 2
}

/// NFT_META_* keys port0 uses.
public enum MetaKey: UInt32, Sendable, Codable {
    case `protocol` = 1
    case nfproto = 15
    case l4proto = 16
}

public enum CmpOp: UInt32, Sendable, Codable {
    case eq = 0
    case neq = 1
}

/// Netfilter verdict codes (NF_DROP, NF_ACCEPT, NFT_JUMP, NFT_GOTO, NFT_RETURN).
public enum VerdictCode: Int32, Sendable, Codable {
    case drop = 0
    case accept = 1
    case jump = -3
    case goto = -4
    case `return` = -5
}

/// A set a `lookup` reads: one of the table's named sets, or an anonymous constant set
/// that belongs to the rule (nft names these `__set%d`).
public enum SetReference: Sendable, Equatable, Codable {
    case named(String)
    case anonymous(AnonymousSet)
}

public struct AnonymousSet: Sendable, Equatable, Codable {
    public init(keyType: UInt32, keyLength: UInt32, elements: [[UInt8]]) {
        self.keyType = keyType
        self.keyLength = keyLength
        self.elements = elements
    }

    /// nft's datatype id (TYPE_INET_PROTOCOL for `meta l4proto`).
    public var keyType: UInt32
    public var keyLength: UInt32
    public var elements: [[UInt8]]
}

/// nft datatype ids stored in NFTA_SET_KEY_TYPE.
public enum NftDatatype {
    public static let ipv4Address: UInt32 = 7
    public static let ipv6Address: UInt32 = 8
    public static let inetProtocol: UInt32 = 12
    public static let integer: UInt32 = 4
    public static let etherType: UInt32 = 10
}

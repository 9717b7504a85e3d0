/// The kernel's own numbers that the model is written in: payload bases, meta keys, compare
/// operators and nft's set datatypes (nf_tables.h, nft's datatype.h). They sit with the model
/// so that the model and the IR both speak them without depending on each other.
public enum PayloadBase: UInt32, Sendable, Codable {
    case link = 0
    case network = 1
    case transport = 2
}

/// NFT_META_* keys port0 uses.
public enum MetaKey: UInt32, Sendable, Codable {
    case `protocol` = 1
    case iif = 4
    case nfproto = 15
    case l4proto = 16
}

public enum CmpOp: UInt32, Sendable, Codable {
    case eq = 0
    case neq = 1
}

/// nft datatype ids stored in NFTA_SET_KEY_TYPE.
public enum NftDatatype {
    public static let ipv4Address: UInt32 = 7
    public static let ipv6Address: UInt32 = 8
    public static let inetProtocol: UInt32 = 12
    public static let integer: UInt32 = 4
    public static let etherType: UInt32 = 10
    /// NFTA_SET_DATA_TYPE of a verdict map (NFT_DATA_VERDICT).
    public static let verdict: UInt32 = 0xffff_ff00
}

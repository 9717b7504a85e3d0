import CNftnl
import Port0Core

/// nftnl user data (the TLVs nft stores in NFTA_*_USERDATA): one byte type, one byte length,
/// the value; integers in host byte order, strings with their NUL.
enum Udata {
    /// nft's BYTEORDER_HOST_ENDIAN / BYTEORDER_BIG_ENDIAN.
    static let hostEndian: UInt32 = 1
    static let bigEndian: UInt32 = 2

    static func tlv(_ type: UInt8, _ value: [UInt8]) -> [UInt8] {
        [type, UInt8(value.count)] + value
    }

    static func u32(type: UInt8, _ value: UInt32) -> [UInt8] {
        tlv(type, withUnsafeBytes(of: value) { Array($0) })
    }

    static func string(type: UInt8, _ value: String) -> [UInt8] {
        tlv(type, Array(value.utf8) + [0])
    }

    /// What nft 1.0.6 stores for a named `ipv4_addr`/`ipv6_addr` set: the key byte order.
    static var addressSet: [UInt8] { u32(type: setKeyByteOrder, bigEndian) }

    /// What nft 1.0.6 stores for the anonymous set of `meta l4proto { … }`: key byte order,
    /// then the key's `typeof` (NFTNL_UDATA_SET_KEY_TYPEOF): expression type EXPR_META (9)
    /// with its data, NFTNL_UDATA_META_KEY = NFT_META_L4PROTO.
    static func anonymousSet(_ set: AnonymousSet) -> [UInt8] {
        var out = u32(type: setKeyByteOrder, hostEndian)
        if set.keyType == NftDatatype.inetProtocol && set.keyLength == 1 {
            let typeofExpr = u32(type: setTypeofExpr, exprMeta)
            let typeofData = tlv(setTypeofData, u32(type: metaKey, MetaKey.l4proto.rawValue))
            out += tlv(setKeyTypeof, typeofExpr + typeofData)
        }
        return out
    }

    private static let setKeyByteOrder = UInt8(NFTNL_UDATA_SET_KEYBYTEORDER.rawValue)
    private static let setKeyTypeof = UInt8(NFTNL_UDATA_SET_KEY_TYPEOF.rawValue)
    private static let setTypeofExpr = UInt8(NFTNL_UDATA_SET_TYPEOF_EXPR)
    private static let setTypeofData = UInt8(NFTNL_UDATA_SET_TYPEOF_DATA)
    // Defined by nft itself, not libnftnl (src/meta.c, include/expression.h of nft 1.0.6).
    private static let metaKey: UInt8 = 0  // NFTNL_UDATA_META_KEY
    private static let exprMeta: UInt32 = 9  // EXPR_META

    /// The first value of `type` in a TLV list.
    static func find(_ type: UInt8, in data: [UInt8]) -> [UInt8]? {
        var offset = 0
        while offset + 2 <= data.count {
            let length = Int(data[offset + 1])
            guard offset + 2 + length <= data.count else { return nil }
            if data[offset] == type { return Array(data[(offset + 2)..<(offset + 2 + length)]) }
            offset += 2 + length
        }
        return nil
    }
}

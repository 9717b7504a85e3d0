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

    /// What nft 1.0.6 stores for a named `ipv4_addr`/`ipv6_addr` set of plain addresses (the
    /// exempt sets, the dynamic source sets): the key byte order.
    static var addressSet: [UInt8] { u32(type: setKeyByteOrder, bigEndian) }

    /// What nft 1.0.6 stores for the anonymous verdict map of `jhash … mod N vmap { … }`:
    /// key in host byte order, data byte order 0 (invalid: verdicts have none), the data's
    /// typeof (EXPR_VERDICT, no data), data not an interval.
    static var verdictMap: [UInt8] {
        u32(type: setKeyByteOrder, hostEndian) + u32(type: UInt8(NFTNL_UDATA_SET_DATABYTEORDER.rawValue), 0)
            + tlv(
                UInt8(NFTNL_UDATA_SET_DATA_TYPEOF.rawValue),
                u32(type: setTypeofExpr, exprVerdict) + tlv(setTypeofData, []))
            + u32(type: UInt8(NFTNL_UDATA_SET_DATA_INTERVAL.rawValue), 0)
    }

    /// What nft 1.0.6 stores for a named `ipv4_addr`/`ipv6_addr` set: the key byte order;
    /// for a `typeof @nh,…` set also the raw payload it is typed by.
    static func namedSet(_ set: AddressSet) -> [UInt8] {
        guard let key = set.rawKey else { return addressSet }
        return rawTypeof(key.base, key.offset, key.length)
    }

    /// What nft 1.0.6 stores for an anonymous set: the key byte order, then the key's
    /// `typeof` (NFTNL_UDATA_SET_KEY_TYPEOF), the expression that loads the key:
    /// - `meta l4proto { … }`: host byte order; EXPR_META (9) with NFTNL_UDATA_META_KEY;
    /// - `meta protocol { … }`: big endian; EXPR_META with NFT_META_PROTOCOL;
    /// - `@nh,80,8 { … }`: big endian; EXPR_PAYLOAD (7) with the raw payload's description
    ///   (no protocol, nft's proto base, offset and length in bits).
    static func anonymousSet(_ set: AnonymousSet, key: Expr?) -> [UInt8] {
        switch key {
        case .meta(let meta)? where meta == .protocol || meta == .l4proto:
            let order = meta == .l4proto ? hostEndian : bigEndian
            let typeofExpr = u32(type: setTypeofExpr, exprMeta)
            let typeofData = tlv(setTypeofData, u32(type: metaKey, meta.rawValue))
            return u32(type: setKeyByteOrder, order) + tlv(setKeyTypeof, typeofExpr + typeofData)
        case .payload(let base, let offset, let length)?:
            return rawTypeof(base, offset, length)
        default:
            return u32(type: setKeyByteOrder, set.keyType == NftDatatype.inetProtocol ? hostEndian : bigEndian)
        }
    }

    /// Big-endian key typed by a raw payload load: EXPR_PAYLOAD (7) and its description
    /// (no protocol, no field, nft's proto base, offset and length in bits). nft's enum
    /// proto_bases: PROTO_BASE_LL_HDR 1, NETWORK 2, TRANSPORT 3.
    private static func rawTypeof(_ base: PayloadBase, _ offset: UInt32, _ length: UInt32) -> [UInt8] {
        let description =
            u32(type: 0, 0) + u32(type: 1, 0) + u32(type: 2, base.rawValue + 1) + u32(type: 3, offset * 8)
            + u32(type: 4, length * 8)
        let typeofExpr = u32(type: setTypeofExpr, exprPayload)
        return u32(type: setKeyByteOrder, bigEndian) + tlv(setKeyTypeof, typeofExpr + tlv(setTypeofData, description))
    }

    private static let setKeyByteOrder = UInt8(NFTNL_UDATA_SET_KEYBYTEORDER.rawValue)
    private static let setKeyTypeof = UInt8(NFTNL_UDATA_SET_KEY_TYPEOF.rawValue)
    private static let setTypeofExpr = UInt8(NFTNL_UDATA_SET_TYPEOF_EXPR)
    private static let setTypeofData = UInt8(NFTNL_UDATA_SET_TYPEOF_DATA)
    // Defined by nft itself, not libnftnl (src/meta.c, include/expression.h of nft 1.0.6).
    private static let metaKey: UInt8 = 0  // NFTNL_UDATA_META_KEY
    private static let exprMeta: UInt32 = 9  // EXPR_META
    private static let exprPayload: UInt32 = 7  // EXPR_PAYLOAD
    private static let exprVerdict: UInt32 = 1  // EXPR_VERDICT

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

import CNftnl
import Port0Core

/// One `Expr` as one nftnl expression, with the attributes nft 1.0.6 sets
/// (src/netlink_linearize.c). Every data expression uses register 1, as nft does here.
enum ExprEncoding {
    /// `set` resolves a lookup's set to the name and batch set id sent with it.
    private static func payload(_ base: PayloadBase, _ offset: UInt32, _ length: UInt32, into register: UInt32)
        -> NftnlExpr
    {
        let e = NftnlExpr("payload")
        e.set(NFTNL_EXPR_PAYLOAD_DREG, register)
        e.set(NFTNL_EXPR_PAYLOAD_BASE, base.rawValue)
        e.set(NFTNL_EXPR_PAYLOAD_OFFSET, offset)
        e.set(NFTNL_EXPR_PAYLOAD_LEN, length)
        return e
    }

    static func encode(_ expr: Expr, set: (SetReference) -> (name: String, id: UInt32)) throws(Port0Error) -> NftnlExpr
    {
        let reg1 = UInt32(NFT_REG_1.rawValue)
        switch expr {
        case .payload(let base, let offset, let length):
            return payload(base, offset, length, into: reg1)
        case .cmp(let op, let data):
            let e = NftnlExpr("cmp")
            e.set(NFTNL_EXPR_CMP_SREG, reg1)
            e.set(NFTNL_EXPR_CMP_OP, op.rawValue)
            e.set(NFTNL_EXPR_CMP_DATA, bytes: data)
            return e
        case .bitwise(let mask, let xor):
            let e = NftnlExpr("bitwise")
            e.set(NFTNL_EXPR_BITWISE_SREG, reg1)
            e.set(NFTNL_EXPR_BITWISE_DREG, reg1)
            e.set(NFTNL_EXPR_BITWISE_OP, UInt32(NFT_BITWISE_MASK_XOR.rawValue))
            e.set(NFTNL_EXPR_BITWISE_LEN, UInt32(mask.count))
            e.set(NFTNL_EXPR_BITWISE_MASK, bytes: mask)
            e.set(NFTNL_EXPR_BITWISE_XOR, bytes: xor)
            return e
        case .meta(let key):
            let e = NftnlExpr("meta")
            e.set(NFTNL_EXPR_META_DREG, reg1)
            e.set(NFTNL_EXPR_META_KEY, key.rawValue)
            return e
        case .exthdrIPv6(let type, let offset, let length):
            let e = NftnlExpr("exthdr")
            e.set(NFTNL_EXPR_EXTHDR_DREG, reg1)
            e.set(NFTNL_EXPR_EXTHDR_TYPE, type)
            e.set(NFTNL_EXPR_EXTHDR_OFFSET, offset)
            e.set(NFTNL_EXPR_EXTHDR_LEN, length)
            e.set(NFTNL_EXPR_EXTHDR_OP, UInt32(NFT_EXTHDR_OP_IPV6.rawValue))
            e.set(NFTNL_EXPR_EXTHDR_FLAGS, UInt32(0))
            return e
        case .lookup(let reference):
            let (name, id) = set(reference)
            let e = NftnlExpr("lookup")
            e.set(NFTNL_EXPR_LOOKUP_SREG, reg1)
            e.set(NFTNL_EXPR_LOOKUP_SET, name)
            e.set(NFTNL_EXPR_LOOKUP_SET_ID, id)
            return e
        case .immediate(let verdict, let chain):
            let e = NftnlExpr("immediate")
            e.set(NFTNL_EXPR_IMM_DREG, UInt32(NFT_REG_VERDICT.rawValue))
            e.set(NFTNL_EXPR_IMM_VERDICT, UInt32(bitPattern: verdict.rawValue))
            if let chain { e.set(NFTNL_EXPR_IMM_CHAIN, chain) }
            return e
        case .counterRef(let name):
            let e = NftnlExpr("objref")
            e.set(NFTNL_EXPR_OBJREF_IMM_TYPE, UInt32(NFT_OBJECT_COUNTER))
            e.set(NFTNL_EXPR_OBJREF_IMM_NAME, name)
            return e
        case .limit(let rate, let unitSeconds, let burst):
            let e = NftnlExpr("limit")
            e.set(NFTNL_EXPR_LIMIT_RATE, rate)
            e.set(NFTNL_EXPR_LIMIT_UNIT, unitSeconds)
            e.set(NFTNL_EXPR_LIMIT_TYPE, UInt32(NFT_LIMIT_PKTS.rawValue))
            if burst > 0 { e.set(NFTNL_EXPR_LIMIT_BURST, burst) }
            e.set(NFTNL_EXPR_LIMIT_FLAGS, UInt32(0))
            return e
        case .log(let prefix):
            let e = NftnlExpr("log")
            e.set(NFTNL_EXPR_LOG_PREFIX, prefix)
            return e
        case .nflog(let prefix, let group, let snaplen):
            let e = NftnlExpr("log")
            e.set(NFTNL_EXPR_LOG_PREFIX, prefix)
            e.set(NFTNL_EXPR_LOG_GROUP, group)
            if let snaplen { e.set(NFTNL_EXPR_LOG_SNAPLEN, snaplen) }
            return e
        case .dynsetUpdate(let name):
            let (_, id) = set(.named(name))
            let e = NftnlExpr("dynset")
            e.set(NFTNL_EXPR_DYNSET_SREG_KEY, reg1)
            e.set(NFTNL_EXPR_DYNSET_OP, NFT_DYNSET_OP_UPDATE.rawValue)
            e.set(NFTNL_EXPR_DYNSET_SET_NAME, name)
            e.set(NFTNL_EXPR_DYNSET_SET_ID, id)
            return e
        case .reject(let type, let code):
            let e = NftnlExpr("reject")
            e.set(NFTNL_EXPR_REJECT_TYPE, type)
            e.set(NFTNL_EXPR_REJECT_CODE, code)
            return e
        case .payloadToHashKey(let base, let offset, let length):
            return payload(base, offset, length, into: UInt32(NFT_REG_2.rawValue))
        case .jhash(let length, let modulus):
            // No seed: the kernel draws a random one (nft sends one only when given).
            let e = NftnlExpr("hash")
            e.set(NFTNL_EXPR_HASH_SREG, UInt32(NFT_REG_2.rawValue))
            e.set(NFTNL_EXPR_HASH_DREG, reg1)
            e.set(NFTNL_EXPR_HASH_LEN, length)
            e.set(NFTNL_EXPR_HASH_MODULUS, modulus)
            e.set(NFTNL_EXPR_HASH_OFFSET, UInt32(0))
            e.set(NFTNL_EXPR_HASH_TYPE, UInt32(NFT_HASH_JENKINS.rawValue))
            return e
        case .lookupVerdictMap:
            let (name, id) = set(.anonymous(AnonymousSet(keyType: 0, keyLength: 0, elements: [])))
            let e = NftnlExpr("lookup")
            e.set(NFTNL_EXPR_LOOKUP_SREG, reg1)
            e.set(NFTNL_EXPR_LOOKUP_DREG, UInt32(NFT_REG_VERDICT.rawValue))
            e.set(NFTNL_EXPR_LOOKUP_SET, name)
            e.set(NFTNL_EXPR_LOOKUP_SET_ID, id)
            return e
        case .unknown(let name, _):
            throw .invalidCombination("cannot install expression '\(name)': port0 only reads it back")
        }
    }
}

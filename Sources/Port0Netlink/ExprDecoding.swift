import CNftnl
import Port0Core

/// An nftnl expression read back from the kernel as an `Expr`: exactly the shapes
/// `ExprEncoding` sends map back to their case; anything else (another expression, another
/// register, an inverted lookup, extra flags) becomes `.unknown` with libnftnl's debug text,
/// so it shows up as a difference rather than being mistaken for port0's own.
enum ExprDecoding {
    static func decode(
        _ e: NftnlExprView, anonymousSets: [String: AnonymousSet], anonymousMaps: [String: VerdictMap] = [:]
    ) -> Expr {
        decodeKnown(e, anonymousSets: anonymousSets, anonymousMaps: anonymousMaps)
            ?? .unknown(name: e.name, debug: e.debugText)
    }

    private static func decodeKnown(
        _ e: NftnlExprView, anonymousSets: [String: AnonymousSet], anonymousMaps: [String: VerdictMap]
    ) -> Expr? {
        let reg1 = UInt32(NFT_REG_1.rawValue)
        let reg2 = UInt32(NFT_REG_2.rawValue)
        switch e.name {
        case "payload" where e.u32(NFTNL_EXPR_PAYLOAD_DREG) == reg2:
            guard !e.isSet(NFTNL_EXPR_PAYLOAD_SREG),
                let base = e.u32(NFTNL_EXPR_PAYLOAD_BASE).flatMap(PayloadBase.init(rawValue:)),
                let offset = e.u32(NFTNL_EXPR_PAYLOAD_OFFSET), let length = e.u32(NFTNL_EXPR_PAYLOAD_LEN)
            else { return nil }
            return .payloadToHashKey(base, offset: offset, length: length)
        case "hash":
            // The kernel lists no seed when it drew its own, and no offset when it is 0.
            guard e.u32(NFTNL_EXPR_HASH_SREG) == reg2, e.u32(NFTNL_EXPR_HASH_DREG) == reg1,
                (e.u32(NFTNL_EXPR_HASH_TYPE) ?? 0) == UInt32(NFT_HASH_JENKINS.rawValue),
                !e.isSet(NFTNL_EXPR_HASH_SEED), (e.u32(NFTNL_EXPR_HASH_OFFSET) ?? 0) == 0,
                let length = e.u32(NFTNL_EXPR_HASH_LEN), let modulus = e.u32(NFTNL_EXPR_HASH_MODULUS)
            else { return nil }
            return .jhash(length: length, modulus: modulus)
        case "lookup" where e.u32(NFTNL_EXPR_LOOKUP_DREG) == UInt32(NFT_REG_VERDICT.rawValue):
            guard e.u32(NFTNL_EXPR_LOOKUP_SREG) == reg1, (e.u32(NFTNL_EXPR_LOOKUP_FLAGS) ?? 0) == 0,
                let name = e.string(NFTNL_EXPR_LOOKUP_SET), let map = anonymousMaps[name]
            else { return nil }
            return .lookupVerdictMap(map)
        case "payload":
            guard e.u32(NFTNL_EXPR_PAYLOAD_DREG) == reg1, !e.isSet(NFTNL_EXPR_PAYLOAD_SREG),
                let base = e.u32(NFTNL_EXPR_PAYLOAD_BASE).flatMap(PayloadBase.init(rawValue:)),
                let offset = e.u32(NFTNL_EXPR_PAYLOAD_OFFSET), let length = e.u32(NFTNL_EXPR_PAYLOAD_LEN)
            else { return nil }
            return .payload(base, offset: offset, length: length)
        case "cmp":
            guard e.u32(NFTNL_EXPR_CMP_SREG) == reg1,
                let op = e.u32(NFTNL_EXPR_CMP_OP).flatMap(CmpOp.init(rawValue:)),
                let data = e.bytes(NFTNL_EXPR_CMP_DATA)
            else { return nil }
            return .cmp(op, data)
        case "bitwise":
            guard e.u32(NFTNL_EXPR_BITWISE_SREG) == reg1, e.u32(NFTNL_EXPR_BITWISE_DREG) == reg1,
                (e.u32(NFTNL_EXPR_BITWISE_OP) ?? 0) == UInt32(NFT_BITWISE_MASK_XOR.rawValue),
                let mask = e.bytes(NFTNL_EXPR_BITWISE_MASK), let xor = e.bytes(NFTNL_EXPR_BITWISE_XOR),
                e.u32(NFTNL_EXPR_BITWISE_LEN) == UInt32(mask.count)
            else { return nil }
            return .bitwise(mask: mask, xor: xor)
        case "meta":
            guard e.u32(NFTNL_EXPR_META_DREG) == reg1, !e.isSet(NFTNL_EXPR_META_SREG),
                let key = e.u32(NFTNL_EXPR_META_KEY).flatMap(MetaKey.init(rawValue:))
            else { return nil }
            return .meta(key)
        case "exthdr":
            guard e.u32(NFTNL_EXPR_EXTHDR_DREG) == reg1, !e.isSet(NFTNL_EXPR_EXTHDR_SREG),
                (e.u32(NFTNL_EXPR_EXTHDR_OP) ?? 0) == UInt32(NFT_EXTHDR_OP_IPV6.rawValue),
                (e.u32(NFTNL_EXPR_EXTHDR_FLAGS) ?? 0) == 0,
                let type = e.u8(NFTNL_EXPR_EXTHDR_TYPE), let offset = e.u32(NFTNL_EXPR_EXTHDR_OFFSET),
                let length = e.u32(NFTNL_EXPR_EXTHDR_LEN)
            else { return nil }
            return .exthdrIPv6(type: type, offset: offset, length: length)
        case "lookup":
            guard e.u32(NFTNL_EXPR_LOOKUP_SREG) == reg1, !e.isSet(NFTNL_EXPR_LOOKUP_DREG),
                (e.u32(NFTNL_EXPR_LOOKUP_FLAGS) ?? 0) == 0, let name = e.string(NFTNL_EXPR_LOOKUP_SET)
            else { return nil }
            if let anonymous = anonymousSets[name] { return .lookup(.anonymous(anonymous)) }
            return name.hasPrefix("__") ? nil : .lookup(.named(name))
        case "immediate":
            guard e.u32(NFTNL_EXPR_IMM_DREG) == UInt32(NFT_REG_VERDICT.rawValue),
                let code = e.u32(NFTNL_EXPR_IMM_VERDICT).flatMap({ VerdictCode(rawValue: Int32(bitPattern: $0)) })
            else { return nil }
            let chain = e.string(NFTNL_EXPR_IMM_CHAIN)
            guard (code == .jump || code == .goto) == (chain != nil) else { return nil }
            return .immediate(code, chain: chain)
        case "objref":
            guard e.u32(NFTNL_EXPR_OBJREF_IMM_TYPE) == UInt32(NFT_OBJECT_COUNTER),
                !e.isSet(NFTNL_EXPR_OBJREF_SET_NAME), let name = e.string(NFTNL_EXPR_OBJREF_IMM_NAME)
            else { return nil }
            return .counterRef(name)
        case "limit":
            guard (e.u32(NFTNL_EXPR_LIMIT_TYPE) ?? 0) == UInt32(NFT_LIMIT_PKTS.rawValue),
                (e.u32(NFTNL_EXPR_LIMIT_FLAGS) ?? 0) == 0,
                let rate = e.u64(NFTNL_EXPR_LIMIT_RATE), let unit = e.u64(NFTNL_EXPR_LIMIT_UNIT)
            else { return nil }
            return .limit(rate: rate, unitSeconds: unit, burst: e.u32(NFTNL_EXPR_LIMIT_BURST) ?? 0)
        case "log" where e.isSet(NFTNL_EXPR_LOG_GROUP):
            guard !e.isSet(NFTNL_EXPR_LOG_LEVEL), (e.u32(NFTNL_EXPR_LOG_FLAGS) ?? 0) == 0,
                (e.u16(NFTNL_EXPR_LOG_QTHRESHOLD) ?? 0) == 0, let group = e.u16(NFTNL_EXPR_LOG_GROUP),
                let prefix = e.string(NFTNL_EXPR_LOG_PREFIX)
            else { return nil }
            // The kernel leaves out a zero snaplen (none set).
            let snaplen = e.u32(NFTNL_EXPR_LOG_SNAPLEN).flatMap { $0 == 0 ? nil : $0 }
            return .nflog(prefix: prefix, group: group, snaplen: snaplen)
        case "log":
            // The kernel reports the default level (warning, 4) that nft leaves unset.
            guard !e.isSet(NFTNL_EXPR_LOG_GROUP), (e.u32(NFTNL_EXPR_LOG_FLAGS) ?? 0) == 0,
                (e.u32(NFTNL_EXPR_LOG_LEVEL) ?? 4) == 4, let prefix = e.string(NFTNL_EXPR_LOG_PREFIX)
            else { return nil }
            return .log(prefix: prefix)
        case "dynset":
            guard e.u32(NFTNL_EXPR_DYNSET_SREG_KEY) == reg1, !e.isSet(NFTNL_EXPR_DYNSET_SREG_DATA),
                e.u32(NFTNL_EXPR_DYNSET_OP) == NFT_DYNSET_OP_UPDATE.rawValue,
                (e.u64(NFTNL_EXPR_DYNSET_TIMEOUT) ?? 0) == 0, (e.u32(NFTNL_EXPR_DYNSET_FLAGS) ?? 0) == 0,
                let name = e.string(NFTNL_EXPR_DYNSET_SET_NAME)
            else { return nil }
            // The kernel lists the set's own expressions (the counter) on the dynset too.
            return .dynsetUpdate(set: name)
        case "reject":
            // The kernel leaves out the ICMP code for a TCP reset.
            guard let type = e.u32(NFTNL_EXPR_REJECT_TYPE) else { return nil }
            return .reject(type: type, code: e.u8(NFTNL_EXPR_REJECT_CODE) ?? 0)
        default:
            return nil
        }
    }
}

/// Turns model rules into kernel expressions exactly as nft 1.0.6 compiles their text, so
/// that `nft -f` and port0's netlink path leave the same state in the kernel (proved by
/// the equivalence tests and the `rules/*.payload` goldens).
public enum Lowering {
    public static func exprs(_ rule: Rule, family: Family) -> [Expr] {
        var exprs = rule.matches.flatMap { match($0, family: family) }
        exprs += rule.statements.flatMap { statement($0, family: family) }
        if let verdict = rule.verdict { exprs.append(self.verdict(verdict)) }
        return exprs
    }

    /// How many anonymous sets and maps `exprs(rule, family:)` holds (`.lookup(.anonymous)`,
    /// `.lookupVerdictMap`: each takes a handle), without lowering the rule.
    public static func anonymousSets(_ rule: Rule) -> Int {
        var count = 0
        for match in rule.matches {
            switch match {
            case .l4protoIn, .payloadIn, .etherTypeIn: count += 1
            case .transportPortZero, .l4proto, .ipv4LaterFragment, .ipv6LaterFragment, .addressInSet, .payload,
                .payloadInSet, .etherType, .tcpReset, .loopbackInput:
                break
            }
        }
        for statement in rule.statements {
            switch statement {
            case .jumpToSourceShard: count += 1
            case .limit, .log, .nflog, .counter, .updateSourceSet, .updateSourceSetFromPayload: break
            }
        }
        return count
    }

    static func match(_ match: Match, family: Family) -> [Expr] {
        switch match {
        case .transportPortZero(let field):
            return [.payload(.transport, offset: field.transportOffset, length: 2), .cmp(.eq, [0, 0])]
        case .l4protoIn(let protocols):
            let set = AnonymousSet(
                keyType: NftDatatype.inetProtocol, keyLength: 1, elements: protocols.map { [$0.number] })
            return [.meta(.l4proto), .lookup(.anonymous(set))]
        case .l4proto(let proto):
            return [.meta(.l4proto), .cmp(.eq, [proto.number])]
        case .tcpReset:
            return [
                .meta(.l4proto), .cmp(.eq, [L4Protocol.tcp.number]), .payload(.transport, offset: 13, length: 1),
                .bitwise(mask: [0x04], xor: [0]), .cmp(.neq, [0]),
            ]
        case .loopbackInput:
            // The ifindex is a 32-bit value in host byte order, as nft compiles `iif "lo"`.
            return [.meta(.iif), .cmp(.eq, withUnsafeBytes(of: UInt32(1), Array.init))]
        case .ipv4LaterFragment:
            return dependency(.ipv4, family) + [
                .payload(.network, offset: 6, length: 2),
                .bitwise(mask: [0x1f, 0xff], xor: [0, 0]),
                .cmp(.neq, [0, 0]),
            ]
        case .ipv6LaterFragment:
            // Fragment header (type 44), 13-bit offset in the top bits of bytes 2-3.
            return dependency(.ipv6, family) + [
                .exthdrIPv6(type: 44, offset: 2, length: 2),
                .bitwise(mask: [0xff, 0xf8], xor: [0, 0]),
                .cmp(.neq, [0, 0]),
            ]
        case .addressInSet(let version, let field, let set):
            return dependency(version, family) + [address(version, field), .lookup(.named(set))]
        case .payload(let field, let mask, let op, let value):
            // Raw payload matches carry no protocol dependency: nft adds none.
            var exprs: [Expr] = [.payload(field.base, offset: field.offset, length: field.length)]
            if let mask { exprs.append(.bitwise(mask: mask, xor: Array(repeating: 0, count: mask.count))) }
            return exprs + [.cmp(op, value)]
        case .payloadIn(let field, let values):
            let set = AnonymousSet(keyType: NftDatatype.integer, keyLength: field.length, elements: values)
            return [.payload(field.base, offset: field.offset, length: field.length), .lookup(.anonymous(set))]
        case .payloadInSet(let field, let set):
            return [.payload(field.base, offset: field.offset, length: field.length), .lookup(.named(set))]
        case .etherType(let value):
            return [.meta(.protocol), .cmp(.eq, EtherType.bytes(value))]
        case .etherTypeIn(let values):
            let set = AnonymousSet(keyType: NftDatatype.etherType, keyLength: 2, elements: values.map(EtherType.bytes))
            return [.meta(.protocol), .lookup(.anonymous(set))]
        }
    }

    /// `ip saddr`, `ip6 daddr` …: the address loaded into reg 1.
    static func address(_ version: IPVersion, _ field: AddressField) -> Expr {
        let length: UInt32 = version == .ipv4 ? 4 : 16
        let offset: UInt32 =
            switch (version, field) {
            case (.ipv4, .saddr): 12
            case (.ipv4, .daddr): 16
            case (.ipv6, .saddr): 8
            case (.ipv6, .daddr): 24
            }
        return .payload(.network, offset: offset, length: length)
    }

    /// The protocol check nft inserts before a network-header match: `meta nfproto` in an
    /// inet table, `meta protocol` (the ethertype) in a netdev table.
    static func dependency(_ version: IPVersion, _ family: Family) -> [Expr] {
        switch family {
        case .inet: return [.meta(.nfproto), .cmp(.eq, [version == .ipv4 ? 2 : 10])]
        case .netdev: return [.meta(.protocol), .cmp(.eq, version == .ipv4 ? [0x08, 0x00] : [0x86, 0xdd])]
        }
    }

    static func statement(_ statement: Statement, family: Family) -> [Expr] {
        switch statement {
        case .limit(let rate): return [.limit(rate: rate.count, unitSeconds: rate.unit.seconds, burst: LogRate.burst)]
        case .log(let prefix): return [.log(prefix: prefix)]
        case .nflog(let prefix, let group, let snaplen): return [.nflog(prefix: prefix, group: group, snaplen: snaplen)]
        case .counter(let name): return [.counterRef(name)]
        case .updateSourceSet(let version, let set):
            // nft inserts the protocol dependency before the address load, as for a lookup.
            return dependency(version, family) + [address(version, .saddr), .dynsetUpdate(set: set)]
        case .updateSourceSetFromPayload(let field, let set):
            // A raw load: nft adds no protocol dependency.
            return [.payload(field.base, offset: field.offset, length: field.length), .dynsetUpdate(set: set)]
        case .jumpToSourceShard(let version, let chains):
            guard case .payload(let base, let offset, let length) = address(version, .saddr) else { return [] }
            return dependency(version, family) + [
                .payloadToHashKey(base, offset: offset, length: length),
                .jhash(length: length, modulus: UInt32(chains.count)),
                .lookupVerdictMap(VerdictMap(jumpingTo: chains)),
            ]
        }
    }

    static func verdict(_ verdict: Verdict) -> Expr {
        switch verdict {
        case .drop: return .immediate(.drop, chain: nil)
        case .accept: return .immediate(.accept, chain: nil)
        case .return: return .immediate(.return, chain: nil)
        case .jump(let chain): return .immediate(.jump, chain: chain)
        case .goto(let chain): return .immediate(.goto, chain: chain)
        // NFT_REJECT_TCP_RST; NFT_REJECT_ICMPX_UNREACH with NFT_REJECT_ICMPX_PORT_UNREACH.
        case .reject(.tcpReset): return .reject(type: 1, code: 0)
        case .reject(.portUnreachable): return .reject(type: 2, code: 1)
        }
    }
}

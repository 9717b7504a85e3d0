/// Recovers the model rule behind a live rule's expressions by matching them against the
/// lowering of every Match, Statement and Verdict shape port0 knows. A rule decompiles only
/// if `Lowering` turns the recovered rule back into exactly the same expressions; anything
/// else (another tool's rule, an expression read-back could not decode) is foreign.
public enum RuleDecompiler {
    public static func rule(_ exprs: [Expr], family: Family) -> Rule? {
        guard !exprs.isEmpty else { return nil }
        var rest = exprs[...]
        let matches = taken(&rest, { _ in matchCandidates(exprs) }) { Lowering.match($0, family: family) }
        let statements = taken(&rest, { statementCandidates(exprs, at: $0) }) { Lowering.statement($0, family: family) }
        var rule = Rule(matches, statements)
        if let expr = rest.first, let verdict = verdictCandidates(expr).first(where: { Lowering.verdict($0) == expr }) {
            rule.verdict = verdict
            rest = rest.dropFirst()
        }
        guard rest.isEmpty, Lowering.exprs(rule, family: family) == exprs else { return nil }
        return rule
    }

    /// Candidates taken off the front of `rest` for as long as one of them lowers to it.
    private static func taken<T>(
        _ rest: inout ArraySlice<Expr>, _ candidates: (ArraySlice<Expr>) -> [T], _ lower: (T) -> [Expr]
    ) -> [T] {
        var taken: [T] = []
        next: while !rest.isEmpty {
            for candidate in candidates(rest) {
                let lowered = lower(candidate)
                if rest.starts(with: lowered) {
                    taken.append(candidate)
                    rest = rest.dropFirst(lowered.count)
                    continue next
                }
            }
            break
        }
        return taken
    }

    /// Every match shape, with set names and protocol lists taken from the rule itself.
    static func matchCandidates(_ exprs: [Expr]) -> [Match] {
        // Raw shapes go last: `meta protocol ip` + a network-header load is also how an
        // `ip saddr @set` lowers in a netdev table, and the named form is the one port0 wrote.
        var raw: [Match] = []
        // `tcp flags rst` before `meta l4proto tcp`, which is its first half.
        var candidates: [Match] = [
            .tcpReset, .loopbackInput, .transportPortZero(.dport), .transportPortZero(.sport), .ipv4LaterFragment,
            .ipv6LaterFragment, .l4proto(.tcp), .l4proto(.udp),
        ]
        for (index, expr) in exprs.enumerated() {
            // Raw payload loads: the load says where, the compare or set after it says what.
            if case .payload(let base, let offset, let length) = expr, base != .transport {
                let field = RawPayload(base, offset, length)
                let rest = exprs.dropFirst(index + 1)
                switch (rest.first, rest.dropFirst().first) {
                case (.cmp(let op, let value)?, _):
                    raw.append(.payload(field, mask: nil, op, value))
                case (.bitwise(let mask, _)?, .cmp(let op, let value)?):
                    raw.append(.payload(field, mask: mask, op, value))
                case (.lookup(.anonymous(let set))?, _):
                    raw.append(.payloadIn(field, set.elements))
                case (.lookup(.named(let set))?, _):
                    raw.append(.payloadInSet(field, set: set))
                default: break
                }
            }
            if case .meta(.protocol) = expr {
                let rest = exprs.dropFirst(index + 1)
                switch rest.first {
                case .cmp(.eq, let value)? where value.count == 2:
                    raw.append(.etherType(UInt16(value[0]) << 8 | UInt16(value[1])))
                case .lookup(.anonymous(let set))? where set.elements.allSatisfy({ $0.count == 2 }):
                    raw.append(.etherTypeIn(set.elements.map { UInt16($0[0]) << 8 | UInt16($0[1]) }))
                default: break
                }
            }
            guard case .lookup(let reference) = expr else { continue }
            switch reference {
            case .named(let set):
                for version in IPVersion.allCases {
                    candidates += [AddressField.saddr, .daddr].map { .addressInSet(version, $0, set: set) }
                }
            case .anonymous(let set):
                let protocols = set.elements.compactMap { key in L4Protocol.allCases.first { [$0.number] == key } }
                if protocols.count == set.elements.count { candidates.append(.l4protoIn(protocols)) }
            }
        }
        return candidates + raw
    }

    /// Statement shapes that could start at `rest`: the expression there, or for a source
    /// set update (dependency and address load first) the rule's dynset, for a source shard
    /// jump its verdict map.
    static func statementCandidates(_ exprs: [Expr], at rest: ArraySlice<Expr>) -> [Statement] {
        guard let expr = rest.first else { return [] }
        var candidates = statementCandidates(expr)
        for case .dynsetUpdate(let set) in rest {
            candidates += IPVersion.allCases.map { .updateSourceSet($0, set: set) }
        }
        if case .payload(let base, let offset, let length) = expr, case .dynsetUpdate(let set)? = rest.dropFirst().first
        {
            candidates.append(.updateSourceSetFromPayload(RawPayload(base, offset, length), set: set))
        }
        for case .lookupVerdictMap(let map) in rest {
            if let chains = map.chainsInKeyOrder {
                candidates += IPVersion.allCases.map { .jumpToSourceShard($0, chains: chains) }
            }
        }
        return candidates
    }

    static func statementCandidates(_ expr: Expr) -> [Statement] {
        switch expr {
        case .nflog(let prefix, let group, let snaplen): return [.nflog(prefix: prefix, group: group, snaplen: snaplen)]
        case .limit(let rate, let unitSeconds, _):
            return LogRate.Unit.allCases.filter { $0.seconds == unitSeconds }.map {
                .limit(LogRate(count: rate, unit: $0))
            }
        case .log(let prefix): return [.log(prefix: prefix)]
        case .counterRef(let name): return [.counter(name: name)]
        default: return []
        }
    }

    static func verdictCandidates(_ expr: Expr) -> [Verdict] {
        switch expr {
        case .immediate(_, let chain):
            return [.drop, .accept, .return] + (chain.map { [.jump($0), .goto($0)] } ?? [])
        case .reject: return [.reject(.tcpReset), .reject(.portUnreachable)]
        default: return []
        }
    }
}

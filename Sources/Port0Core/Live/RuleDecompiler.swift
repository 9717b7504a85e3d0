/// Recovers the model rule behind a live rule's expressions by matching them against the
/// lowering of every Match, Statement and Verdict shape port0 knows. A rule decompiles only
/// if `Lowering` turns the recovered rule back into exactly the same expressions; anything
/// else (another tool's rule, an expression read-back could not decode) is foreign.
public enum RuleDecompiler {
    public static func rule(_ exprs: [Expr], family: Family) -> Rule? {
        guard !exprs.isEmpty else { return nil }
        var rule = Rule()
        var rest = exprs[...]
        nextMatch: while !rest.isEmpty {
            for candidate in matchCandidates(exprs) {
                let lowered = Lowering.match(candidate, family: family)
                if rest.starts(with: lowered) {
                    rule.matches.append(candidate)
                    rest = rest.dropFirst(lowered.count)
                    continue nextMatch
                }
            }
            break
        }
        nextStatement: while !rest.isEmpty {
            for candidate in statementCandidates(exprs, at: rest) {
                let lowered = Lowering.statement(candidate, family: family)
                if rest.starts(with: lowered) {
                    rule.statements.append(candidate)
                    rest = rest.dropFirst(lowered.count)
                    continue nextStatement
                }
            }
            break
        }
        if let expr = rest.first, let verdict = verdictCandidates(expr).first(where: { Lowering.verdict($0) == expr }) {
            rule.verdict = verdict
            rest = rest.dropFirst()
        }
        guard rest.isEmpty, Lowering.exprs(rule, family: family) == exprs else { return nil }
        return rule
    }

    /// Every match shape, with set names and protocol lists taken from the rule itself.
    static func matchCandidates(_ exprs: [Expr]) -> [Match] {
        var candidates: [Match] = [
            .transportPortZero(.dport), .transportPortZero(.sport), .ipv4LaterFragment, .ipv6LaterFragment,
            .l4proto(.tcp), .l4proto(.udp),
        ]
        for expr in exprs {
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
        return candidates
    }

    /// Statement shapes that could start at `rest`: the expression there, or for a source
    /// set update (dependency and address load first) the rule's dynset.
    static func statementCandidates(_ exprs: [Expr], at rest: ArraySlice<Expr>) -> [Statement] {
        guard let expr = rest.first else { return [] }
        var candidates = statementCandidates(expr)
        for case .dynsetUpdate(let set) in rest {
            candidates += IPVersion.allCases.map { .updateSourceSet($0, set: set) }
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
            return [.drop, .accept, .return] + (chain.map { [.jump($0)] } ?? [])
        case .reject: return [.reject(.tcpReset), .reject(.portUnreachable)]
        default: return []
        }
    }
}

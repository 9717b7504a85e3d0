/// Renders a table read back from the kernel in the layout of `NftTextRenderer.listing`,
/// without calling nft: port0's own rules, sets and chains print exactly as the model
/// would, so a diff against the desired listing shows only real differences. What is not
/// port0's is still shown, as a marked comment line.
public enum LiveTextRenderer {
    public static func listing(_ live: LiveTable, oneElementPerLine: Bool = false) -> String {
        let table = live.escapedForText
        var blocks = table.counters.map(NftTextRenderer.counter)
        blocks += table.sets.map { set($0, oneElementPerLine: oneElementPerLine) }
        blocks += table.chains.map { chain($0, family: table.family) }
        let flags = live.flags == 0 ? [] : LiveTable.flagNames(live.flags).split(separator: ", ").map(String.init)
        return NftTextRenderer.layout(
            family: table.family, name: table.name, comment: table.comment, blocks: blocks, flags: flags)
    }

    /// The rule's nft text, or `# not port0's rule: …` with its expressions.
    public static func ruleText(_ exprs: [Expr], family: Family) -> String {
        if let rule = RuleDecompiler.rule(exprs, family: family) { return NftTextRenderer.text(rule) }
        return "# not port0's rule: \(ExprText.summary(exprs))"
    }

    static func set(_ set: LiveSet, oneElementPerLine: Bool) -> String {
        if let model = set.addressSet {
            // The flags it has: another program's interval set (or an older port0's) is not constant.
            let flags = set.flags == AddressSet.flags ? AddressSet.flagsText : "interval"
            return NftTextRenderer.set(model, oneElementPerLine: oneElementPerLine, flags: flags)
        }
        if let model = set.sourceSet { return NftTextRenderer.sourceSet(model) }
        return """
            \tset \(set.name) {
            \t\t# not port0's set: key type \(set.keyType), \(set.keyLength)-byte keys, \
            flags 0x\(String(set.flags, radix: 16)), \(set.elements.count) elements
            \t}

            """
    }

    static func chain(_ chain: LiveChain, family: Family) -> String {
        let header = chain.base.map { base in
            NftTextRenderer.baseChainLine(
                type: base.type, hook: base.hook?.rawValue ?? "unknown", devices: base.devices,
                priority: base.hook.map { ChainPriority(base.priority).nftText(family: family, hook: $0) }
                    ?? String(base.priority),
                policy: base.policyText)
        }
        return NftTextRenderer.chainBlock(
            name: chain.name, header: header, lines: chain.rules.map { ruleText($0.exprs, family: family) })
    }
}

extension LiveBaseChain {
    var policyText: String {
        switch policy {
        case 0: return "drop"
        case 1: return "accept"
        default: return "\(policy)"
        }
    }
}

extension LiveTable {
    /// The same table with every kernel-supplied string made printable (`PrintableText`).
    var escapedForText: LiveTable {
        let e: (String) -> String = { PrintableText.escaped($0) }
        var copy = self
        copy.name = e(name)
        copy.comment = comment.map(e)
        copy.counters = counters.map { NamedCounter(name: e($0.name), packets: $0.packets, bytes: $0.bytes) }
        copy.sets = sets.map { set in
            var set = set
            set.name = e(set.name)
            return set
        }
        copy.chains = chains.map { chain in
            var chain = chain
            chain.name = e(chain.name)
            if var base = chain.base {
                base.type = e(base.type)
                base.devices = base.devices.map(e)
                chain.base = base
            }
            chain.rules = chain.rules.map { LiveRule(exprs: $0.exprs.map(\.escapedForText), handle: $0.handle) }
            return chain
        }
        return copy
    }
}

extension Expr {
    var escapedForText: Expr {
        let e: (String) -> String = { PrintableText.escaped($0) }
        switch self {
        case .lookup(.named(let set)): return .lookup(.named(e(set)))
        case .immediate(let code, let chain): return .immediate(code, chain: chain.map(e))
        case .counterRef(let name): return .counterRef(e(name))
        case .log(let prefix): return .log(prefix: e(prefix))
        case .nflog(let prefix, let group, let snaplen):
            return .nflog(prefix: e(prefix), group: group, snaplen: snaplen)
        case .dynsetUpdate(let set): return .dynsetUpdate(set: e(set))
        case .lookupVerdictMap(let map):
            return .lookupVerdictMap(
                VerdictMap(elements: map.elements.map { VerdictMap.Element(key: $0.key, chain: e($0.chain)) }))
        default: return self
        }
    }
}

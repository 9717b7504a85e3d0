import CNftnl
import Port0Core

@testable import Port0Netlink

/// libnftnl's debug text of a rule's expressions (`nftnl_rule_snprintf`), the lines
/// `nft --debug=netlink` prints: for bytecode goldens.
public enum RuleDebugText {
    public static func text(_ exprs: [Expr], family: Family, table: String, chain: String) throws(Port0Error) -> String
    {
        let rule = NftnlRule()
        rule.set(NFTNL_RULE_TABLE, table)
        rule.set(NFTNL_RULE_CHAIN, chain)
        rule.set(NFTNL_RULE_FAMILY, family.nfproto)
        for expr in exprs {
            rule.add(
                try ExprEncoding.encode(expr) { reference in
                    switch reference {
                    case .named(let name): return (name, 0)
                    case .anonymous: return (TableBatch.anonymousSetName, 0)
                    }
                })
        }
        return rule.debugText
    }
}

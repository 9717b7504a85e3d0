/// A compact, `nft --debug=netlink`-like description of kernel expressions, for rules that
/// are not port0's and so have no nft text of their own here.
public enum ExprText {
    public static func summary(_ exprs: [Expr]) -> String {
        exprs.isEmpty ? "(no expressions)" : exprs.map { "[ \(text($0)) ]" }.joined(separator: " ")
    }

    static func text(_ expr: Expr) -> String {
        // Switched as an optional so that `default` stays reachable (and warning-free) while
        // every case is named: it takes cases added to `Expr` later.
        switch expr as Expr? {
        case .payload(let base, let offset, let length):
            return "payload load \(length)b @ \(base) header + \(offset)"
        case .cmp(let op, let data): return "cmp \(op) \(hex(data))"
        case .bitwise(let mask, let xor): return "bitwise & \(hex(mask)) ^ \(hex(xor))"
        case .meta(let key): return "meta load \(key)"
        case .exthdrIPv6(let type, let offset, let length): return "exthdr load ipv6 \(length)b @ \(type) + \(offset)"
        case .lookup(.named(let set)): return "lookup set \(PrintableText.escaped(set))"
        case .lookup(.anonymous(let set)): return "lookup { \(set.elements.map(hex).joined(separator: ", ")) }"
        case .immediate(let code, let chain):
            return "immediate \(code)" + (chain.map { " -> \(PrintableText.escaped($0))" } ?? "")
        case .counterRef(let name): return "objref counter \(PrintableText.escaped(name))"
        case .limit(let rate, let unitSeconds, let burst): return "limit rate \(rate)/\(unitSeconds)s burst \(burst)"
        case .log(let prefix): return "log prefix \(PrintableText.escaped(prefix))"
        case .nflog(let prefix, let group, let snaplen):
            return "log prefix \(PrintableText.escaped(prefix)) group \(group)"
                + (snaplen.map { " snaplen \($0)" } ?? "")
        case .dynsetUpdate(let set): return "dynset update set \(PrintableText.escaped(set))"
        case .reject(let type, let code): return "reject type \(type) code \(code)"
        case .payloadToHashKey(let base, let offset, let length):
            return "payload load \(length)b @ \(base) header + \(offset) => reg 2"
        case .jhash(let length, let modulus): return "hash jhash(reg 2, \(length)) % mod \(modulus)"
        case .lookupVerdictMap(let map):
            let elements = map.elements.map { "\(hex($0.key)) : jump \(PrintableText.escaped($0.chain))" }
            return "lookup vmap { \(elements.joined(separator: ", ")) }"
        // An expression port0 does not model, as libnftnl prints it (`counter pkts 0 bytes 0`,
        // as in `nft --debug=netlink`), or a rule of a saved listing that `ListingRule` cannot
        // compile: its nft JSON.
        case .unknown(let name, let debug):
            let detail = String(debug.drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
            return PrintableText.escaped(detail.isEmpty ? name : "\(name) \(detail)")
        default: return PrintableText.escaped(String(describing: expr))
        }
    }

    static func hex(_ bytes: [UInt8]) -> String {
        "0x" + bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }
}

import Port0Core

/// The bytecode of a table in the text `nft --debug=netlink` prints (libnftnl 1.2.4's
/// expression syntax), normalised as scripts/normalise-netlink-debug normalises nft's
/// output: the form of the rules/*.payload goldens. Comparing the two proves that
/// `Lowering` produces exactly what nft compiles from port0's text.
///
/// Data words are 32-bit values in host order, as libnftnl prints them: `[0x1f, 0xff]`
/// reads `0x0000ff1f` on little-endian machines (the only ones port0 is built for).
public enum NetlinkDebugText {
    /// Sets (named ones, then each rule's anonymous set, elements sorted), then one block
    /// per rule: `FAMILY TABLE CHAIN`, its expressions, a blank line.
    public static func table(_ table: Table) -> String {
        var sets = ""
        var rules = ""
        for set in table.sets {
            sets += setBlock(set.name, IntervalElements.elements(set))
        }
        for set in table.sourceSets {
            sets += setBlock(set.name, [])
        }
        for chain in table.chains {
            for rule in chain.rules {
                let exprs = Lowering.exprs(rule, family: table.family)
                for expr in exprs {
                    if case .lookup(.anonymous(let set)) = expr {
                        sets += setBlock("__set%d", set.elements.map { IntervalElement(key: $0, intervalEnd: false) })
                    }
                    if case .lookupVerdictMap(let map) = expr {
                        let lines = map.elements.map { "element \(wordList($0.key)[0])  : jump -> \($0.chain) 0 [end]" }
                        sets += "set __map%d\n" + lines.sorted(by: cLocaleOrder).map { "\t\($0)\n" }.joined()
                    }
                }
                if !rules.isEmpty { rules += "\n" }
                rules += "\(table.family.rawValue) \(table.name) \(chain.name)\n"
                rules += exprs.map { "  \(expression($0))\n" }.joined()
            }
        }
        return sets + rules + (rules.isEmpty ? "" : "\n")
    }

    /// One expression as libnftnl prints it, e.g. `[ cmp eq reg 1 0x00000000 ]`.
    public static func expression(_ expr: Expr) -> String {
        let body: String
        switch expr {
        case .payload(let base, let offset, let length):
            body = "payload load \(length)b @ \(base) header + \(offset) => reg 1"
        case .cmp(let op, let data):
            body = "cmp \(op == .eq ? "eq" : "neq") reg 1 \(words(data))"
        case .bitwise(let mask, let xor):
            body = "bitwise reg 1 = ( reg 1 & \(words(mask)) ) ^ \(words(xor))"
        case .meta(let key):
            body = "meta load \(key) => reg 1"
        case .exthdrIPv6(let type, let offset, let length):
            body = "exthdr load ipv6 \(length)b @ \(type) + \(offset) => reg 1"
        case .lookup(.named(let set)):
            body = "lookup reg 1 set \(set)"
        case .lookup(.anonymous):
            body = "lookup reg 1 set __set%d"
        case .immediate(let code, let chain):
            body = "immediate reg 0 \(code)" + (chain.map { " -> \($0)" } ?? "")
        case .counterRef(let name):
            body = "objref type 1 name \(name)"
        case .limit(let rate, let unitSeconds, let burst):
            body = "limit rate \(rate)/\(unitName(unitSeconds)) burst \(burst) type packets flags 0x0"
        case .log(let prefix):
            body = "log prefix \(prefix)"
        case .nflog(let prefix, let group, let snaplen):
            body = "log prefix \(prefix) group \(group) snaplen \(snaplen ?? 0) qthreshold 0"
        case .dynsetUpdate(let set):
            body = "dynset update reg_key 1 set \(set)"
        case .reject(let type, let code):
            body = "reject type \(type) code \(code)"
        case .payloadToHashKey(let base, let offset, let length):
            body = "payload load \(length)b @ \(base) header + \(offset) => reg 2"
        case .jhash(let length, let modulus):
            body = "hash reg 1 = jhash(reg 2, \(length), 0x0) % mod \(modulus)"
        case .lookupVerdictMap:
            body = "lookup reg 1 set __map%d dreg 0"
        case .unknown(let name, let debug):
            body = "\(name) \(debug)"
        }
        return "[ \(body) ]"
    }

    /// `set NAME` and its elements as libnftnl prints them, sorted like the normaliser
    /// (C-locale order of the lines), because nft and the kernel list them differently.
    static func setBlock(_ name: String, _ elements: [IntervalElement]) -> String {
        let lines = elements.map { element in
            "element " + wordList(element.key).map { $0 + " " }.joined() + " : \(element.intervalEnd ? 1 : 0) [end]"
        }
        return "set \(name)\n" + lines.sorted(by: cLocaleOrder).map { "\t\($0)\n" }.joined()
    }

    static func cLocaleOrder(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }

    /// `0x0000ff1f 0x…`: data as libnftnl's `nftnl_data_reg` prints a value.
    static func words(_ bytes: [UInt8]) -> String {
        wordList(bytes).map { "0x" + $0 }.joined(separator: " ")
    }

    /// Bytes in 4-byte words, zero-padded, each read as a little-endian 32-bit value.
    static func wordList(_ bytes: [UInt8]) -> [String] {
        stride(from: 0, to: max(bytes.count, 1), by: 4).map { start in
            let word = (0..<4).reduce(UInt32(0)) { value, index in
                let byte = start + index < bytes.count ? bytes[start + index] : 0
                return value | UInt32(byte) << (8 * UInt32(index))
            }
            let hex = String(word, radix: 16)
            return String(repeating: "0", count: 8 - hex.count) + hex
        }
    }

    /// The unit libnftnl names: port0 writes rates per second, minute or hour.
    static func unitName(_ seconds: UInt64) -> String {
        LogRate.Unit.allCases.first { $0.seconds == seconds }?.rawValue ?? "\(seconds) seconds"
    }
}

/// The kernel's view of a rule: nf_tables expressions, as `nft --debug=netlink` lists them.
/// `Lowering` produces them from the model; the netlink renderer encodes them one to one,
/// and read-back decodes into them. All values are in the byte order the kernel compares.
public enum Expr: Sendable, Equatable, Codable {
    /// `payload load Nb @ base + offset => reg 1`
    case payload(PayloadBase, offset: UInt32, length: UInt32)
    /// `cmp op reg 1 data`
    case cmp(CmpOp, [UInt8])
    /// `bitwise reg 1 = (reg 1 & mask) ^ xor`
    case bitwise(mask: [UInt8], xor: [UInt8])
    /// `meta load key => reg 1`
    case meta(MetaKey)
    /// `exthdr load ipv6 Nb @ type + offset => reg 1`
    case exthdrIPv6(type: UInt8, offset: UInt32, length: UInt32)
    /// `lookup reg 1 set NAME`
    case lookup(SetReference)
    /// `immediate reg 0 verdict [-> chain]`
    case immediate(VerdictCode, chain: String?)
    /// `objref type 1 name NAME`: a named counter.
    case counterRef(String)
    /// `limit rate N/unit burst B type packets flags 0x0`
    case limit(rate: UInt64, unitSeconds: UInt64, burst: UInt32)
    /// `log prefix P` (default level)
    case log(prefix: String)
    /// `log prefix P group G [snaplen S]`: NFLOG (no level: the kernel refuses one with a group)
    case nflog(prefix: String, group: UInt16, snaplen: UInt32?)
    /// `dynset update reg_key 1 set NAME`: add or refresh reg 1 in the set, timeout and
    /// element expressions (a counter) as the set defines them.
    case dynsetUpdate(set: String)
    /// `payload load Nb @ base + offset => reg 2`: the key of a `hash` (nft loads it into
    /// register 2 and hashes it into register 1).
    case payloadToHashKey(PayloadBase, offset: UInt32, length: UInt32)
    /// `hash reg 1 = jhash(reg 2, length, seed) % mod modulus`: no seed attribute, so the
    /// kernel draws a random one (a sender cannot aim at one shard).
    case jhash(length: UInt32, modulus: UInt32)
    /// `lookup reg 1 set __map%d dreg 0`: the verdict of an anonymous verdict map.
    case lookupVerdictMap(VerdictMap)
    /// `reject type T code C`
    case reject(type: UInt32, code: UInt8)
    /// An expression read back from the kernel that port0 does not produce (another name, or
    /// attributes outside what port0 sends): kept with libnftnl's debug text so a foreign
    /// rule shows up as a difference instead of vanishing.
    case unknown(name: String, debug: String)
}

/// Netfilter verdict codes (NF_DROP, NF_ACCEPT, NFT_JUMP, NFT_GOTO, NFT_RETURN).
public enum VerdictCode: Int32, Sendable, Codable {
    case drop = 0
    case accept = 1
    case jump = -3
    case goto = -4
    case `return` = -5
}

/// A set a `lookup` reads: one of the table's named sets, or an anonymous constant set
/// that belongs to the rule (nft names these `__set%d`).
public enum SetReference: Sendable, Equatable, Codable {
    case named(String)
    case anonymous(AnonymousSet)
}

public struct AnonymousSet: Sendable, Equatable, Codable {
    public init(keyType: UInt32, keyLength: UInt32, elements: [[UInt8]]) {
        self.keyType = keyType
        self.keyLength = keyLength
        self.elements = elements
    }

    /// nft's datatype id (TYPE_INET_PROTOCOL for `meta l4proto`).
    public var keyType: UInt32
    public var keyLength: UInt32
    public var elements: [[UInt8]]
}

/// An anonymous constant verdict map keyed by a 32-bit integer (a hash), each element a jump.
public struct VerdictMap: Sendable, Equatable, Codable {
    public struct Element: Sendable, Equatable, Codable {
        public var key: [UInt8]
        public var chain: String
        public init(key: [UInt8], chain: String) {
            self.key = key
            self.chain = chain
        }
    }
    /// Sorted by key bytes: the kernel's hash keeps no order, so maps compare as sets.
    public var elements: [Element]
    public init(elements: [Element]) {
        self.elements = elements.sorted { $0.key.lexicographicallyPrecedes($1.key) }
    }

    /// `0 : jump chains[0], 1 : jump chains[1], …`, keys in host byte order as nft
    /// stores an integer that a hash produces.
    public init(jumpingTo chains: [String]) {
        self.init(
            elements: chains.enumerated().map { index, chain in
                Element(key: withUnsafeBytes(of: UInt32(index).littleEndian) { Array($0) }, chain: chain)
            })
    }

    /// The elements' chains in key order, if the keys are exactly 0, 1, … (as nft compiles a
    /// `mod N vmap`).
    public var chainsInKeyOrder: [String]? {
        let sorted = elements.sorted { key($0) < key($1) }
        guard sorted.enumerated().allSatisfy({ key($1) == UInt32($0) }) else { return nil }
        return sorted.map(\.chain)
    }

    private func key(_ element: Element) -> UInt32 {
        guard element.key.count == 4 else { return .max }
        return element.key.reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
    }
}

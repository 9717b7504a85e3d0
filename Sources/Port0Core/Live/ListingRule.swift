/// One rule of a saved `nft -j list ruleset` listing compiled back into the kernel
/// expressions it stands for, as nft 1.0.6 compiles the same statements (the dependencies
/// nft hides when listing, `meta nfproto`/`meta protocol` before a network header and
/// `meta l4proto` before a tcp/udp header, are put back where nft puts them).
///
/// Covered: every statement port0 writes, and the common foreign ones (payload and meta
/// matches on addresses, ports and protocols with `==`/`!=`, named and anonymous sets,
/// masks, anonymous counters, accept/drop/return/jump/goto; raw `@nh,OFF,LEN` loads and
/// `meta protocol` of the edge's chains for encapsulated frames). A rule holding anything else cannot
/// be compiled exactly here: it is kept whole, as one `.unknown` expression carrying its
/// JSON, so it still shows as a rule that is not port0's and is never dropped.
struct ListingRule {
    /// `.unknown(name:)` of a rule kept as its JSON.
    static let foreignMarker = "nft -j"

    let family: Family

    /// Not compilable here: the caller keeps the rule as JSON.
    struct Unsupported: Error {}

    func exprs(_ statements: [ListingNode]) -> [Expr] {
        var context = Context()
        var out: [Expr] = []
        for statement in statements {
            guard let exprs = try? lower(statement, &context) else {
                let json = JSONValue.array(statements.map(\.value)).text
                return [.unknown(name: Self.foreignMarker, debug: json)]
            }
            out += exprs
        }
        return out
    }

    /// What earlier matches of the rule established, so a dependency is not repeated.
    struct Context {
        var network: IPVersion?
        var transport: UInt8?
    }

    private func lower(_ statement: ListingNode, _ context: inout Context) throws(Unsupported) -> [Expr] {
        guard let (kind, body) = try? statement.single() else { throw Unsupported() }
        switch (kind, body.value) {
        case ("match", _): return try match(body, &context)
        case ("counter", .string(let name)): return [.counterRef(name)]
        case ("counter", .object):
            guard let packets = try? body.required("packets").integer(UInt64.self),
                let bytes = try? body.required("bytes").integer(UInt64.self), keys(body) == ["bytes", "packets"]
            else { throw Unsupported() }
            // libnftnl's debug text for the counter expression, as read-back keeps it.
            return [.unknown(name: "counter", debug: "pkts \(packets) bytes \(bytes) ")]
        case ("limit", .object):
            guard keys(body).isSubset(of: ["rate", "burst", "per"]),
                let rate = try? body.required("rate").integer(UInt64.self),
                let per = try? body.string("per"), let seconds = Self.unitSeconds[per]
            else { throw Unsupported() }
            let burst = (try? body.member("burst")?.integer(UInt32.self)) ?? 0
            return [.limit(rate: rate, unitSeconds: seconds, burst: burst)]
        case ("log", .object) where body.member("group") != nil:
            // NFLOG: the kernel holds no level; a zero snaplen is none.
            guard keys(body).isSubset(of: ["prefix", "group", "snaplen"]), let prefix = try? body.string("prefix"),
                let group = try? body.required("group").integer(UInt16.self),
                let snaplen = try? body.member("snaplen")?.integer(UInt32.self) ?? 0
            else { throw Unsupported() }
            return [.nflog(prefix: prefix, group: group, snaplen: snaplen == 0 ? nil : snaplen)]
        case ("set", .object):
            // `update @set { ip saddr }`: the set's own expressions (its counter) are the
            // dynset's too, as the kernel lists them; a timeout or another op is not compiled.
            guard keys(body).isSubset(of: ["op", "elem", "set", "stmt"]), (try? body.string("op")) == "update",
                let target = try? body.string("set"), target.hasPrefix("@"), let element = body.member("elem")
            else { throw Unsupported() }
            for statement in (try? body.member("stmt")?.elements()) ?? [] {
                guard let (kind, _) = try? statement.single(), kind == "counter" else { throw Unsupported() }
            }
            let loaded = try load(element, &context)
            guard loaded.shift == 0, loaded.exprs.last.map(Self.isLoad) == true else { throw Unsupported() }
            return loaded.exprs + [.dynsetUpdate(set: String(target.dropFirst()))]
        case ("vmap", .object):
            return try hashVerdictMap(body, &context)
        case ("log", .object):
            let prefix: String?
            let levelName: String?
            do {
                prefix = try body.optionalString("prefix")
                levelName = try body.optionalString("level")
            } catch { throw Unsupported() }
            guard keys(body).isSubset(of: ["prefix", "level"]), let level = Self.logLevels[levelName ?? "warn"] else {
                throw Unsupported()
            }
            // The kernel reports the default level (warn) that nft leaves unset.
            if let prefix, level == 4 { return [.log(prefix: prefix)] }
            return [.unknown(name: "log", debug: (prefix.map { "prefix \($0) " } ?? "") + "level \(level) ")]
        case ("accept", .null): return [.immediate(.accept, chain: nil)]
        case ("drop", .null): return [.immediate(.drop, chain: nil)]
        case ("return", .null): return [.immediate(.return, chain: nil)]
        case ("continue", .null): return [.unknown(name: "immediate", debug: "reg 0 continue ")]
        case ("notrack", .null): return [.unknown(name: "notrack", debug: "")]
        case ("jump", .object), ("goto", .object):
            guard keys(body) == ["target"], let target = try? body.string("target") else { throw Unsupported() }
            return [.immediate(kind == "jump" ? .jump : .goto, chain: target)]
        case ("reject", .object):
            switch (try? body.optionalString("type"), try? body.optionalString("expr"), keys(body).count) {
            case ("tcp reset", nil, 1): return [.reject(type: 1, code: 0)]
            case ("icmpx", "port-unreachable", 2): return [.reject(type: 2, code: 1)]
            default: throw Unsupported()
            }
        default:
            throw Unsupported()
        }
    }

    /// `jhash FIELD mod N vmap { 0 : jump A, … }` (the source shards): the key loaded into
    /// register 2, hashed into register 1 with the kernel's own seed, looked up in a map of
    /// jumps. A seed, an offset or another verdict is not port0's: kept as JSON.
    private func hashVerdictMap(_ body: ListingNode, _ context: inout Context) throws(Unsupported) -> [Expr] {
        guard keys(body) == ["key", "data"], let (hashKind, hash) = try? body.required("key").single(),
            hashKind == "jhash", keys(hash) == ["mod", "expr"],
            let modulus = try? hash.required("mod").integer(UInt32.self), let field = hash.member("expr"),
            let (dataKind, data) = try? body.required("data").single(), dataKind == "set",
            let members = try? data.elements()
        else { throw Unsupported() }
        var elements: [VerdictMap.Element] = []
        for member in members {
            guard let pair = try? member.elements(), pair.count == 2,
                let key = try? pair[0].integer(UInt32.self), let (verdict, target) = try? pair[1].single(),
                verdict == "jump", keys(target) == ["target"], let chain = try? target.string("target")
            else { throw Unsupported() }
            elements.append(VerdictMap.Element(key: withUnsafeBytes(of: key.littleEndian) { Array($0) }, chain: chain))
        }
        var loaded = try load(field, &context)
        guard loaded.shift == 0, case .payload(let base, let offset, let length)? = loaded.exprs.last else {
            throw Unsupported()
        }
        loaded.exprs[loaded.exprs.count - 1] = .payloadToHashKey(base, offset: offset, length: length)
        return loaded.exprs + [
            .jhash(length: length, modulus: modulus), .lookupVerdictMap(VerdictMap(elements: elements)),
        ]
    }

    private func keys(_ node: ListingNode) -> Set<String> {
        guard case .object(let members) = node.value else { return [] }
        return Set(members.map(\.0))
    }

    // MARK: matches

    /// How the right-hand side of a match is written for a field.
    enum ValueKind: Equatable {
        case integer
        case address(IPVersion)
        case l4proto
        case nfproto
        case ethertype
        /// Host byte order (meta mark): little-endian, as on x86 and most routers.
        case hostInteger
        /// A name from this table, or a number.
        case named([String: UInt8])
    }

    /// A loaded field: the expressions that put it in register 1, its width, how its values
    /// are spelled, and the datatype of an anonymous set of such values.
    struct Loaded {
        var exprs: [Expr]
        var length: Int
        var kind: ValueKind
        var datatype: UInt32?
        /// A sub-byte field (exthdr frag-off): values are shifted into the loaded bytes.
        var shift: Int = 0
        /// Single-value `==` on this field establishes a protocol for later matches.
        var establishes: ((UInt128) -> (IPVersion?, UInt8?))?
    }

    private func match(_ body: ListingNode, _ context: inout Context) throws(Unsupported) -> [Expr] {
        guard keys(body) == ["op", "left", "right"], let op = try? body.string("op"),
            let left = body.member("left"), let right = body.member("right")
        else { throw Unsupported() }
        if let special = try specialMatch(op: op, left: left, right: right, &context) { return special }
        var loaded = try load(left, &context)
        let cmpOp: CmpOp
        switch op {
        case "==": cmpOp = .eq
        case "!=": cmpOp = .neq
        default: throw Unsupported()
        }
        if case .object = right.value, let (key, ends) = try? right.single(), key == "range" {
            // nft 1.0.6 compiles a range as two comparisons (cmp gte, cmp lte).
            guard cmpOp == .eq, loaded.shift == 0, loaded.length <= 4, let pair = try? ends.elements(), pair.count == 2
            else { throw Unsupported() }
            let low = try bytes(pair[0].value, loaded)
            let high = try bytes(pair[1].value, loaded)
            return loaded.exprs + [
                .unknown(name: "cmp", debug: "gte reg 1 \(Self.words(low))"),
                .unknown(name: "cmp", debug: "lte reg 1 \(Self.words(high))"),
            ]
        }
        switch right.value {
        case .string(let text) where text.hasPrefix("@"):
            // A named set is looked up with the loaded key as it is (a masked or shifted
            // field would need the set's own byte layout: not compiled here).
            guard cmpOp == .eq, loaded.shift == 0, loaded.exprs.last.map(Self.isLoad) == true else {
                throw Unsupported()
            }
            return loaded.exprs + [.lookup(.named(String(text.dropFirst())))]
        case .object:
            guard cmpOp == .eq, let (key, body) = try? right.single(), key == "set", let datatype = loaded.datatype,
                let members = try? body.elements(), !members.isEmpty
            else { throw Unsupported() }
            var elements: [[UInt8]] = []
            for member in members { elements.append(try bytes(member.value, loaded)) }
            let set = AnonymousSet(
                keyType: datatype, keyLength: UInt32(loaded.length),
                elements: elements.sorted { $0.lexicographicallyPrecedes($1) })
            return loaded.exprs + [.lookup(.anonymous(set))]
        default:
            let data = try bytes(right.value, loaded)
            if cmpOp == .eq, let establishes = loaded.establishes {
                let (network, transport) = establishes(Self.number(data))
                if let network { context.network = network }
                if let transport { context.transport = transport }
            }
            loaded.exprs.append(.cmp(cmpOp, data))
            return loaded.exprs
        }
    }

    /// Matches whose kernel form is not "load, then compare the value": conntrack state
    /// bits, interface names (zero-padded to IFNAMSIZ) and address prefixes (nft loads only
    /// the prefix's bytes and masks a partial byte).
    private func specialMatch(op: String, left: ListingNode, right: ListingNode, _ context: inout Context)
        throws(Unsupported) -> [Expr]?
    {
        guard let (kind, body) = try? left.single() else { throw Unsupported() }
        if kind == "ct" {
            guard op == "in", (try? body.string("key")) == "state", keys(body) == ["key"] else { throw Unsupported() }
            let bits = try Self.bits(try Self.names(right), Self.ctStates)
            // ct state is a host-endian 32-bit value (x86 and most routers: little-endian).
            let mask = withUnsafeBytes(of: bits.littleEndian, Array.init)
            return [
                .unknown(name: "ct", debug: "load state => reg 1 "), .bitwise(mask: mask, xor: [0, 0, 0, 0]),
                .cmp(.neq, [0, 0, 0, 0]),
            ]
        }
        if kind == "payload", op == "in", (try? body.string("protocol")) == "tcp",
            (try? body.string("field")) == "flags"
        {
            // `tcp flags syn,ack`: any of these bits set.
            let flags = try Self.bits(try Self.names(right), Self.tcpFlags.mapValues(UInt32.init))
            var loaded = try load(left, &context)
            loaded.exprs += [.bitwise(mask: [UInt8(flags)], xor: [0]), .cmp(.neq, [0])]
            return loaded.exprs
        }
        if kind == "meta", (try? body.string("key")) == "iif", keys(body) == ["key"], op == "==",
            case .string("lo") = right.value
        {
            // `iif "lo"`: nft resolves the name to its ifindex; lo's is 1 in every namespace.
            return Lowering.match(.loopbackInput, family: family)
        }
        if kind == "meta", let key = try? body.string("key"), key == "iifname" || key == "oifname" {
            guard op == "==" || op == "!=", case .string(let name) = right.value, !name.contains("*"),
                !name.hasPrefix("@"),
                !name.contains("\\"), (1...15).contains(name.utf8.count)
            else { throw Unsupported() }
            var data = Array(name.utf8)
            data += [UInt8](repeating: 0, count: 16 - data.count)
            return [.unknown(name: "meta", debug: "load \(key) => reg 1 "), .cmp(op == "==" ? .eq : .neq, data)]
        }
        guard kind == "payload", let (rightKind, prefix) = try? right.single(), rightKind == "prefix" else {
            return nil
        }
        guard op == "==" || op == "!=", let address = prefix.member("addr"), let lengthNode = prefix.member("len"),
            case .int(let length) = lengthNode.value, length > 0
        else { throw Unsupported() }
        var loaded = try load(left, &context)
        guard case .address = loaded.kind, length <= loaded.length * 8,
            case .payload(let base, let offset, _) = loaded.exprs.last
        else { throw Unsupported() }
        let full = try bytes(address.value, loaded)
        let bits = Int(length)
        let mask = (0..<full.count).map { index -> UInt8 in
            let covered = min(max(bits - 8 * index, 0), 8)
            return UInt8(truncatingIfNeeded: 0xff << (8 - covered))
        }
        guard zip(full, mask).allSatisfy({ $0 & ~$1 == 0 }) else { throw Unsupported() }
        var data = full
        if bits % 8 == 0 {
            // Whole bytes: nft loads only those.
            data = Array(full.prefix(bits / 8))
            loaded.exprs[loaded.exprs.count - 1] = .payload(base, offset: offset, length: UInt32(bits / 8))
        } else {
            // A partial byte: the whole field, masked.
            loaded.exprs.append(.bitwise(mask: mask, xor: [UInt8](repeating: 0, count: full.count)))
        }
        return loaded.exprs + [.cmp(op == "==" ? .eq : .neq, data)]
    }

    static func isLoad(_ expr: Expr) -> Bool {
        switch expr {
        case .payload, .meta, .exthdrIPv6: return true
        default: return false
        }
    }

    private func load(_ left: ListingNode, _ context: inout Context) throws(Unsupported) -> Loaded {
        guard let (kind, body) = try? left.single() else { throw Unsupported() }
        switch kind {
        case "payload" where body.member("base") != nil:
            // A raw load, `@nh,OFFSET,LENGTH` (bits): no protocol dependency. port0's IR
            // holds whole bytes; nft compiles other widths with shifts and masks.
            guard keys(body) == ["base", "offset", "len"], let baseName = try? body.string("base"),
                let base = Self.rawBases[baseName], case .int(let offset)? = body.member("offset")?.value,
                case .int(let length)? = body.member("len")?.value, offset >= 0, offset % 8 == 0,
                offset / 8 <= Int64(UInt8.max), length > 0, length % 8 == 0, length <= 128
            else { throw Unsupported() }
            return Loaded(
                exprs: [.payload(base, offset: UInt32(offset / 8), length: UInt32(length / 8))],
                length: Int(length / 8), kind: .integer, datatype: NftDatatype.integer)
        case "payload":
            guard keys(body) == ["protocol", "field"], let proto = try? body.string("protocol"),
                let field = try? body.string("field"), let spec = Self.payloadFields[proto]?[field]
            else { throw Unsupported() }
            let version: IPVersion? =
                proto == "ip" || proto == "icmp" ? .ipv4 : proto == "ip6" || proto == "icmpv6" ? .ipv6 : nil
            let l4: UInt8? = ["tcp": 6, "udp": 17, "icmp": 1, "icmpv6": 58][proto]
            var exprs: [Expr] = []
            if let version, context.network != version {
                exprs += Lowering.dependency(version, family)
                context.network = version
            }
            if let l4, context.transport != l4 {
                exprs += [.meta(.l4proto), .cmp(.eq, [l4])]
                context.transport = l4
            }
            exprs.append(.payload(spec.base, offset: spec.offset, length: spec.length))
            if let mask = spec.mask {
                exprs.append(.bitwise(mask: mask, xor: [UInt8](repeating: 0, count: mask.count)))
            }
            var loaded = Loaded(exprs: exprs, length: Int(spec.length), kind: spec.kind, datatype: spec.datatype)
            loaded.shift = spec.shift
            if spec.kind == .l4proto { loaded.establishes = { (nil, UInt8(truncatingIfNeeded: $0)) } }
            return loaded
        case "meta":
            guard keys(body) == ["key"], let key = try? body.string("key") else { throw Unsupported() }
            switch key {
            case "l4proto":
                var loaded = Loaded(
                    exprs: [.meta(.l4proto)], length: 1, kind: .l4proto, datatype: NftDatatype.inetProtocol)
                loaded.establishes = { (nil, UInt8(truncatingIfNeeded: $0)) }
                return loaded
            case "nfproto":
                guard family == .inet else { throw Unsupported() }
                var loaded = Loaded(exprs: [.meta(.nfproto)], length: 1, kind: .nfproto, datatype: nil)
                loaded.establishes = { ($0 == 2 ? .ipv4 : $0 == 10 ? .ipv6 : nil, nil) }
                return loaded
            case "protocol":
                var loaded = Loaded(
                    exprs: [.meta(.protocol)], length: 2, kind: .ethertype, datatype: NftDatatype.etherType)
                if family == .netdev {
                    loaded.establishes = { ($0 == 0x0800 ? .ipv4 : $0 == 0x86dd ? .ipv6 : nil, nil) }
                }
                return loaded
            case "mark":
                return Loaded(
                    exprs: [.unknown(name: "meta", debug: "load mark => reg 1 ")], length: 4, kind: .hostInteger)
            case "pkttype":
                return Loaded(
                    exprs: [.unknown(name: "meta", debug: "load pkttype => reg 1 ")], length: 1,
                    kind: .named(Self.packetTypes))
            default: throw Unsupported()
            }
        case "exthdr":
            guard keys(body) == ["name", "field"], (try? body.string("name")) == "frag",
                (try? body.string("field")) == "frag-off"
            else { throw Unsupported() }
            var exprs: [Expr] = []
            if context.network != .ipv6 {
                exprs += Lowering.dependency(.ipv6, family)
                context.network = .ipv6
            }
            exprs += [.exthdrIPv6(type: 44, offset: 2, length: 2), .bitwise(mask: [0xff, 0xf8], xor: [0, 0])]
            return Loaded(exprs: exprs, length: 2, kind: .integer, datatype: nil, shift: 3)
        case "&":
            guard let operands = try? body.elements(), operands.count == 2 else { throw Unsupported() }
            var loaded = try load(operands[0], &context)
            guard case .integer = loaded.kind, loaded.shift == 0, case .int(let mask) = operands[1].value,
                let maskBytes = Self.bigEndian(mask, loaded.length)
            else { throw Unsupported() }
            loaded.exprs.append(.bitwise(mask: maskBytes, xor: [UInt8](repeating: 0, count: loaded.length)))
            loaded.datatype = nil
            loaded.establishes = nil
            return loaded
        default:
            throw Unsupported()
        }
    }

    /// A right-hand value as the bytes the kernel compares.
    private func bytes(_ value: JSONValue, _ loaded: Loaded) throws(Unsupported) -> [UInt8] {
        switch (loaded.kind, value) {
        case (.integer, .int(let number)):
            guard number >= 0, let bytes = Self.bigEndian(number << loaded.shift, loaded.length),
                (number << loaded.shift) >> loaded.shift == number
            else { throw Unsupported() }
            return bytes
        case (.integer, .string(let text)):
            // nft lists an integer wider than 64 bits in hex: `"0x20010db8…"`.
            guard loaded.shift == 0, let value = Self.hexNumber(text), let bytes = Self.bigEndian(value, loaded.length)
            else { throw Unsupported() }
            return bytes
        case (.l4proto, .int(let number)), (.nfproto, .int(let number)), (.ethertype, .int(let number)):
            guard let bytes = Self.bigEndian(number, loaded.length) else { throw Unsupported() }
            return bytes
        case (.l4proto, .string(let name)):
            guard let number = Self.protocolNumbers[name] else { throw Unsupported() }
            return [number]
        case (.nfproto, .string(let name)):
            guard let number: UInt8 = name == "ipv4" ? 2 : name == "ipv6" ? 10 : nil else { throw Unsupported() }
            return [number]
        case (.ethertype, .string(let name)):
            guard let number = Self.ethertypes[name] else { throw Unsupported() }
            return [UInt8(number >> 8), UInt8(number & 0xff)]
        case (.hostInteger, .int(let number)):
            guard let bytes = Self.bigEndian(number, loaded.length) else { throw Unsupported() }
            return bytes.reversed()
        case (.named, .int(let number)):
            guard let bytes = Self.bigEndian(number << loaded.shift, loaded.length), number < 256 >> loaded.shift
            else { throw Unsupported() }
            return bytes
        case (.named(let names), .string(let name)):
            guard let number = names[name], let bytes = Self.bigEndian(Int64(number) << loaded.shift, loaded.length)
            else { throw Unsupported() }
            return bytes
        case (.address(let version), .string(let text)):
            // Only address characters reach inet_pton: a NUL cannot cut the text short.
            guard text.utf8.count <= 64, text.utf8.allSatisfy(Prefix.isNotationByte),
                let (parsed, address) = text.withCString({ IPAddressText.parse(cString: $0) }), parsed == version
            else { throw Unsupported() }
            return IntervalElements.bytes(address, loaded.length)
        default:
            throw Unsupported()
        }
    }

    static func bigEndian(_ value: Int64, _ length: Int) -> [UInt8]? {
        value >= 0 && length <= 8 ? bigEndian(UInt128(value), length) : nil
    }

    static func bigEndian(_ value: UInt128, _ length: Int) -> [UInt8]? {
        guard length <= 16, length == 16 || value >> (8 * length) == 0 else { return nil }
        return IntervalElements.bytes(value, length)
    }

    /// `0x…` as nft prints integers (at most 128 bits).
    static func hexNumber(_ text: String) -> UInt128? {
        let digits = text.utf8.dropFirst(2)
        guard text.hasPrefix("0x"), (1...32).contains(digits.count),
            digits.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) || (0x41...0x46).contains($0) }
            )
        else { return nil }
        return UInt128(text.dropFirst(2), radix: 16)
    }

    static func number(_ bytes: [UInt8]) -> UInt128 { bytes.reduce(0) { $0 << 8 | UInt128($1) } }

    /// libnftnl's debug text for register data: 32-bit words in host (little-endian) order.
    static func words(_ bytes: [UInt8]) -> String {
        stride(from: 0, to: bytes.count, by: 4).map { start in
            let chunk = bytes[start..<min(start + 4, bytes.count)]
            let word = chunk.enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (8 * UInt32($1.offset)) }
            let hex = String(word, radix: 16)
            return "0x" + String(repeating: "0", count: 8 - hex.count) + hex + " "
        }.joined()
    }

    /// A flag list: one name or an array of names.
    static func names(_ node: ListingNode) throws(Unsupported) -> [String] {
        switch node.value {
        case .string(let name): return [name]
        case .array(let values):
            return try values.map { (value) throws(Unsupported) in
                guard case .string(let name) = value else { throw Unsupported() }
                return name
            }
        default: throw Unsupported()
        }
    }

    static func bits(_ names: [String], _ table: [String: UInt32]) throws(Unsupported) -> UInt32 {
        var bits: UInt32 = 0
        for name in names {
            guard let bit = table[name] else { throw Unsupported() }
            bits |= bit
        }
        return bits
    }
}

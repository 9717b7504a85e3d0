/// A named set (or map) of a saved listing as the kernel holds it: nft's datatype id and
/// key length, NFT_SET_* flags, and its elements (interval sets as start keys and
/// interval-end keys, exactly as `IntervalElements` sends port0's own sets).
///
/// nft 1.0.6 lists a `typeof @nh,96,32` set as `"type": "integer"` with no key length: the
/// caller passes the length the listing's own lookups of the set load (the kernel refuses a
/// lookup whose key length differs), else port0's length for a set of that name.
///
/// A dynamic set (`--track-sources`) keeps its size, timeout and element expressions; its
/// elements are state, returned as `TrackedSource`s. nft before 1.0.7 leaves the `dynamic`
/// flag out of JSON: the caller says when a rule of the listing updates the set.
enum ListingSet {
    static func decode(
        _ body: ListingNode, kind: String, integerKeyLength: UInt32? = nil, updatedByRules: Bool = false,
        sources: inout [TrackedSource]
    ) throws(ListingNode.Problem) -> LiveSet {
        let name = try body.string("name")
        let typeNode = try body.required("type")
        var (keyType, keyLength) = try keyType(typeNode)
        if case .string(let typeName) = typeNode.value, typeName == "integer", keyLength == 0 {
            keyLength = integerKeyLength ?? 0
        }
        var flags: UInt32 = 0
        if let listed = body.member("flags") {
            // nft ≥ 1.0.9 may print a single flag as a string.
            let names = try (listed.value.isString ? [listed] : try listed.elements()).map {
                (node) throws(ListingNode.Problem) in try node.string()
            }
            for flag in names {
                guard let bit = flagBits[flag] else {
                    throw listed.problem("unknown set flag \"\(PrintableText.escaped(flag))\"")
                }
                flags |= bit
            }
        }
        if kind == "map", let data = body.member("map") {
            flags |= (try? data.string()).map { objectTypes.contains($0) } == true ? 0x40 : 0x8
        }
        if case .array = typeNode.value, flags & intervalFlag != 0 { flags |= 0x80 }
        if updatedByRules && kind == "set" { flags |= evalFlag }
        let members = try body.member("elem")?.elements() ?? []
        if kind == "set", flags & LiveSet.dynamicFlags == LiveSet.dynamicFlags {
            return try dynamic(body, name: name, keyType: keyType, keyLength: keyLength, flags: flags, &sources)
        }
        var elements: [IntervalElement] = []
        // Maps hold [key, value] pairs: never one of port0's address sets.
        let version: IPVersion? =
            switch (kind == "set" ? keyType : 0, keyLength) {
            case (NftDatatype.ipv4Address, 4): .ipv4
            case (NftDatatype.ipv6Address, 16): .ipv6
            default: nil
            }
        // An integer set of known key length (port0's typeof copies of its exempt sets among them).
        let integerSet = kind == "set" && keyType == NftDatatype.integer && (1...16).contains(keyLength)
        if integerSet || version != nil {
            // An address set's key length is its version's (4 or 16 bytes).
            let width = Int(keyLength)
            var ranges: [AddressRange] = []
            for member in members {
                if let version {
                    ranges.append(try range(member, version))
                } else {
                    ranges.append(try integerRange(member, width: width))
                }
            }
            ranges.sort()
            if flags & intervalFlag != 0 {
                for (a, b) in zip(ranges, ranges.dropFirst()) where b.first <= a.last {
                    throw body.problem("set \(PrintableText.escaped(name)): overlapping elements")
                }
                elements = IntervalElements.elements(ranges, width: width)
            } else {
                for range in ranges {
                    guard range.first == range.last else {
                        throw body.problem(
                            "set \(PrintableText.escaped(name)): a range in a set without flags interval")
                    }
                    elements.append(
                        IntervalElement(key: IntervalElements.bytes(range.first, width), intervalEnd: false))
                }
            }
        } else {
            // Not a shape port0 gives its sets: only the element count is shown, as for
            // such a set read from the kernel.
            elements = members.map { _ in IntervalElement(key: [], intervalEnd: false) }
        }
        return LiveSet(name: name, keyType: keyType, keyLength: keyLength, flags: flags, elements: elements)
    }

    static let intervalFlag: UInt32 = 0x4
    /// NFT_SET_EVAL, nft's `dynamic`.
    static let evalFlag: UInt32 = 0x20

    /// A dynamic set as the netlink read gives it: no elements, but size, timeout (ms) and
    /// the names of its element expressions; its address elements as tracked sources.
    private static func dynamic(
        _ body: ListingNode, name: String, keyType: UInt32, keyLength: UInt32, flags: UInt32,
        _ sources: inout [TrackedSource]
    ) throws(ListingNode.Problem) -> LiveSet {
        let size = try body.member("size")?.integer(UInt32.self) ?? 0
        let timeout = try body.member("timeout")?.integer(UInt64.self) ?? 0
        guard timeout <= UInt64.max / 1000 else { throw body.problem("timeout \(timeout) out of range") }
        var expressions: [String] = []
        for statement in try body.member("stmt")?.elements() ?? [] {
            expressions.append(try statement.single().0)
        }
        let version: IPVersion? =
            switch (keyType, keyLength) {
            case (NftDatatype.ipv4Address, 4): .ipv4
            case (NftDatatype.ipv6Address, 16): .ipv6
            default: nil
            }
        if let version {
            for member in try body.member("elem")?.elements() ?? [] {
                var value = member
                var details: ListingNode?
                if case .object = member.value, let (kind, inner) = try? member.single(), kind == "elem" {
                    value = try inner.required("val")
                    details = inner
                }
                let range = try range(value, version)
                guard range.first == range.last else { throw value.problem("a range in a dynamic set") }
                let counter = details?.member("counter")
                let expires = try details?.member("expires")?.integer(UInt64.self)
                sources.append(
                    TrackedSource(
                        set: name, version: version, address: range.first,
                        packets: try counter?.member("packets")?.integer(UInt64.self) ?? 0,
                        bytes: try counter?.member("bytes")?.integer(UInt64.self) ?? 0,
                        expiresInMilliseconds: expires.map { $0 <= UInt64.max / 1000 ? $0 * 1000 : UInt64.max }))
            }
        }
        return LiveSet(
            name: name, keyType: keyType, keyLength: keyLength, flags: flags, elements: [], size: size,
            timeoutMilliseconds: timeout * 1000, expressions: expressions)
    }

    static let flagBits: [String: UInt32] = ["constant": 0x2, "interval": 0x4, "timeout": 0x10, "dynamic": 0x20]

    static let objectTypes: Set<String> = [
        "counter", "quota", "limit", "ct helper", "ct timeout", "ct expectation", "secmark", "synproxy",
    ]

    /// nft datatype ids (src/datatype.h) and key sizes in bytes.
    static let datatypes: [String: (UInt32, UInt32)] = [
        "nf_proto": (2, 1), "ipv4_addr": (7, 4), "ipv6_addr": (8, 16), "ether_addr": (9, 6), "ether_type": (10, 2),
        "inet_proto": (12, 1), "inet_service": (13, 2), "icmp_type": (14, 1), "mark": (19, 4), "iface_index": (20, 4),
        "uid": (24, 4), "gid": (25, 4), "ct_state": (26, 4), "icmpv6_type": (29, 1), "dscp": (36, 1),
        "ifname": (41, 16), "integer": (4, 0),
    ]

    /// The datatype and key length nft gives a `typeof` key: a raw load of whole bytes is an
    /// integer of that length; a header field takes the field's type. Anything else shows by id 0.
    private static func typeofKey(_ expression: ListingNode) -> (UInt32, UInt32) {
        guard let (kind, body) = try? expression.single(), kind == "payload" else { return (0, 0) }
        if case .int(let length)? = body.member("len")?.value, body.member("base") != nil {
            return length > 0 && length % 8 == 0 && length <= 128 ? (NftDatatype.integer, UInt32(length / 8)) : (0, 0)
        }
        guard let proto = try? body.string("protocol"), let field = try? body.string("field"),
            let spec = ListingRule.payloadFields[proto]?[field], let datatype = spec.datatype, spec.mask == nil
        else { return (0, 0) }
        return (datatype, spec.length)
    }

    /// One element of an integer set keyed by an address (`typeof @nh,96,32`): a number (hex
    /// text above 64 bits) or a range of them.
    private static func integerRange(_ node: ListingNode, width: Int) throws(ListingNode.Problem) -> AddressRange {
        if case .object = node.value {
            let (kind, body) = try node.single()
            switch kind {
            case "elem": return try integerRange(try body.required("val"), width: width)
            case "range":
                let ends = try body.elements()
                guard ends.count == 2 else { throw body.problem("expected [low, high]") }
                let low = try integer(ends[0], width: width)
                let high = try integer(ends[1], width: width)
                guard low <= high else { throw body.problem("range whose low end is above its high end") }
                return AddressRange(first: low, last: high)
            default:
                throw node.problem("unexpected \"\(PrintableText.escaped(kind))\" in an integer set")
            }
        }
        let value = try integer(node, width: width)
        return AddressRange(first: value, last: value)
    }

    private static func integer(_ node: ListingNode, width: Int) throws(ListingNode.Problem) -> UInt128 {
        let value: UInt128?
        switch node.value {
        case .int(let number): value = number >= 0 ? UInt128(number) : nil
        case .string(let text): value = ListingRule.hexNumber(text)
        default: throw node.problem("expected an integer, a range or hex text, found \(node.kind)")
        }
        guard let value, width >= 16 || value >> (8 * width) == 0 else {
            throw node.problem("not a \(8 * width)-bit integer")
        }
        return value
    }

    /// A key type: one name, or an array of names for a concatenation (nft: each type id
    /// shifted in 6 bits at a time, each part padded to 4 bytes).
    private static func keyType(_ node: ListingNode) throws(ListingNode.Problem) -> (UInt32, UInt32) {
        if case .object = node.value {
            // nft ≥ 1.1 lists a typeof key as its expression: {"typeof": {"payload": …}}.
            let (kind, expression) = try node.single()
            guard kind == "typeof" else {
                throw node.problem("unexpected \"\(PrintableText.escaped(kind))\" as a set type")
            }
            return typeofKey(expression)
        }
        if case .string(let typeName) = node.value {
            // An unknown type is shown by id 0 (read back it would show its real id).
            return datatypes[typeName] ?? (0, 0)
        }
        var id: UInt32 = 0
        var length: UInt32 = 0
        for part in try node.elements() {
            let (partID, partLength) = datatypes[try part.string()] ?? (0, 0)
            id = id << 6 | partID
            length += (partLength + 3) / 4 * 4
        }
        return (id, length)
    }

    /// One element of an address set: an address, a prefix or a range (nft ≥ 1.0.9 may wrap
    /// it as `{"elem": {"val": …, "comment": …}}`).
    private static func range(_ node: ListingNode, _ version: IPVersion) throws(ListingNode.Problem) -> AddressRange {
        switch node.value {
        case .string(let text):
            let address = try address(node, text, version)
            return AddressRange(first: address, last: address)
        case .object:
            let (kind, body) = try node.single()
            switch kind {
            case "elem": return try range(try body.required("val"), version)
            case "prefix":
                let addressNode = try body.required("addr")
                let first = try address(addressNode, try addressNode.string(), version)
                let bits = version == .ipv4 ? 32 : 128
                let lengthNode = try body.required("len")
                let length = try lengthNode.integer(Int.self)
                guard (0...bits).contains(length) else {
                    throw lengthNode.problem("prefix length \(length) out of range 0-\(bits)")
                }
                let hostMask: UInt128 = length == 0 ? version.maxValue : (UInt128(1) << UInt128(bits - length)) - 1
                guard first & hostMask == 0 else { throw node.problem("prefix with host bits set") }
                return AddressRange(first: first, last: first | hostMask)
            case "range":
                let ends = try body.elements()
                guard ends.count == 2 else { throw body.problem("expected [low, high]") }
                let low = try address(ends[0], try ends[0].string(), version)
                let high = try address(ends[1], try ends[1].string(), version)
                guard low <= high else { throw body.problem("range whose low end is above its high end") }
                return AddressRange(first: low, last: high)
            default:
                throw node.problem("unexpected \"\(PrintableText.escaped(kind))\" in an address set")
            }
        default:
            throw node.problem("expected an address, a prefix or a range, found \(node.kind)")
        }
    }

    private static func address(_ node: ListingNode, _ text: String, _ version: IPVersion) throws(ListingNode.Problem)
        -> UInt128
    {
        guard text.utf8.count <= 64, text.utf8.allSatisfy(Prefix.isNotationByte),
            let (parsed, value) = text.withCString({ IPAddressText.parse(cString: $0) }), parsed == version
        else {
            throw node.problem("\(Quoted(text)) is not an \(version == .ipv4 ? "IPv4" : "IPv6") address")
        }
        return value
    }
}

extension JSONValue {
    var isString: Bool {
        if case .string = self { return true }
        return false
    }
}

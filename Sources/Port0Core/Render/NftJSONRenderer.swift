/// Renders the model in libnftables' JSON schema (libnftables-json(5), as nft 1.0.6's
/// src/parser_json.c reads it) for `nft -j -f`.
///
/// The script mirrors the text script as one `{"nftables": [...]}` document, which nft
/// applies as one transaction: add the table (a no-op if it exists), delete it, then add
/// the table, its chains, counters, sets and rules. Objects are written as `nft -j list`
/// writes them, minus handles, with keys in a fixed order: same model, same bytes.
///
/// Two things nft 1.0.6's JSON parser cannot express, so a table loaded from JSON by
/// nft 1.0.6 differs from one loaded from text (newer nft reads both as written here):
/// - the table `comment` (read since nft 1.0.9; 1.0.6 ignores the key);
/// - a chain on more than one device: `"dev"` is then an array (read since nft 1.1.0;
///   1.0.6 refuses the document with "Missing `device' in this chain definition").
public enum NftJSONRenderer {
    /// The whole script: one command per line inside one document.
    public static func script(_ table: Table) -> String {
        var out = "{\"nftables\":[\n"
        // About 40 bytes per set element; one allocation instead of many regrowths.
        out.reserveCapacity(16_384 + 48 * table.setElementCount)
        for (index, command) in commands(table).enumerated() {
            if index > 0 { out += ",\n" }
            command.write(to: &out)
        }
        return out + "\n]}\n"
    }

    /// The commands of `script`, in order.
    public static func commands(_ table: Table) -> [JSONValue] {
        let identity: [(String, JSONValue)] = [
            ("family", .string(table.family.rawValue)), ("name", .string(table.name)),
        ]
        var commands: [JSONValue] = [
            .object([("metainfo", .object([("json_schema_version", 1)]))]),
            add("table", .object(identity)),
            .object([("delete", .object([("table", .object(identity))]))]),
        ]
        var definition = identity
        if let comment = table.comment { definition.append(("comment", .string(comment))) }
        commands.append(add("table", .object(definition)))
        // nft's own order when it expands a table block (nft_cmd_expand): chains, objects,
        // sets, rules. The kernel hands out handles in this order, so a table loaded from
        // this script lists with the same handles as one loaded from the text script.
        commands += table.chains.map { add("chain", chain($0, table)) }
        commands += table.counters.map { add("counter", counter($0, table)) }
        commands += table.sets.map { add("set", set($0, table)) }
        commands += table.sourceSets.map { add("set", sourceSet($0, table)) }
        for chain in table.chains {
            commands += chain.rules.map { add("rule", rule($0, chain: chain.name, table)) }
        }
        return commands
    }

    static func add(_ kind: String, _ object: JSONValue) -> JSONValue {
        .object([("add", .object([(kind, object)]))])
    }

    /// `"family"`, `"table"` and `"name"`: how every object inside the table is addressed.
    static func owner(_ table: Table, _ name: String) -> [(String, JSONValue)] {
        [("family", .string(table.family.rawValue)), ("table", .string(table.name)), ("name", .string(name))]
    }

    static func counter(_ counter: NamedCounter, _ table: Table) -> JSONValue {
        .object(
            owner(table, counter.name) + [
                ("packets", .int(Int64(clamping: counter.packets))), ("bytes", .int(Int64(clamping: counter.bytes))),
            ])
    }

    static func set(_ set: AddressSet, _ table: Table) -> JSONValue {
        var members = owner(table, set.name)
        members.append(("type", .string(set.version == .ipv4 ? "ipv4_addr" : "ipv6_addr")))
        members.append(("flags", .array(["constant", "interval"])))
        if !set.elements.isEmpty {
            members.append(("elem", .array(set.elements.map { element($0, set.version) })))
        }
        return .object(members)
    }

    /// nft 1.0.6's JSON has no "dynamic" flag (its parser refuses it): nft sets it itself
    /// because the rules `update` the set, and the kernel holds the same set as from text.
    static func sourceSet(_ set: SourceSet, _ table: Table) -> JSONValue {
        .object(
            owner(table, set.name) + [
                ("type", .string(set.version == .ipv4 ? "ipv4_addr" : "ipv6_addr")), ("size", .int(Int64(set.size))),
                ("flags", .array(["timeout"])), ("timeout", .int(Int64(set.timeoutSeconds))),
                ("stmt", .array([.object([("counter", .null)])])),
            ])
    }

    static func element(_ range: AddressRange, _ version: IPVersion) -> JSONValue {
        switch range.notation(version) {
        case .address(let address): return .string(address)
        case .prefix(let address, let length):
            return .object([("prefix", .object([("addr", .string(address)), ("len", .int(Int64(length)))]))])
        case .range(let low, let high): return .object([("range", .array([.string(low), .string(high)]))])
        }
    }

    static func chain(_ chain: Chain, _ table: Table) -> JSONValue {
        var members = owner(table, chain.name)
        if let base = chain.base {
            members += [
                ("type", "filter"), ("hook", .string(base.hook.rawValue)), ("prio", .int(Int64(base.priority.value))),
            ]
            if base.devices.count == 1 {
                members.append(("dev", .string(base.devices[0])))
            } else if !base.devices.isEmpty {
                members.append(("dev", .array(base.devices.map(JSONValue.string))))
            }
            members.append(("policy", "accept"))
        }
        return .object(members)
    }

    static func rule(_ rule: Rule, chain: String, _ table: Table) -> JSONValue {
        var expressions = rule.matches.map(match)
        expressions += rule.statements.map(statement)
        if let verdict = rule.verdict { expressions.append(self.verdict(verdict)) }
        return .object([
            ("family", .string(table.family.rawValue)), ("table", .string(table.name)), ("chain", .string(chain)),
            ("expr", .array(expressions)),
        ])
    }

    static func match(_ match: Match) -> JSONValue {
        switch match {
        case .transportPortZero(let field):
            return relation("==", payload("th", field.rawValue), 0)
        case .l4protoIn(let protocols):
            return relation("==", meta("l4proto"), .object([("set", .array(protocols.map { .string($0.rawValue) }))]))
        case .l4proto(let proto):
            return relation("==", meta("l4proto"), .string(proto.rawValue))
        case .tcpReset:
            return relation("in", payload("tcp", "flags"), "rst")
        case .loopbackInput:
            return relation("==", meta("iif"), "lo")
        case .ipv4LaterFragment:
            return relation("!=", .object([("&", .array([payload("ip", "frag-off"), 8191]))]), 0)
        case .ipv6LaterFragment:
            return relation("!=", .object([("exthdr", .object([("name", "frag"), ("field", "frag-off")]))]), 0)
        case .addressInSet(let version, let field, let set):
            return relation("==", payload(version == .ipv4 ? "ip" : "ip6", field.rawValue), .string("@\(set)"))
        case .payload(let field, let mask, let op, let value):
            let left = mask.map { .object([("&", .array([raw(field), integer($0)]))]) } ?? raw(field)
            return relation(op == .eq ? "==" : "!=", left, integer(value))
        case .payloadIn(let field, let values):
            return relation("==", raw(field), .object([("set", .array(values.map(integer)))]))
        case .payloadInSet(let field, let set):
            return relation("==", raw(field), .string("@\(set)"))
        case .etherType(let value):
            return relation("==", meta("protocol"), etherType(value))
        case .etherTypeIn(let values):
            return relation("==", meta("protocol"), .object([("set", .array(values.map(etherType)))]))
        }
    }

    /// `{"payload": {"base": "nh", "offset": 16, "len": 16}}` (bits, as nft writes them).
    static func raw(_ field: RawPayload) -> JSONValue {
        let base = field.base == .link ? "ll" : field.base == .network ? "nh" : "th"
        return .single(
            "payload",
            .object([
                ("base", .string(base)), ("offset", .int(Int64(field.offset) * 8)),
                ("len", .int(Int64(field.length) * 8)),
            ]))
    }

    /// A big-endian value of at most 8 bytes as a JSON number.
    static func integer(_ bytes: [UInt8]) -> JSONValue {
        .int(Int64(bitPattern: bytes.reduce(UInt64(0)) { $0 << 8 | UInt64($1) }))
    }

    static func etherType(_ value: UInt16) -> JSONValue {
        EtherType.nftName(value).map(JSONValue.string) ?? .int(Int64(value))
    }

    static func relation(_ op: String, _ left: JSONValue, _ right: JSONValue) -> JSONValue {
        .object([("match", .object([("op", .string(op)), ("left", left), ("right", right)]))])
    }

    static func payload(_ proto: String, _ field: String) -> JSONValue {
        .object([("payload", .object([("protocol", .string(proto)), ("field", .string(field))]))])
    }

    static func meta(_ key: String) -> JSONValue {
        .object([("meta", .object([("key", .string(key))]))])
    }

    static func statement(_ statement: Statement) -> JSONValue {
        switch statement {
        case .limit(let rate):
            return .single(
                "limit",
                .object([
                    ("rate", .int(Int64(clamping: rate.count))), ("burst", .int(Int64(LogRate.burst))),
                    ("per", .string(rate.unit.rawValue)),
                ]))
        case .log(let prefix): return .object([("log", .object([("prefix", .string(prefix))]))])
        case .counter(let name): return .object([("counter", .string(name))])
        case .nflog(let prefix, let group, let snaplen):
            var members: [(String, JSONValue)] = [("prefix", .string(prefix)), ("group", .int(Int64(group)))]
            if let snaplen { members.append(("snaplen", .int(Int64(snaplen)))) }
            return .object([("log", .object(members))])
        case .updateSourceSet(let version, let set):
            return update(payload(version == .ipv4 ? "ip" : "ip6", "saddr"), set)
        case .updateSourceSetFromPayload(let field, let set):
            return update(raw(field), set)
        case .jumpToSourceShard(let version, let chains):
            let hash = JSONValue.single(
                "jhash",
                .object([
                    ("mod", .int(Int64(chains.count))), ("expr", payload(version == .ipv4 ? "ip" : "ip6", "saddr")),
                ]))
            let elements = chains.enumerated().map { index, chain -> JSONValue in
                .array([.int(Int64(index)), .object([("jump", .object([("target", .string(chain))]))])])
            }
            return .object([("vmap", .object([("key", hash), ("data", .object([("set", .array(elements))]))]))])
        }
    }

    /// `update @SET { ELEM }`
    static func update(_ element: JSONValue, _ set: String) -> JSONValue {
        .single("set", .object([("op", "update"), ("elem", element), ("set", .string("@\(set)"))]))
    }

    static func verdict(_ verdict: Verdict) -> JSONValue {
        switch verdict {
        case .drop: return .object([("drop", .null)])
        case .accept: return .object([("accept", .null)])
        case .return: return .object([("return", .null)])
        case .jump(let chain): return .object([("jump", .object([("target", .string(chain))]))])
        case .goto(let chain): return .object([("goto", .object([("target", .string(chain))]))])
        case .reject(.tcpReset): return .object([("reject", .object([("type", "tcp reset")]))])
        case .reject(.portUnreachable):
            return .object([("reject", .object([("type", "icmpx"), ("expr", "port-unreachable")]))])
        }
    }
}

import Port0TestSupport
import Testing

@testable import Port0Core

/// The saved-listing decoder without a kernel: the strict JSON parser, and listings built
/// from port0's own JSON rendering (the objects nft lists, in libnftables-json's schema).
@Suite struct ListingDecoderTests {
    /// `render --format json`'s objects without their commands, as `nft -j list ruleset`
    /// (≥ 1.0.9, which lists the comment) would show the installed table.
    static func listing(_ table: Table, version: String = "1.1.1") -> [UInt8] {
        var objects: [JSONValue] = [
            .object([("metainfo", .object([("version", .string(version)), ("json_schema_version", 1)]))])
        ]
        for (index, command) in NftJSONRenderer.commands(table).enumerated() where index >= 3 {
            guard case .object(let members) = command, members.first?.0 == "add" else { continue }
            // nft's JSON has no typeof: port0 renders no JSON for such sets, nft lists them so.
            if case .object(let object) = members[0].1, object.first?.0 == "set", case .object(let body) = object[0].1,
                let name = body.first(where: { $0.0 == "name" })?.1,
                let set = table.sets.first(where: { .string($0.name) == name && $0.rawKey != nil })
            {
                objects.append(.object([("set", typeofSet(set, table))]))
                continue
            }
            // nft's JSON input takes no `dynamic` flag, but nft ≥ 1.0.7 lists it.
            if case .object(let object) = members[0].1, object.first?.0 == "set", case .object(var body) = object[0].1,
                let name = body.first(where: { $0.0 == "name" })?.1,
                table.sourceSets.contains(where: { .string($0.name) == name }), version != "1.0.6",
                let index = body.firstIndex(where: { $0.0 == "flags" })
            {
                body[index].1 = .array(["timeout", "dynamic"])
                objects.append(.object([("set", .object(body))]))
                continue
            }
            objects.append(members[0].1)
        }
        return Array(JSONValue.object([("nftables", .array(objects))]).text.utf8)
    }

    /// A `typeof @nh,…` set as nft 1.0.6 lists it: type integer, no key length, elements as
    /// numbers (hex text above 64 bits) and ranges of them.
    static func typeofSet(_ set: AddressSet, _ table: Table) -> JSONValue {
        func number(_ value: UInt128) -> JSONValue {
            value <= UInt128(UInt64.max)
                ? .int(Int64(bitPattern: UInt64(value))) : .string("0x" + String(value, radix: 16))
        }
        let elements: [JSONValue] = set.elements.map {
            $0.first == $0.last ? number($0.first) : .object([("range", .array([number($0.first), number($0.last)]))])
        }
        return .object(
            [
                ("family", .string(table.family.rawValue)), ("name", .string(set.name)), ("table", .string(table.name)),
                ("type", "integer"), ("handle", 9), ("flags", .array(["constant", "interval"])),
            ] + (elements.isEmpty ? [] : [("elem", .array(elements))]))
    }

    static let configurations: [(String, @Sendable (inout RulesetOptions) -> Void)] = [
        ("default", { _ in }),
        (
            "every host hook, reject, log, exempt",
            {
                $0.hooks = [.input, .forward, .output]
                $0.action = .reject
                $0.logPrefix = "p0 {#;@} "
                $0.logRate = LogRate(count: 7, unit: .hour)
                $0.exempt = .parsing(["192.0.2.0/24", "198.51.100.7/32", "10.0.0.0/23", "10.0.2.0/24", "2001:db8::/32"])
            }
        ),
        (
            "edge, two devices, egress, no counters, priority",
            {
                $0.profile = .edge
                $0.devices = ["eth1", "eth0"]
                $0.egress = true
                $0.counters = false
                $0.priority = "filter - 10"
            }
        ),
        (
            "edge inspecting VLAN, PPPoE and MPLS, egress, log, exempts (typeof sets)",
            {
                $0.profile = .edge
                $0.devices = ["eth0"]
                $0.egress = true
                $0.log = true
                $0.exempt = .parsing(["192.0.2.0/24", "10.0.0.1", "2001:db8::/32", "::1"])
            }
        ),
        (
            "telemetry: source sets, NFLOG group and snaplen, exempt and fragment counters",
            {
                $0.trackSources = 4096
                $0.logGroup = 5
                $0.logSnaplen = 128
                $0.exempt = .parsing(["192.0.2.0/24", "2001:db8::/32"])
            }
        ),
        (
            "edge without encapsulations",
            {
                $0.profile = .edge
                $0.devices = ["eth0"]
                $0.encap = false
            }
        ),
    ]

    @Test(arguments: configurations.indices)
    func aListingOfTheConfiguredTableDecodesToWhatReadBackExpects(index: Int) throws {
        let table = try Table.built(with: Self.configurations[index].1)
        let decoded = try SavedListing.decode(Self.listing(table), path: "x", desired: table)
        #expect(decoded.notes.isEmpty)
        #expect(decoded.table == LiveTable(expecting: table), "\(Self.configurations[index].0)")
        #expect(PlanReport(live: decoded.table, desired: table).text == "no changes\n")
    }

    @Test func anOldListingFillsCommentAndDevicesFromTheConfigurationAndSaysSo() throws {
        let table = try Table.built(.edge)
        var text = String(decoding: Self.listing(table, version: "1.0.6"), as: UTF8.self)
        text = text.replacingOccurrences(of: #","comment":"port0"#, with: #","x":"port0"#)
            .replacingOccurrences(of: #""dev":"eth0","#, with: "")
        let decoded = try SavedListing.decode(Array(text.utf8), path: "x", desired: table)
        #expect(decoded.table == LiveTable(expecting: table))
        #expect(decoded.notes.count == 2, "\(decoded.notes)")
    }

    @Test func strictJSON() throws {
        #expect(
            try JSONParser.parse(Array(#" {"a": [1, -2, "x\u00e9\ud83d\ude00", true, null, {}]} "#.utf8))
                == .object([("a", .array([1, -2, .string("xé😀"), .bool(true), .null, .object([])]))]))
        for bad in [
            "{\"a\": 1,}", "[1 2]", "{\"a\" 1}", "01", "1.5", "-", "\"\\x\"", "\"\\ud800\"", "[",
            "{\"a\": 1, \"a\": 2}",
            "nul", "\"a", "[1]]", "9223372036854775808", "'a'",
        ] {
            #expect(throws: JSONParser.Failure.self, "\(bad)") { try JSONParser.parse(Array(bad.utf8)) }
        }
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse([0x22, 0xff, 0x22]) }
        #expect(try JSONParser.parse(Array("-9223372036854775808".utf8)) == .int(Int64.min))
        let deep = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        #expect(throws: Never.self) { try JSONParser.parse(Array(deep.utf8)) }
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(Array(("[" + deep + "]").utf8)) }
    }

    static func statements(_ texts: [String]) throws -> [ListingNode] {
        try texts.map { ListingNode(value: try JSONParser.parse(Array($0.utf8)), path: "$") }
    }

    /// The shapes of encapsulated-frame chains, compiled as nft 1.0.6 compiles them: raw
    /// loads without a protocol dependency, whole bytes, masks, integer and ethertype sets.
    @Test func rawPayloadEthertypeAndGotoShapes() throws {
        let rule = ListingRule(family: .netdev)
        func compiled(_ texts: String...) throws -> [Expr] { rule.exprs(try Self.statements(texts)) }
        #expect(
            try compiled(
                #"{"match": {"op": "==", "left": {"meta": {"key": "protocol"}}, "right": {"set": ["8021q", 34887, 34916, "8021ad"]}}}"#,
                #"{"jump": {"target": "inbound_encap"}}"#)
                == [
                    .meta(.protocol),
                    .lookup(
                        .anonymous(
                            AnonymousSet(
                                keyType: NftDatatype.etherType, keyLength: 2,
                                elements: [[0x81, 0x00], [0x88, 0x47], [0x88, 0x64], [0x88, 0xa8]]))),
                    .immediate(.jump, chain: "inbound_encap"),
                ])
        #expect(
            try compiled(
                #"{"match": {"op": "==", "left": {"meta": {"key": "protocol"}}, "right": "8021ad"}}"#,
                #"{"goto": {"target": "inbound_vlan"}}"#)
                == [.meta(.protocol), .cmp(.eq, [0x88, 0xa8]), .immediate(.goto, chain: "inbound_vlan")])
        #expect(
            try compiled(
                #"{"match": {"op": "==", "left": {"payload": {"base": "nh", "offset": 16, "len": 16}}, "right": {"set": [33024, 34984]}}}"#,
                #"{"match": {"op": "==", "left": {"&": [{"payload": {"base": "nh", "offset": 64, "len": 8}}, 240]}, "right": 64}}"#,
                #"{"match": {"op": "!=", "left": {"payload": {"base": "ll", "offset": 96, "len": 16}}, "right": 2048}}"#,
                #"{"match": {"op": "==", "left": {"payload": {"base": "nh", "offset": 128, "len": 32}}, "right": "@exempt_v4_encap"}}"#,
                #"{"return": null}"#)
                == [
                    .payload(.network, offset: 2, length: 2),
                    .lookup(
                        .anonymous(
                            AnonymousSet(
                                keyType: NftDatatype.integer, keyLength: 2, elements: [[0x81, 0x00], [0x88, 0xa8]]))),
                    .payload(.network, offset: 8, length: 1), .bitwise(mask: [0xf0], xor: [0]), .cmp(.eq, [0x40]),
                    .payload(.link, offset: 12, length: 2), .cmp(.neq, [0x08, 0x00]),
                    .payload(.network, offset: 16, length: 4), .lookup(.named("exempt_v4_encap")),
                    .immediate(.return, chain: nil),
                ])
        #expect(
            try compiled(
                #"{"match": {"op": "==", "left": {"payload": {"base": "nh", "offset": 64, "len": 128}}, "right": "0x20010db8000000000000000000000001"}}"#
            ) == [
                .payload(.network, offset: 8, length: 16),
                .cmp(.eq, [0x20, 0x01, 0x0d, 0xb8] + [UInt8](repeating: 0, count: 11) + [1]),
            ])
        // Not whole bytes, the inner header, a value wider than the load: kept as JSON.
        for statement in [
            #"{"match": {"op": "==", "left": {"payload": {"base": "nh", "offset": 4, "len": 4}}, "right": 4}}"#,
            #"{"match": {"op": "==", "left": {"payload": {"base": "ih", "offset": 0, "len": 8}}, "right": 4}}"#,
            #"{"match": {"op": "==", "left": {"payload": {"base": "nh", "offset": 0, "len": 8}}, "right": 256}}"#,
            #"{"match": {"op": "==", "left": {"payload": {"base": "nh", "offset": 0, "len": 8}}, "right": "0x1g"}}"#,
            #"{"match": {"op": "==", "left": {"meta": {"key": "iifname"}}, "right": "@ifnames"}}"#,
        ] {
            let exprs = try compiled(statement)
            #expect(
                exprs.count == 1
                    && exprs.first.map { if case .unknown("nft -j", _) = $0 { true } else { false } } == true,
                "\(statement)")
        }
    }

    /// nft 1.0.6 lists a typeof set as `"type": "integer"` without its key length: the
    /// listing's own lookups give it, else port0's set of that name; values above 64 bits
    /// come as hex text.
    @Test func typeofSetsTakeTheirKeyLengthFromLookups() throws {
        let table = try Table.built(.edge) {
            $0.exempt = .parsing(["10.0.0.0/8", "2001:db8::/32"])
        }
        func listing(_ extra: String) -> [UInt8] {
            Array(
                (#"{"nftables": [{"metainfo": {"version": "1.0.6", "json_schema_version": 1}}, {"table": {"family": "netdev", "name": "port0", "handle": 1}}, {"set": {"family": "netdev", "name": "exempt_v6_encap", "table": "port0", "type": "integer", "handle": 3, "flags": ["interval"], "elem": [1, {"range": ["0x20010db8000000000000000000000000", "0x20010db8ffffffffffffffffffffffff"]}]}}, {"set": {"family": "netdev", "name": "other", "table": "port0", "type": "integer", "handle": 4, "flags": ["interval"], "elem": [{"range": [0, 10]}]}}, {"chain": {"family": "netdev", "table": "port0", "name": "c", "handle": 2}}"#
                    + extra + "]}").utf8)
        }
        let lookup =
            #", {"rule": {"family": "netdev", "table": "port0", "chain": "c", "handle": 5, "expr": [{"match": {"op": "==", "left": {"payload": {"base": "nh", "offset": 16, "len": 16}}, "right": "@other"}}, {"drop": null}]}}"#
        for (extra, otherLength) in [("", UInt32(0)), (lookup, 2)] {
            let decoded = try #require(try SavedListing.decode(listing(extra), path: "x", desired: table).table)
            let v6 = try #require(decoded.sets.first { $0.name == "exempt_v6_encap" })
            #expect(v6.keyType == NftDatatype.integer && v6.keyLength == 16)
            #expect(
                v6.addressSet?.elements == [
                    AddressRange(first: 1, last: 1),
                    AddressRange(
                        first: UInt128(0x2001_0db8) << 96, last: UInt128(0x2001_0db8) << 96 | (UInt128(1) << 96 - 1)),
                ])
            let other = try #require(decoded.sets.first { $0.name == "other" })
            #expect(other.keyType == NftDatatype.integer && other.keyLength == otherLength)
            #expect(
                other.elements.map(\.key)
                    == (otherLength == 2 ? [[0, 0], [0, 11]] : [[]]))
        }
    }

    /// nft 1.0.6 lists a source set without its `dynamic` flag, elements with their counters
    /// and expiry in seconds; `update @set { ip saddr }` and `log … group N snaplen S`.
    @Test func sourceSetsAndNflogFromNft106() throws {
        let table = try Table.built {
            $0.trackSources = 100
            $0.logGroup = 3
        }
        let sourceSet =
            #"{"set": {"family": "inet", "name": "sources_v4", "table": "port0", "type": "ipv4_addr", "handle": 17, "size": 100, "flags": ["timeout"], "timeout": 3600, "elem": [{"elem": {"val": "10.1.2.3", "expires": 3599, "counter": {"packets": 3, "bytes": 120}}}, "10.9.9.9"], "stmt": [{"counter": null}]}}"#
        let update =
            #"{"rule": {"family": "inet", "table": "port0", "chain": "c", "handle": 5, "expr": [{"set": {"op": "update", "elem": {"payload": {"protocol": "ip", "field": "saddr"}}, "set": "@sources_v4"}}, {"log": {"prefix": "p ", "group": 3, "snaplen": 0}}, {"counter": "inbound_dport"}, {"return": null}]}}"#
        func decode(_ objects: [String]) throws -> LiveTable {
            let text =
                #"{"nftables": [{"metainfo": {"version": "1.0.6", "json_schema_version": 1}}, {"table": {"family": "inet", "name": "port0", "handle": 1}}, {"chain": {"family": "inet", "table": "port0", "name": "c", "handle": 2}}, "#
                + objects.joined(separator: ", ") + "]}"
            return try #require(try SavedListing.decode(Array(text.utf8), path: "x", desired: table).table)
        }
        let decoded = try decode([sourceSet, update])
        let set = try #require(decoded.sets.first)
        #expect(set.flags == LiveSet.dynamicFlags && set.size == 100 && set.timeoutMilliseconds == 3_600_000)
        #expect(set.expressions == ["counter"] && set.elements.isEmpty)
        #expect(set.sourceSet != nil)
        #expect(
            decoded.sources == [
                TrackedSource(
                    set: "sources_v4", version: .ipv4, address: 0x0a01_0203, packets: 3, bytes: 120,
                    expiresInMilliseconds: 3_599_000),
                TrackedSource(
                    set: "sources_v4", version: .ipv4, address: 0x0a09_0909, packets: 0, bytes: 0,
                    expiresInMilliseconds: nil),
            ])
        #expect(
            decoded.chains.first?.rules.first?.exprs == [
                .meta(.nfproto), .cmp(.eq, [2]), .payload(.network, offset: 12, length: 4),
                .dynsetUpdate(set: "sources_v4"), .nflog(prefix: "p ", group: 3, snaplen: nil),
                .counterRef("inbound_dport"), .immediate(.return, chain: nil),
            ])
        // No rule updates it: a timeout set, as nft 1.0.6 lists it (not port0's).
        #expect(try decode([sourceSet]).sets.first?.flags == 0x10)
        // nft ≥ 1.0.7 lists the flag itself.
        let newer = try decode([sourceSet.replacingOccurrences(of: #"["timeout"]"#, with: #"["timeout", "dynamic"]"#)])
        #expect(newer.sets.first?.flags == LiveSet.dynamicFlags)
        // An add, a timeout on the update, a log level with a group: kept as JSON.
        for other in [
            #"{"set": {"op": "add", "elem": {"payload": {"protocol": "ip", "field": "saddr"}}, "set": "@s"}}"#,
            #"{"set": {"op": "update", "elem": {"payload": {"protocol": "ip", "field": "saddr"}}, "set": "@s", "timeout": 5}}"#,
            #"{"log": {"prefix": "p ", "group": 3, "level": "info"}}"#,
        ] {
            let exprs = ListingRule(family: .inet).exprs(try Self.statements([other]))
            #expect(
                exprs.count == 1
                    && exprs.first.map { if case .unknown("nft -j", _) = $0 { true } else { false } } == true,
                "\(other)")
        }
    }

    /// A statement outside what `ListingRule` compiles keeps its whole rule, as JSON.
    @Test func aRuleThatCannotBeCompiledIsKeptWhole() throws {
        let rule = ListingRule(family: .inet)
        let statements = [
            #"{"match": {"op": "==", "left": {"payload": {"protocol": "tcp", "field": "dport"}}, "right": 22}}"#,
            #"{"masquerade": null}"#,
        ].map { ListingNode(value: try! JSONParser.parse(Array($0.utf8)), path: "$") }
        #expect(
            rule.exprs(statements) == [
                .unknown(
                    name: "nft -j",
                    debug:
                        #"[{"match":{"op":"==","left":{"payload":{"protocol":"tcp","field":"dport"}},"right":22}},{"masquerade":null}]"#
                )
            ])
        #expect(
            rule.exprs(Array(statements.prefix(1))) == [
                .meta(.l4proto), .cmp(.eq, [6]), .payload(.transport, offset: 2, length: 2), .cmp(.eq, [0, 22]),
            ])
    }
}

import Testing

@testable import Port0Core

/// The saved-listing decoder without a kernel: the strict JSON parser, and listings built
/// from port0's own JSON rendering (the objects nft lists, in libnftables-json's schema).
@Suite struct ListingDecoderTests {
    static func table(_ configure: (inout RulesetOptions) -> Void) throws -> Table {
        var options = RulesetOptions()
        configure(&options)
        return try RulesetBuilder.build(options)
    }

    /// `render --format json`'s objects without their commands, as `nft -j list ruleset`
    /// (≥ 1.0.9, which lists the comment) would show the installed table.
    static func listing(_ table: Table, version: String = "1.1.1") -> [UInt8] {
        var objects: [JSONValue] = [
            .object([("metainfo", .object([("version", .string(version)), ("json_schema_version", 1)]))])
        ]
        for (index, command) in NftJSONRenderer.commands(table).enumerated() where index >= 3 {
            guard case .object(let members) = command, members.first?.0 == "add" else { continue }
            objects.append(members[0].1)
        }
        return Array(JSONValue.object([("nftables", .array(objects))]).text.utf8)
    }

    static let configurations: [(String, @Sendable (inout RulesetOptions) -> Void)] = [
        ("default", { _ in }),
        (
            "every host hook, reject, log, exempt",
            {
                $0.hooks = ["input", "forward", "output"]
                $0.action = "reject"
                $0.logPrefix = "p0 {#;@} "
                $0.logRate = "7/hour"
                $0.exempt = ["192.0.2.0/24", "198.51.100.7/32", "10.0.0.0/23", "10.0.2.0/24", "2001:db8::/32"]
            }
        ),
        (
            "edge, two devices, egress, no counters, priority",
            {
                $0.profile = "edge"
                $0.devices = ["eth1", "eth0"]
                $0.egress = true
                $0.counters = false
                $0.priority = "filter - 10"
            }
        ),
    ]

    @Test(arguments: configurations.indices)
    func aListingOfTheConfiguredTableDecodesToWhatReadBackExpects(index: Int) throws {
        let table = try Self.table(Self.configurations[index].1)
        let decoded = try SavedListing.decode(Self.listing(table), path: "x", desired: table)
        #expect(decoded.notes.isEmpty)
        #expect(decoded.table == LiveTable(expecting: table), "\(Self.configurations[index].0)")
        #expect(PlanReport(live: decoded.table, desired: table).text == "no changes\n")
    }

    @Test func anOldListingFillsCommentAndDevicesFromTheConfigurationAndSaysSo() throws {
        let table = try Self.table {
            $0.profile = "edge"
            $0.devices = ["eth0"]
        }
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

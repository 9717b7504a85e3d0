import Testing

@testable import Port0Core

@Suite struct LiveTextRendererTests {
    @Test(arguments: Tables.all)
    func everyPort0RuleDecompilesToItself(table: Table) {
        for rule in table.chains.flatMap(\.rules) {
            #expect(RuleDecompiler.rule(Lowering.exprs(rule, family: table.family), family: table.family) == rule)
        }
    }

    @Test(arguments: Tables.all)
    func aLiveTableListsExactlyAsItsModel(table: Table) {
        #expect(LiveTextRenderer.listing(LiveTable(expecting: table)) == NftTextRenderer.listing(table))
    }

    @Test func foreignAndPartialRulesAreMarked() {
        #expect(RuleDecompiler.rule(Tables.foreignRule, family: .inet) == nil)
        // A port0 match followed by something port0 never writes is not port0's either.
        let tail: [Expr] = Lowering.exprs(Rule([.transportPortZero(.dport)], [], .drop), family: .inet)
        #expect(RuleDecompiler.rule(tail + [.cmp(.eq, [1])], family: .inet) == nil)
        // The IPv4 dependency of an inet rule does not decompile in a netdev table.
        let inet = Lowering.exprs(Rule([.ipv4LaterFragment], [], .return), family: .inet)
        #expect(RuleDecompiler.rule(inet, family: .netdev) == nil)
        #expect(LiveTextRenderer.ruleText([], family: .inet) == "# not port0's rule: (no expressions)")
        #expect(
            LiveTextRenderer.ruleText([.meta(.nfproto), .cmp(.eq, [2]), .log(prefix: "x\ny")], family: .inet)
                == "# not port0's rule: [ meta load nfproto ] [ cmp eq 0x02 ] [ log prefix x\\ny ]")
        // Expressions port0 does not model read as nft --debug=netlink prints them, not as
        // Swift values.
        #expect(
            LiveTextRenderer.ruleText(
                [.unknown(name: "counter", debug: "pkts 0 bytes 0 "), .unknown(name: "notrack", debug: "")],
                family: .inet) == "# not port0's rule: [ counter pkts 0 bytes 0 ] [ notrack ]")
    }

    @Test func foreignSetsChainsAndStringsStayOnTheirLines() {
        var live = LiveTable(expecting: Tables.host)
        live.chains.append(
            LiveChain(
                name: "evil\nchain", base: LiveBaseChain(type: "nat", hook: nil, priority: 7, devices: [], policy: 0),
                rules: [LiveRule(exprs: [.immediate(.jump, chain: "a\u{202e}b")])]))
        live.sets.append(LiveSet(name: "macs", keyType: 9, keyLength: 6, flags: 0, elements: []))
        let text = LiveTextRenderer.listing(live)
        #expect(
            text.contains("\tset macs {\n\t\t# not port0's set: key type 9, 6-byte keys, flags 0x0, 0 elements\n\t}\n"))
        #expect(
            text.contains(
                "\tchain evil\\nchain {\n\t\ttype nat hook unknown priority 7; policy drop;\n\t\tjump a\\u{202e}b\n\t}\n"
            ))
    }

    @Test func intervalElementsReadBackAsTheRangesTheyCameFrom() {
        for set in Tables.all.flatMap(\.sets) {
            #expect(IntervalRanges.ranges(IntervalElements.elements(set), version: set.version) == set.elements)
        }
        let broken = [
            IntervalElement(key: [10, 0, 0, 0], intervalEnd: false),
            IntervalElement(key: [11, 0, 0, 0], intervalEnd: false),
        ]
        #expect(IntervalRanges.ranges(broken, version: .ipv4) == nil)
        #expect(IntervalRanges.ranges([IntervalElement(key: [1, 2], intervalEnd: false)], version: .ipv4) == nil)
    }
}

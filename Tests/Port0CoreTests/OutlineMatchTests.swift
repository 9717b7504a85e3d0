import Testing

@testable import Port0Core

/// `LiveTable.matches` (what apply asks instead of building a `Drift`) answers exactly as
/// `Drift(...).isEmpty`, for live tables of every kind of difference.
@Suite struct OutlineMatchTests {
    static let desired: [Table] =
        Tables.all + [
            Tables.build { $0.log = true },
            Tables.build { $0.counters = false },
            Tables.build { $0.action = .reject },
            Tables.build { $0.trackSources = RulesetOptions.defaultTrackSize },
        ]

    /// Live tables beside the installed configurations: a rule's expressions changed,
    /// a rule added, rules swapped, a chain gone, only the comment or a counter different.
    static var live: [LiveTable] {
        var tables = desired.map(LiveTable.init(expecting:))
        let host = LiveTable(expecting: Tables.host)
        let chain = host.chains.firstIndex { $0.rules.count > 1 }!
        var edited = host
        edited.chains[chain].rules[0].exprs.removeLast()
        var added = host
        added.chains[chain].rules.append(LiveRule(exprs: Tables.foreignRule, handle: 99))
        var swapped = host
        swapped.chains[chain].rules.swapAt(0, 1)
        var chainless = host
        chainless.chains.removeLast()
        var commented = host
        commented.comment = "another program's table"
        var counted = host
        counted.counters.removeLast()
        tables += [edited, added, swapped, chainless, commented, counted]
        return tables
    }

    @Test func answersAsDriftDoes() {
        var matched = 0
        var differed = 0
        for live in Self.live {
            for desired in Self.desired {
                let drift = Drift(live: live, desired: desired).isEmpty
                #expect(
                    live.matches(desired) == drift, "\(live.chains.map(\.name)) against \(desired.chains.map(\.name))")
                if drift { matched += 1 } else { differed += 1 }
            }
        }
        // Each configuration matches its own table and nothing else here.
        #expect(matched == Self.desired.count)
        #expect(differed > 0)
    }
}

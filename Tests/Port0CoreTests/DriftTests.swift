import Port0TestSupport
import Testing

@testable import Port0Core

@Suite struct DriftTests {
    static var live: LiveTable { LiveTable(expecting: Tables.edge) }

    @Test func counterValuesHandlesAndOrderAreNotDrift() {
        var live = Self.live
        live.counters[0].packets = 12
        live.chains[0].rules[0].handle = 4
        live.chains.reverse()
        live.counters.reverse()
        #expect(Drift(live: live, desired: Tables.edge).isEmpty)
    }

    /// Tracked sources are state; the source sets' definition is configuration.
    @Test func sourceSetsDriftOnlyInTheirDefinition() {
        let desired = Tables.build {
            $0.trackSources = RulesetOptions.defaultTrackSize
            $0.logGroup = 5
        }
        var live = LiveTable(expecting: desired)
        live.sources = [
            TrackedSource(
                set: "sources_v4_3", version: .ipv4, address: 0x0a00_0001, packets: 9, bytes: 900,
                expiresInMilliseconds: 1_000)
        ]
        #expect(Drift(live: live, desired: desired).isEmpty)
        let index = live.sets.firstIndex { $0.name == "sources_v6_15" }!
        live.sets[index].size = 100
        #expect(
            Drift(live: live, desired: desired).differences == [
                "set sources_v6_15: live type ipv6_addr, size 100, flags dynamic,timeout, counter, timeout 1h, configured type ipv6_addr, size 4096, flags dynamic,timeout, counter, timeout 1h"
            ])
        // A listing of the live table shows the set as port0 renders it, and the rules as text.
        let listing = LiveTextRenderer.listing(LiveTable(expecting: desired))
        #expect(listing == NftTextRenderer.listing(desired))
    }

    @Test func missingAndUnexpectedObjects() {
        var live = Self.live
        live.chains.removeAll { $0.name == "outbound_sport" }
        live.counters.append(NamedCounter(name: "extra"))
        live.sets.removeAll { $0.name == "exempt_v6" }
        #expect(
            Drift(live: live, desired: Tables.edge).differences == [
                "unexpected counter extra", "missing set exempt_v6", "missing chain outbound_sport",
            ])
    }

    @Test func baseChainChanges() {
        var live = Self.live
        live.chains[0].base?.priority = -300
        live.chains[0].base?.devices = ["eth0"]
        live.chains[0].base?.policy = 0
        #expect(
            Drift(live: live, desired: Tables.edge).differences == [
                "chain ingress: priority live -300, configured -500",
                "chain ingress: devices live \"eth0\", configured \"eth0\", \"eth1\"",
                "chain ingress: policy live drop, configured accept",
            ])
        var inet = LiveTable(expecting: Tables.host)
        inet.chains[0].base?.priority = -200
        #expect(
            Drift(live: inet, desired: Tables.host).differences == [
                "chain prerouting: priority live -200, configured raw (-300)"
            ])
    }

    @Test func changedRulesAreListedWithTheirText() {
        var live = LiveTable(expecting: Tables.host)
        live.chains[2].rules[2] = LiveRule(
            exprs: Lowering.exprs(Rule([], [.counter(name: "inbound_dport")], .accept), family: .inet))
        #expect(
            Drift(live: live, desired: Tables.host).differences == [
                "chain inbound_dport: unexpected rule: counter name \"inbound_dport\" accept",
                "chain inbound_dport: missing rule: counter name \"inbound_dport\" drop",
            ])
    }

    @Test func setElementsAreListedAndBigChangesSummarised() {
        let many = Tables.build { $0.exempt = .parsing((1...20).map { "10.\($0 * 2).0.0/16" }) }
        let few = Tables.build { $0.exempt = .parsing(["10.2.0.0/16", "192.0.2.0/24"]) }
        #expect(
            Drift(live: LiveTable(expecting: few), desired: many).differences == [
                "set exempt_v4: 19 elements missing: 10.4.0.0/16, 10.6.0.0/16, 10.8.0.0/16, 10.10.0.0/16, 10.12.0.0/16 … and 14 more",
                "set exempt_v4: 1 element unexpected: 192.0.2.0/24",
            ])
    }

    @Test func versionAndSetTypeChanges() {
        var live = Self.live
        live.comment = live.comment?.replacingOccurrences("0.1.0", "0.0.9")
        live.sets[0].keyType = 9
        #expect(
            Drift(live: live, desired: Tables.edge).differences == [
                "port0 version: live 0.0.9, configured \(Port0Version.current)",
                "set exempt_v4: live key type 9, 4-byte keys, flags 0x6, configured type ipv4_addr, flags constant,interval",
            ])
    }

    @Test func anonymousSetOrderIsNotDrift() {
        var live = LiveTable(expecting: Tables.host)
        guard case .lookup(.anonymous(var set)) = live.chains[0].rules[0].exprs[3] else {
            Issue.record("expected the { tcp, udp } lookup")
            return
        }
        set.elements.reverse()
        live.chains[0].rules[0].exprs[3] = .lookup(.anonymous(set))
        #expect(Drift(live: live, desired: Tables.host).isEmpty)
    }
}

extension String {
    fileprivate func replacingOccurrences(_ target: String, _ replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}

extension DriftTests {
    @Test("another program's table of port0's name is said to be that, first")
    func foreignTable() {
        var live = LiveTable(expecting: Tables.host)
        live.comment = nil
        let differences = Drift(live: live, desired: Tables.host).differences
        #expect(
            differences.first
                == "not port0's table: its comment is none, not port0's; apply, plan and remove refuse it without --adopt"
        )
        live.comment = "firewall"
        #expect(
            Drift(live: live, desired: Tables.host).differences.first?.hasPrefix(
                "not port0's table: its comment is \"firewall\"") == true)
        #expect(StatusReport(live: live, desired: Tables.host).exitCode == 4)
    }

    @Test("a dormant table is drift, said plainly; other flags are named")
    func tableFlags() {
        var live = LiveTable(expecting: Tables.host)
        live.flags = LiveTable.dormantFlag
        #expect(Drift(live: live, desired: Tables.host).differences == ["table is dormant: filtering is switched off"])
        live.flags = LiveTable.dormantFlag | 0x8
        #expect(
            Drift(live: live, desired: Tables.host).differences == [
                "table is dormant: filtering is switched off", "table flags: live 0x8, configured none",
            ])
        #expect(StatusReport(live: live, desired: Tables.host).exitCode == 4)
    }
}

extension DriftTests {
    @Test("a table a guard owns with PERSIST, or left unowned with PERSIST, is not drift for others")
    func guardOwnershipIsNotDrift() {
        var live = LiveTable(expecting: Tables.host)
        live.flags = LiveTable.guardOwnership
        live.owner = 4242
        #expect(Drift(live: live, desired: Tables.host).isEmpty)
        live.flags = LiveTable.persistFlag
        live.owner = nil
        #expect(Drift(live: live, desired: Tables.host).isEmpty)
        // OWNER without PERSIST: some other process's, which dies with it.
        live.flags = LiveTable.ownerFlag
        live.owner = 4242
        #expect(
            Drift(live: live, desired: Tables.host).differences == [
                "table is owned by another process (netlink port 4242): port0 cannot change it"
            ])
    }

    @Test("the guard with --own-table wants its table owned: unowned or orphaned is a difference to claim")
    func guardWantsOwnership() {
        var owned = Tables.host
        owned.flags = LiveTable.guardOwnership
        var live = LiveTable(expecting: Tables.host)
        #expect(
            Drift(live: live, desired: owned).differences == [
                "table is not owned by this guard (flags: none): claiming it"
            ])
        live.flags = LiveTable.persistFlag
        #expect(
            Drift(live: live, desired: owned).differences == [
                "table is not owned by this guard (flags: persist): claiming it"
            ])
        live.flags = LiveTable.guardOwnership
        #expect(Drift(live: live, desired: owned).isEmpty)
        #expect(LiveTable(expecting: owned).flags == 0x6)
    }
}

import Port0TestSupport
import Testing

@testable import Port0Core

@Suite struct ConvergerTests {
    @Test func planOnAnEmptyKernelAddsTheWholeTable() throws {
        let report = try Converger(kernel: FakeKernel()).plan(Tables.host)
        #expect(report.changesPending && !report.installed)
        let lines = report.diff.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
        let listing = NftTextRenderer.listing(Tables.host).split(separator: "\n", omittingEmptySubsequences: false)
            .dropLast().map { "+\($0)" }
        #expect(
            lines.prefix(3) == [
                "--- live: table inet port0", "+++ configured: table inet port0", "@@ -0,0 +1,\(listing.count) @@",
            ])
        #expect(Array(lines.dropFirst(3)) == listing)
        #expect(report.text == report.diff)
    }

    @Test func afterApplyThePlanHasNoChanges() throws {
        let kernel = FakeKernel()
        let converger = Converger(kernel: kernel)
        let outcome = try converger.apply(Tables.full)
        #expect(outcome.changed && outcome.attempts == 1 && kernel.commits == 1)
        let report = try converger.plan(Tables.full)
        #expect(!report.changesPending && report.diff.isEmpty)
        #expect(report.text == "no changes\n")
        #expect(try converger.status(Tables.full).exitCode == 0)
    }

    @Test func unchangedApplyCommitsNothingAndCountersKeepCounting() throws {
        let kernel = FakeKernel()
        let converger = Converger(kernel: kernel)
        _ = try converger.apply(Tables.host)
        kernel.count("inbound_dport", packets: 3, bytes: 180)
        let outcome = try converger.apply(Tables.host)
        #expect(!outcome.changed && kernel.commits == 1)
        #expect(outcome.line == "unchanged table inet port0: 6 chains, 18 rules, 0 set elements")
        kernel.count("inbound_dport", packets: 1, bytes: 60)
        let counter = try #require(kernel.tables["inet port0"]?.counters.first { $0.name == "inbound_dport" })
        #expect((counter.packets, counter.bytes) == (4, 240))
    }

    @Test func changedApplyCarriesCounterTotalsIntoTheNewTable() throws {
        let kernel = FakeKernel()
        let converger = Converger(kernel: kernel)
        _ = try converger.apply(Tables.host)
        kernel.count("inbound_dport", packets: 3, bytes: 180)
        kernel.count("outbound_sport", packets: 2, bytes: 100)
        let changed = Tables.build {
            $0.log = true
            $0.hooks = [.prerouting, .output, .forward]
        }
        let outcome = try converger.apply(changed)
        #expect(outcome.changed && kernel.commits == 2)
        let counters = try #require(kernel.tables["inet port0"]?.counters)
        let values = Dictionary(uniqueKeysWithValues: counters.map { ($0.name, [$0.packets, $0.bytes]) })
        #expect(values["inbound_dport"] == [3, 180])
        #expect(values["outbound_sport"] == [2, 100])
        #expect(values["forward_dport"] == [0, 0])
        #expect(try converger.plan(changed).text == "no changes\n")
    }

    @Test func aForeignRuleShowsInThePlanAndAsDriftUntilApplyRepairsIt() throws {
        let kernel = FakeKernel()
        let converger = Converger(kernel: kernel)
        _ = try converger.apply(Tables.host)
        kernel.edit { $0.chains[0].rules.append(LiveRule(exprs: Tables.foreignRule, handle: 99)) }
        let foreign =
            "# not port0's rule: [ meta load l4proto ] [ cmp eq 0x06 ] [ payload load 2b @ transport header + 2 ] [ cmp eq 0x0016 ] [ immediate accept ]"
        let plan = try converger.plan(Tables.host)
        #expect(plan.changesPending)
        #expect(plan.diff.contains("\n-\t\t\(foreign)\n"))
        #expect(plan.diff.contains("@@ -28,7 +28,6 @@"))
        let status = try converger.status(Tables.host)
        #expect(status.exitCode == 4 && status.drifted)
        #expect(status.differences == ["chain prerouting: unexpected rule: \(foreign)"])
        #expect(try converger.apply(Tables.host).changed)
        #expect(try converger.status(Tables.host).exitCode == 0)
    }

    @Test func oneChangedSetElementIsOneChangedLineOfThePlan() throws {
        let exempt = (0..<2_000).map { "10.\($0 / 100).\($0 % 100 * 2).0/24" }
        let kernel = FakeKernel()
        _ = try Converger(kernel: kernel).apply(
            Tables.build { $0.exempt = .parsing(exempt.filter { $0 != "10.4.18.0/24" }) })
        let plan = try Converger(kernel: kernel).plan(Tables.build { $0.exempt = .parsing(exempt) })
        let changed = plan.diff.split(separator: "\n").filter { $0.hasPrefix("+") || $0.hasPrefix("-") }
        #expect(
            changed == ["--- live: table inet port0", "+++ configured: table inet port0", "+\t\t\t     10.4.18.0/24,"])
        #expect(plan.differences == ["set exempt_v4: 1 element missing: 10.4.18.0/24"])
    }

    @Test func aConcurrentChangeMakesApplyReadAgainAndRetry() throws {
        let kernel = FakeKernel()
        kernel.concurrentChanges = 1
        let outcome = try Converger(kernel: kernel).apply(Tables.host)
        #expect(outcome.changed && outcome.attempts == 2)
        #expect(kernel.refusedCommits == 1 && kernel.commits == 1)
    }

    @Test func applyRetriesWithGrowingPausesThenGivesUpClearly() throws {
        let kernel = FakeKernel()
        kernel.concurrentChanges = 1_000_000
        let start = ContinuousClock.now
        var thrown: Port0Error?
        do {
            _ = try Converger(kernel: kernel, retryWindow: 0.5).apply(Tables.host)
        } catch {
            thrown = error
        }
        let elapsed = ContinuousClock.now - start
        guard case .generationKeptChanging(let attempts) = thrown else {
            Issue.record("expected generationKeptChanging, got \(String(describing: thrown))")
            return
        }
        // 10 ms doubling (±50 %): a handful of attempts in half a second, not thousands at once.
        #expect((4...12).contains(attempts), "\(attempts) attempts")
        #expect(elapsed >= .milliseconds(150) && elapsed <= .milliseconds(1500), "\(elapsed)")
        #expect(kernel.commits == 0 && kernel.refusedCommits == attempts)
        #expect(thrown?.description.contains("nothing was committed") == true)
    }

    @Test func aRetryUsesTheBatchPreparedForTheFirstAttempt() throws {
        let kernel = FakeKernel()
        kernel.concurrentChanges = 3
        let outcome = try Converger(kernel: kernel).apply(Tables.host)
        #expect(outcome.changed && outcome.attempts == 4)
        #expect(kernel.prepared == 1)
    }

    @Test func statusOfAMissingTableIsNotInstalled() throws {
        let status = try Converger(kernel: FakeKernel()).status(Tables.host)
        #expect(status.exitCode == 3 && !status.installed && !status.drifted && status.counters.isEmpty)
        #expect(status.text == "table inet port0: not installed\n")
        #expect(
            status.json
                == #"{"table": "inet port0", "installed": false, "state": "not installed", "differences": [], "removed_with_device": [], "missing_devices": [], "counters": []}"#
        )
    }

    @Test func statusReportsCountersByDirectionAndField() throws {
        let kernel = FakeKernel()
        let converger = Converger(kernel: kernel)
        _ = try converger.apply(Tables.host)
        kernel.count("outbound_dport", packets: 7, bytes: 350)
        let status = try converger.status(Tables.host)
        #expect(status.text.hasPrefix("table inet port0: installed, matches the configuration\ncounters:\n"))
        #expect(status.text.contains("\n  outbound dport: 7 packets, 350 bytes\n"))
        #expect(
            status.json.contains(
                #"{"name": "outbound_dport", "direction": "outbound", "field": "dport", "packets": 7, "bytes": 350}"#))
    }

    @Test func applyJSONSaysWhetherAnythingChanged() throws {
        let kernel = FakeKernel()
        let first = try Converger(kernel: kernel).apply(Tables.edge)
        #expect(
            first.json
                == #"{"changed": true, "table": "netdev port0", "chains": 187, "rules": 1004, "set_elements": 4}"#
        )
        #expect(try Converger(kernel: kernel).apply(Tables.edge).json.hasPrefix(#"{"changed": false, "#))
    }
}

@Suite struct OwnershipRuleTests {
    @Test("port0's comment, any version, marks its tables; nothing else does")
    func marker() {
        #expect(LiveTable.isPort0Comment("port0 0.1.0: drops TCP/UDP packets with source or destination port 0"))
        #expect(LiveTable.isPort0Comment("port0 9.9.9~rc1: anything"))
        for comment: String? in [nil, "", "port0", "port0 :", "port0 0.1.0 drops", "my port0 0.1: x", "Port0 0.1: x"] {
            #expect(!LiveTable.isPort0Comment(comment), "\(String(describing: comment))")
        }
    }
}

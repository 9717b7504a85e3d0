import Foundation
import Port0Core
import Port0Selftest
import Testing

/// Issue 19: table flags are state. `nft add table inet port0 '{ flags dormant; }'` switches
/// all of port0's filtering off; status, plan and apply must see it, and apply must undo it.
@Suite("table flags: a dormant table is drift, and apply wakes it", .needsRoot)
struct TableFlagsTests {
    @Test("port-0 packets pass a dormant table; status and plan say so; apply wakes it and they die")
    func dormantTableOnTheWire() throws {
        try withTopology { topology in
            let scenario = Scenario.inbound
            let ns = topology.namespace(scenario.filteringHost)
            #expect(try Netns.port0(ns, ["apply"]).status == 0)
            try Netns.nft(ns, ["add", "table", "inet", "port0", "{ flags dormant; }"])

            // Switched off: the port-0 cases arrive.
            let off = try PacketMatrix.run(scenario, in: topology)
            let portZero = off.filter { $0.expected == .dropped }
            #expect(!portZero.isEmpty && portZero.allSatisfy { $0.observed == .delivered })

            let status = try Netns.port0(ns, ["status"])
            #expect(status.status == 4)
            #expect(status.stdout.contains("\n  table is dormant: filtering is switched off\n"))
            let metrics = try Netns.port0(ns, ["status", "--format", "prometheus"])
            #expect(metrics.stdout.contains("\nport0_ruleset_drift 1\n"))
            let plan = try Netns.port0(ns, ["plan", "--detailed-exitcode"])
            #expect(plan.status == 2)
            #expect(plan.stdout.contains("\n-\tflags dormant\n"))

            let applied = try Netns.port0(ns, ["apply"])
            #expect(applied.stdout.hasPrefix("applied table inet port0: "), "\(applied.stdout)\(applied.stderr)")
            #expect(!(try Netns.nft(ns, ["list", "table", "inet", "port0"])).contains("dormant"))
            #expect(try Netns.port0(ns, ["status"]).status == 0)

            // Switched on again: every case as expected.
            let on = try PacketMatrix.run(scenario, in: topology)
            #expect(on.filter { !$0.passed }.map(\.name) == [])
        }
    }
}

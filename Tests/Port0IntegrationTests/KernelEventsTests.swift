import Foundation
import Port0Core
import Port0Netlink
import Testing

/// The guard's event source on its own: who changed port0's table, and lost events.
@Suite("nf_tables and link events", .needsRoot)
struct KernelEventsTests {
    @Test("a commit touching the table names its process; others are not the table's; links are reported")
    func commitsAndLinks() throws {
        try Support.withNetns { netns in
            let events = try KernelEvents(namespace: .path("/run/netns/" + netns), family: .inet, table: "port0")
            #expect(try Support.port0(["apply", "--netns", netns]).status == 0)
            _ = try GuardTests.nft(netns, "add", "table", "inet", "port0x")
            #expect(try GuardTests.nft(netns, "flush", "chain", "inet", "port0", "inbound_sport").status == 0)
            _ = try GuardTests.nft(netns, "add", "table", "netdev", "port0")
            let commits = try events.drain(events.nftablesFD).compactMap { event -> (Bool, UInt32?, String?)? in
                guard case .commit(let touched, let pid, let process) = event else { return nil }
                return (touched, pid, process)
            }
            // port0 apply, then nft three times: only the apply and the chain flush were port0's
            // table (inet family; the netdev table of the same name is another table).
            #expect(commits.map(\.0) == [true, false, true, false])
            #expect(commits.map(\.2) == ["port0", "nft", "nft", "nft"])
            #expect(commits.allSatisfy { ($0.1 ?? 0) > 0 })

            #expect(
                try Support.inNetns(netns, ["ip", "link", "add", "p0e0", "type", "veth", "peer", "name", "p0e1"]).status
                    == 0)
            #expect(try Support.inNetns(netns, ["ip", "link", "del", "p0e0"]).status == 0)
            let links = try events.drain(events.linkFD)
            #expect(links.contains(.link(name: "p0e0", appeared: true)))
            #expect(links.contains(.link(name: "p0e0", appeared: false)))
        }
    }

    @Test("events the kernel could not queue (ENOBUFS) are reported as an overflow, never silently lost")
    func overflow() throws {
        try Support.withNetns { netns in
            let events = try KernelEvents(namespace: .path("/run/netns/" + netns), family: .inet, table: "port0")
            // Nobody reads while 60 transactions of 2,000 chains each are announced (> 4 MiB).
            var script = "add table ip storm\n"
            for index in 0..<2_000 { script += "add chain ip storm c\(index)\n" }
            script += "delete table ip storm\n"
            for _ in 0..<60 {
                #expect(try Support.inNetns(netns, ["nft", "-f", "-"], stdin: script).status == 0)
            }
            let drained = try events.drain(events.nftablesFD)
            #expect(drained.contains(.overflow))
            // After the overflow the socket works again.
            _ = try GuardTests.nft(netns, "add", "table", "inet", "port0")
            let next = try events.drain(events.nftablesFD)
            #expect(next.count == 1, "\(next)")
            guard case .commit(touchedTable: true, _, process: "nft") = next.first else {
                Issue.record("expected nft's commit of table inet port0, got \(next)")
                return
            }
        }
    }
}

extension KernelEventsTests {
    @Test(
        "a transaction that deletes the table is followed by .tableRemoved; port0's own replace and a rule delete are not"
    )
    func tableRemoved() throws {
        try Support.withNetns { netns in
            let events = try KernelEvents(namespace: .path("/run/netns/" + netns), family: .inet, table: "port0")
            #expect(try Support.port0(["apply", "--netns", netns]).status == 0)
            #expect(try Support.port0(["apply", "--netns", netns, "--exempt", "192.0.2.0/24"]).status == 0)
            #expect(try GuardTests.nft(netns, "flush", "chain", "inet", "port0", "inbound_sport").status == 0)
            #expect(try GuardTests.nft(netns, "flush", "ruleset").status == 0)
            let drained = try events.drain(events.nftablesFD)
            let removals = drained.filter { if case .tableRemoved = $0 { true } else { false } }
            #expect(removals.count == 1, "\(drained)")
            // It comes right after the flush's commit, the last one.
            #expect(drained.count == 5, "\(drained)")
            guard case .tableRemoved(let pid) = drained.last, case .commit(true, let commitPID, "nft") = drained[3]
            else {
                Issue.record("expected nft's flush then .tableRemoved, got \(drained)")
                return
            }
            #expect(pid == commitPID)
        }
    }
}

import Foundation
import Port0Core
import Port0Selftest
import Testing

/// `port0 guard --own-table` (NFT_TABLE_F_OWNER|NFT_TABLE_F_PERSIST, Linux 6.9+), each test in
/// its own network namespace: other programs cannot flush, delete or change the table, so the
/// guard has nothing to repair; the table outlives the guard, and a new guard claims it.
/// The refusal on kernels without PERSIST: KernelRequirementsTests and scripts/kernel-checks
/// (guard-own-table, in the 6.1 VM).
@Suite("port0 guard --own-table", .needsPersist)
struct OwnTableGuardTests {
    /// `status --format json` in the namespace, decoded.
    static func status(_ netns: String) throws -> (code: Int32, json: [String: Any]) {
        let result = try Support.port0(["status", "--netns", netns, "--format", "json"])
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        return (result.status, try #require(object, "status --format json: \(result.stdout)\(result.stderr)"))
    }

    static func flags(_ netns: String) throws -> [String] {
        try status(netns).json["flags"] as? [String] ?? []
    }

    @Test(
        "flush, delete, apply, remove by others fail or skip it; status 0 names the owner; SIGTERM and SIGKILL leave it; a new guard claims it"
    )
    func ownedTableLifecycle() throws {
        try Support.withNetns { netns in
            let first = try GuardProcess.started(["--netns", netns, "--own-table"])
            #expect(first.log.contains("guard: owns table inet port0 (netlink port "), "\(first.log)")
            #expect(try Self.flags(netns) == ["owner", "persist"])
            let status = try Support.port0(["status", "--netns", netns])
            #expect(status.status == 0, "\(status.stdout)\(status.stderr)")
            #expect(status.stdout.contains("\nowner: netlink port "), "\(status.stdout)")
            #expect(status.stdout.contains("(port0), flags owner, persist"), "\(status.stdout)")

            // Another program's flush skips the table: nothing to repair.
            #expect(try GuardTests.nft(netns, "flush", "ruleset").status == 0)
            let deleted = try GuardTests.nft(netns, "delete", "table", "inet", "port0")
            #expect(deleted.status != 0 && deleted.stderr.contains("Operation not permitted"), "\(deleted.stderr)")
            let rule = try GuardTests.nft(netns, "insert", "rule", "inet", "port0", "prerouting", "accept")
            #expect(rule.status != 0, "\(rule.stderr)")
            for command in [["apply"], ["remove"], ["apply", "--adopt"]] {
                let result = try Support.port0(command + ["--netns", netns])
                #expect(result.status == 1)
                #expect(
                    result.stderr.hasPrefix(
                        "port0: error: table inet port0 is owned by port0 guard --own-table (netlink port "),
                    "\(command): \(result.stderr)")
            }
            usleep(300_000)
            #expect(GuardTests.statusOK(netns))
            #expect(first.repairs.isEmpty, "\(first.log)")

            // Stopping the guard leaves the table, unowned but persistent.
            #expect(first.stop() == 0, "\(first.log)")
            #expect(try Self.flags(netns) == ["persist"])
            let orphan = try Support.port0(["status", "--netns", netns])
            #expect(orphan.status == 0)
            #expect(orphan.stdout.contains("\nowner: none, flags persist: left by a stopped port0 guard --own-table"))

            // A new guard claims it; killed, it still leaves the table.
            let second = try GuardProcess.started(["--netns", netns, "--own-table"])
            #expect(try Self.flags(netns) == ["owner", "persist"])
            #expect(try GuardTests.nft(netns, "flush", "ruleset").status == 0)
            #expect(GuardTests.statusOK(netns))
            second.signal(SIGKILL)
            _ = second.waitExit()
            usleep(100_000)
            #expect(try Self.flags(netns) == ["persist"])
            #expect(GuardTests.statusOK(netns))

            // Unowned, it is port0's like any other: apply and remove work again.
            #expect(try Support.port0(["apply", "--netns", netns]).stdout.hasPrefix("unchanged table inet port0"))
            let other = try Support.port0(["apply", "--netns", netns, "--exempt", "192.0.2.0/24"])
            #expect(other.status == 0, "\(other.stderr)")
            #expect(try Self.flags(netns) == [])
            #expect(try Support.port0(["remove", "--netns", netns]).stdout == "removed table inet port0\n")
        }
    }

    @Test("a plain table applied before is claimed; SIGHUP re-applies through the owning socket")
    func claimsPlainTableAndReloads() throws {
        try Support.withNetns { netns in
            #expect(try Support.port0(["apply", "--netns", netns]).status == 0)
            #expect(try Self.flags(netns) == [])
            let path = NSTemporaryDirectory() + "port0-own-\(getpid()).options"
            defer { unlink(path) }
            try "PORT0_OPTS=\"\"\n".write(toFile: path, atomically: true, encoding: .utf8)
            let guardProcess = try GuardProcess.started(["--netns", netns, "--own-table", "--options-file", path])
            #expect(try Self.flags(netns) == ["owner", "persist"])
            try "PORT0_OPTS=\"--exempt 198.51.100.0/24\"\n".write(toFile: path, atomically: true, encoding: .utf8)
            guardProcess.signal(SIGHUP)
            let reloaded = GuardProcess.waitFor { guardProcess.log.contains("guard: reloaded") }
            #expect(reloaded, "\(guardProcess.log)")
            #expect(GuardTests.statusOK(netns, ["--exempt", "198.51.100.0/24"]))
            #expect(try Self.flags(netns) == ["owner", "persist"])
            #expect(guardProcess.stop() == 0)
        }
    }

    @Test("on the wire: port-0 packets stay dropped after another process's flush ruleset, the guard stopped (SIGSTOP)")
    func flushLeavesRulesActive() throws {
        try withTopology { topology in
            let scenario = Scenario.inbound
            let netns = topology.namespace(scenario.filteringHost)
            let guardProcess = try GuardProcess.started(["--netns", netns, "--own-table"])
            // Frozen, the guard cannot repair anything: what stays is the kernel's doing.
            guardProcess.signal(SIGSTOP)
            let flushed = try Support.inNetns(netns, ["nft", "flush", "ruleset"])
            #expect(flushed.status == 0, "\(flushed.stderr)")
            let results = try PacketMatrix.run(scenario, in: topology)
            guardProcess.signal(SIGCONT)
            #expect(!results.isEmpty)
            #expect(results.filter { !$0.passed }.map(\.name) == [])
            usleep(200_000)
            #expect(guardProcess.repairs.isEmpty, "\(guardProcess.log)")
            #expect(guardProcess.stop() == 0)
        }
    }
}

extension Trait where Self == ConditionTrait {
    fileprivate static var needsPersist: Self {
        .enabled(
            if: Support.isRoot && (KernelVersion.running.map { $0 >= KernelVersion(6, 9) } ?? false),
            "needs root (network namespaces) and Linux 6.9+ (NFT_TABLE_F_PERSIST)")
    }
}

import Foundation
import Port0CLI
import Port0Core
import Port0Selftest
import Synchronization
import Testing

/// `port0 selftest` end to end, through the built binary.
@Suite("port0 selftest", .serialized)
struct SelftestCommandTests {
    /// Namespaces whose names say they were made by a selftest run (prefix `p0st-`), but not by
    /// this test process itself (other suites run topologies in parallel).
    static func foreignSelftestNamespaces() throws -> Set<String> {
        let own = "p0st-\(getpid())-"
        let listing = try Support.run(["ip", "netns", "list"]).stdout
        return Set(
            listing.split(separator: "\n").compactMap { $0.split(separator: " ").first.map(String.init) }
                .filter { $0.hasPrefix("p0st-") && !$0.hasPrefix(own) })
    }

    @Test(
        "default and edge: exit 0, a table of PASS rows, no namespace left behind",
        .needsRoot,
        arguments: [[], ["--profile", "edge", "--egress"], ["--action", "reject", "--log"]])
    func passesAndCleansUp(_ arguments: [String]) throws {
        let before = try Self.foreignSelftestNamespaces()
        let result = try Support.port0(["selftest"] + arguments)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.first?.hasPrefix("SCENARIO") == true)
        #expect(lines.filter { $0.contains(" PASS") }.count >= 56)
        #expect(!result.stdout.contains("FAIL"))
        #expect(lines.last?.hasSuffix("0 failed") == true)
        #expect(try Self.foreignSelftestNamespaces() == before)
    }

    @Test("SIGINT or SIGTERM mid-run removes the namespaces", .needsRoot, arguments: [SIGINT, SIGTERM])
    func interruptedRunCleansUp(_ signal: Int32) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Support.port0)
        process.arguments = ["selftest"]
        process.standardOutput = FileHandle.nullDevice
        let stderr = Pipe()
        process.standardError = stderr
        try process.run()
        let mine = "p0st-\(process.processIdentifier)-"
        var seen = false
        for _ in 0..<2000 where process.isRunning {
            if try Self.foreignSelftestNamespaces().contains(where: { $0.hasPrefix(mine) }) {
                seen = true
                break
            }
            usleep(2000)
        }
        try #require(seen, "selftest finished before its namespaces could be observed")
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        let diagnostics = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(diagnostics == "port0: interrupted; removed the selftest namespaces\n")
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 128 + signal)
        #expect(try Self.foreignSelftestNamespaces().filter { $0.hasPrefix(mine) } == [])
    }

    @Test("a user-chosen edge device is refused before anything is created")
    func edgeDeviceRefused() throws {
        var options = RulesetOptions()
        options.profile = .edge
        options.devices = ["eth0"]
        #expect(throws: Port0Error.self) { try Selftest.table(for: options) }
        let result = try Support.port0(["selftest", "--profile", "edge", "--device", "eth0"])
        #expect(result.status == 1)
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(result.stderr.contains("drop --device"))
    }

    @Test("without root: one line saying so, exit 1", .enabled(if: Support.isRoot, "needs root to drop to nobody"))
    func needsRoot() throws {
        let result = try Support.run([
            "setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", Support.port0, "selftest",
        ])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(
            result.stderr == "port0: error: selftest needs root (it creates network namespaces); run it with sudo\n")
    }
}

/// A kernel that refuses every load, to prove a failing step still removes the topology.
private struct RefusingKernel: RulesetKernel {
    static let error = Port0Error.system(context: "test kernel", reason: "refused")
    func generation() throws(Port0Error) -> UInt32 { throw Self.error }
    func read(family: Family, name: String, namedSetElements: Bool) throws(Port0Error) -> LiveTable? {
        throw Self.error
    }
    func replace(_ table: Table, ifGeneration generation: UInt32?) throws(Port0Error) -> ApplySummary {
        throw Self.error
    }
    func validate(_ table: Table) throws(Port0Error) { throw Self.error }
    func delete(family: Family, name: String) throws(Port0Error) -> Bool { throw Self.error }
}

@Suite("selftest failure handling")
struct SelftestFailureTests {
    @Test("a failing apply is reported and the namespaces are gone", .needsRoot)
    func failingStepCleansUp() throws {
        // The namespaces each kernel was made for, and whether they existed at that moment.
        let asked = Mutex<[(String, Bool)]>([])
        #expect(throws: RefusingKernel.error) {
            _ = try Selftest.run(
                RulesetOptions(),
                kernel: { netns in
                    asked.withLock { $0.append((netns, access("/run/netns/\(netns)", F_OK) == 0)) }
                    return RefusingKernel()
                })
        }
        let (server, existed) = try #require(asked.withLock { $0.first })
        #expect(server.hasSuffix("-server"))
        #expect(existed)
        let prefix = String(server.dropLast("server".count))
        let listing = try Support.run(["ip", "netns", "list"]).stdout
        #expect(!listing.contains(prefix))
    }
}

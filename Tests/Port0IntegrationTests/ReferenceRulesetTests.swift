import Foundation
import Testing

/// rules/ holds what port0 renders for the configurations listed in rules/configurations.
/// These tests fail when the renderer drifts from them, and prove the kernel accepts them.
@Suite struct ReferenceRulesetTests {
    struct Configuration: CustomTestStringConvertible, Sendable {
        var name: String
        var arguments: [String]
        var testDescription: String { name }
    }

    static let configurations: [Configuration] = {
        let url = Support.packageRoot.appendingPathComponent("rules/configurations")
        let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line in
            let parts = line.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2 else { return nil }
            return Configuration(name: String(parts[0]), arguments: parts[1].split(separator: " ").map(String.init))
        }
    }()

    static func golden(_ name: String) throws -> String {
        try String(contentsOf: Support.packageRoot.appendingPathComponent("rules/\(name).nft"), encoding: .utf8)
    }

    /// Runs `port0 render` from the package root, where rules/configurations' relative paths resolve.
    static func render(_ arguments: [String]) throws -> Support.Result {
        try Support.run(
            ["sh", "-c", "cd \"$1\" && shift && exec \"$@\"", "sh", Support.packageRoot.path, Support.port0, "render"]
                + arguments)
    }

    @Test func theReferenceConfigurationsExist() {
        #expect(
            Set(Self.configurations.map(\.name)) == [
                "default", "edge", "edge-log-exempt", "edge-plain", "edge-telemetry", "log-reject-exempt", "telemetry",
            ])
    }

    @Test(arguments: configurations)
    func renderMatchesGoldenAndIsDeterministic(configuration: Configuration) throws {
        let result = try Self.render(configuration.arguments)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stdout == (try Self.golden(configuration.name)),
            "rules/\(configuration.name).nft is stale: run scripts/regen-rules and review the diff")
        #expect(try Self.render(configuration.arguments).stdout == result.stdout)
    }

    @Test func optionOrderDoesNotChangeTheOutput() throws {
        let a = try Self.render([
            "--exempt", "192.0.2.0/24", "--exempt", "2001:db8::/32", "--exempt", "10.0.0.0/8", "--log",
        ])
        let b = try Self.render([
            "--log", "--exempt", "10.0.0.0/8", "--exempt", "2001:db8::/32", "--exempt", "192.0.2.0/24",
        ])
        #expect(a.status == 0)
        #expect(a.stdout == b.stdout)
        let c = try Self.render(["--profile", "edge", "--device", "eth1", "--device", "eth0"])
        let d = try Self.render(["--profile", "edge", "--device", "eth0", "--device", "eth1", "--device", "eth0"])
        #expect(c.stdout == d.stdout)
    }

    @Test func outputFileIsWrittenAtomicallyWithTheSameBytes() throws {
        try Ops.withTempDir { dir in
            let result = try Support.port0(["render", "-o", dir + "/port0.nft"])
            #expect(result.status == 0)
            #expect(result.stdout.isEmpty)
            #expect(try Ops.read(dir + "/port0.nft") == (try Self.golden("default")))
            // Nothing but the target is left in the directory (no temporary file).
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["port0.nft"])
        }
    }

    /// In a private network namespace where the edge profile's device exists: `nft -c -f` of
    /// each reference ruleset, and the Done-when of the render issue, literally: `port0
    /// render … | nft -c -f -`. Then loading the script twice works (it replaces its own
    /// table) and the kernel lists back exactly the table the script defines.
    @Test(.needsRoot, arguments: configurations)
    func kernelAcceptsTheReferenceRulesetAndListsItBack(configuration: Configuration) throws {
        let file = Support.packageRoot.appendingPathComponent("rules/\(configuration.name).nft").path
        let result = try Support.unshareNetns(
            """
            ip link add eth0 type veth peer name eth1 && nft -c -f "$1" && (cd "$2" && shift 2 && "$@" | nft -c -f -) \
            && nft -f "$1" && nft -f "$1" && nft list ruleset
            """, [file, Support.packageRoot.path, Support.port0, "render"] + configuration.arguments)
        #expect(result.status == 0, "\(result.stderr)")
        let golden = try Self.golden(configuration.name)
        let table = golden[golden.range(of: "\ntable ", options: .backwards)!.lowerBound...].dropFirst()
        #expect(result.stdout == String(table))
    }
}

import Foundation
import Port0CLI
import Port0Core
import Testing

/// Ruleset options are typed once: the command line parses straight into `RulesetOptions`,
/// whose defaults are the only ones, and a bad value is refused while parsing, in port0's line.
@Suite struct TypedOptionsTests {
    @Test func noArgumentsGiveTheModelsDefaults() throws {
        #expect(try RulesetOptionGroup.parse([]).options == RulesetOptions())
    }

    @Test func everyValueArrivesTyped() throws {
        let parsed = try RulesetOptionGroup.parse([
            "--profile", "edge", "--device", "eth1", "--device", "eth0", "--hook", "ingress", "--egress",
            "--priority", "filter - 5", "--table", "edge0", "--action", "reject", "--log-prefix", "p0 ",
            "--log-rate", "3/hour", "--log-group", "7", "--log-snaplen", "96", "--track-sources", "42",
            "--no-counters", "--exempt", "192.0.2.0/24", "--exempt-file", "/x", "--encap", "none",
            "--allow-exempt-all", "--input-timeout", "5",
        ]).options
        var expected = RulesetOptions()
        expected.profile = .edge
        expected.devices = ["eth1", "eth0"]
        expected.hooks = [.ingress]
        expected.egress = true
        expected.priority = "filter - 5"
        expected.table = "edge0"
        expected.action = .reject
        expected.logPrefix = "p0 "
        expected.logRate = LogRate(count: 3, unit: .hour)
        expected.logGroup = 7
        expected.logSnaplen = 96
        expected.trackSources = 42
        expected.counters = false
        expected.exempt = [try ExemptPrefix(parsing: "192.0.2.0/24")]
        expected.exemptFiles = ["/x"]
        expected.encap = false
        expected.allowExemptAll = true
        expected.inputTimeout = 5
        #expect(parsed == expected)
    }

    /// The exempt file does not exist: each value is refused before the builder reads it.
    @Test(arguments: [
        (["--profile", "router"], "invalid --profile 'router': expected host or edge"),
        (["--log-group", "65536"], "invalid --log-group '65536': expected an NFLOG group number from 0 to 65535"),
        (
            ["--hook", "inptu"],
            "invalid --hook 'inptu': expected an inet hook for --profile host: prerouting, input, forward, output, postrouting"
        ),
        // The profile may come after the hook: the hooks named are still its family's.
        (
            ["--hook", "inptu", "--profile", "edge", "--device", "eth0"],
            "invalid --hook 'inptu': expected a netdev hook for --profile edge: ingress, egress"
        ),
        (["--encap", "vlan"], "invalid --encap 'vlan': expected all or none"),
        (
            ["--track-sources", "0"],
            "invalid --track-sources '0': expected a set size from 1 to 1048576 sources per address family (default 65536)"
        ),
        (["--exempt", "10.0.0.1/8"], "invalid --exempt '10.0.0.1/8': expected no host bits set, e.g. 10.0.0.0/8"),
    ])
    func refusedWhileParsing(arguments: [String], line: String) throws {
        let result = try Support.port0(["render"] + arguments + ["--exempt-file", "/nonexistent/list"])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr == "port0: error: \(line)\n")
    }

    /// `port0 guard --options-file` goes through the same parser as the command line: a bare
    /// `--track-sources` takes no value from the next option, and a bad value gets the same line.
    @Test(.needsRoot)
    func optionsFileParsesLikeTheCommandLine() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("port0-opts-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: file) }
        try Support.withNetns { (netns: String) throws in
            for (options, line) in [
                ("--track-sources --table my-table", "invalid --table 'my-table': expected"),
                ("--profile router", "invalid --profile 'router': expected host or edge\n"),
            ] {
                try "PORT0_OPTS=\"\(options)\"\n".write(to: file, atomically: true, encoding: .utf8)
                let result = try Support.port0(["guard", "--netns", netns, "--options-file", file.path])
                #expect(result.status == 1)
                #expect(result.stderr.hasPrefix("port0: error: \(line)"), "\(result.stderr)")
            }
        }
    }
}

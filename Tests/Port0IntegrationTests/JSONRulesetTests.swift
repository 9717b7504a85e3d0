import Foundation
import Testing

/// `port0 render --format json`: the reference JSON rulesets, and proof that nft loads
/// the JSON script into exactly the state the text script gives.
@Suite struct JSONRulesetTests {
    typealias Configuration = ReferenceRulesetTests.Configuration

    /// The configurations JSON can express: all but exempt sets inside encapsulations.
    static let jsonConfigurations = ReferenceRulesetTests.configurations.filter {
        !$0.name.hasPrefix("edge-log-exempt")
    }

    @Test func jsonRefusesTypeofSetsInOneLine() throws {
        let refused = try ReferenceRulesetTests.render(
            ["--format", "json", "--profile", "edge", "--device", "eth0", "--exempt", "192.0.2.0/24"])
        #expect(refused.status == 1 && refused.stdout.isEmpty)
        #expect(refused.stderr.hasPrefix("port0: error: --format json cannot hold exempt prefixes"))
        #expect(refused.stderr.split(separator: "\n").count == 1)
        let none = try ReferenceRulesetTests.render(
            [
                "--format", "json", "--profile", "edge", "--device", "eth0", "--exempt", "192.0.2.0/24", "--encap",
                "none",
            ])
        #expect(none.status == 0)
        #expect(
            !FileManager.default.fileExists(
                atPath: Support.packageRoot.appendingPathComponent("rules/edge-log-exempt.json").path))
    }

    static func golden(_ name: String) throws -> String {
        try String(contentsOf: Support.packageRoot.appendingPathComponent("rules/\(name).json"), encoding: .utf8)
    }

    @Test(arguments: jsonConfigurations)
    func renderMatchesGolden(configuration: Configuration) throws {
        let result = try ReferenceRulesetTests.render(["--format", "json"] + configuration.arguments)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stdout == (try Self.golden(configuration.name)),
            "rules/\(configuration.name).json is stale: run scripts/regen-rules and review the diff")
        let second = try ReferenceRulesetTests.render(["--format", "json"] + configuration.arguments)
        #expect(second.stdout == result.stdout)
    }

    @Test func textIsTheDefaultFormat() throws {
        let implicit = try Support.port0(["render"])
        let explicit = try Support.port0(["render", "--format", "text"])
        #expect(implicit.status == 0 && implicit.stdout == explicit.stdout)
        #expect(implicit.stdout == (try ReferenceRulesetTests.golden("default")))
    }

    /// `nft list ruleset` and `nft -j list ruleset` after loading the text script in one
    /// fresh namespace and the JSON script in another (fresh, so handles compare too).
    static func listings(loading file: String, json: Bool) throws -> (text: String, json: String) {
        let netnsLoad = json ? "nft -j -f \"$1\"" : "nft -f \"$1\""
        let result = try Support.unshareNetns(
            "ip link add eth0 type veth peer name eth1 && \(netnsLoad) && nft list ruleset && echo '#json' && nft -j list ruleset",
            [file])
        #expect(result.status == 0, "\(result.stderr)")
        let parts = result.stdout.components(separatedBy: "#json\n")
        return (parts.first ?? "", parts.count > 1 ? parts[1] : "")
    }

    /// nft 1.0.6 (Debian 12) cannot read a table comment from JSON (nft 1.0.9 can): the
    /// one line by which the two loads may differ.
    static func withoutTableComment(_ listing: String) -> String {
        listing.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("\tcomment \"port0 ") }.joined(separator: "\n")
    }

    @Test(.needsRoot, arguments: jsonConfigurations)
    func jsonAndTextLoadTheSameRuleset(configuration: Configuration) throws {
        let rules = Support.packageRoot.appendingPathComponent("rules")
        let fromText = try Self.listings(
            loading: rules.appendingPathComponent("\(configuration.name).nft").path, json: false)
        let fromJSON = try Self.listings(
            loading: rules.appendingPathComponent("\(configuration.name).json").path, json: true)
        #expect(fromText.text.contains("table "))
        if fromJSON.text.contains("\tcomment \"port0 ") {
            #expect(fromJSON.text == fromText.text)
        } else {
            #expect(fromJSON.text == Self.withoutTableComment(fromText.text))
        }
        // nft 1.0.6's JSON listing has no table comment either, so this compares everything
        // it shows, handles included.
        #expect(!fromText.json.isEmpty)
        #expect(fromJSON.json == fromText.json)
    }

    /// Loading the JSON twice replaces port0's table (the counters start again at zero) and
    /// leaves another table alone.
    @Test(.needsRoot)
    func jsonScriptReplacesOnlyItsOwnTable() throws {
        let file = Support.packageRoot.appendingPathComponent("rules/log-reject-exempt.json").path
        let result = try Support.unshareNetns(
            """
            nft add table ip other && nft add chain ip other c && \
            nft -j -f "$1" && nft -j -f "$1" && nft list tables
            """, [file])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "table ip other\ntable inet port0\n")
    }

    /// Two devices need the array form of "dev", which nft reads since 1.1.0; nft 1.0.6
    /// refuses the whole document rather than creating a chain without its devices.
    @Test(.needsRoot)
    func severalDevicesLoadOrFailAsAWhole() throws {
        let render = try Support.port0([
            "render", "--format", "json", "--profile", "edge", "--device", "eth0", "--device", "eth1",
        ])
        #expect(render.status == 0)
        let loaded = try Support.run(
            [
                "unshare", "-n", "sh", "-c",
                "ip link add eth0 type veth peer name eth1; nft -j -f -; echo \"rc=$?\"; nft list ruleset",
            ],
            stdin: render.stdout)
        if loaded.stdout.hasPrefix("rc=0") {
            #expect(loaded.stdout.contains("devices = { \"eth0\", \"eth1\" }"))
        } else {
            #expect(loaded.stdout == "rc=1\n", "nothing may be loaded: \(loaded.stdout)")
        }
    }
}

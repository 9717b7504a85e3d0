import Foundation
import Port0CLI
import Port0Core
import Port0TestSupport
import Testing

/// rules/NAME.payload holds the bytecode nft 1.0.6 compiles from rules/NAME.nft
/// (scripts/regen-rules). These tests tie both ends to it: port0's own lowering must
/// print the same expressions, and the kernel must hold exactly them after loading the file.
@Suite struct BytecodeGoldenTests {
    typealias Configuration = ReferenceRulesetTests.Configuration
    static let configurations = ReferenceRulesetTests.configurations

    static func golden(_ name: String) throws -> String {
        try String(contentsOf: Support.packageRoot.appendingPathComponent("rules/\(name).payload"), encoding: .utf8)
    }

    @Test func everyConfigurationHasAGolden() {
        #expect(Self.configurations.map(\.name).contains("default"))
        for configuration in Self.configurations {
            #expect(throws: Never.self, "rules/\(configuration.name).payload") { try Self.golden(configuration.name) }
        }
    }

    /// Pure Swift: the model lowered by `Lowering`, printed in libnftnl's syntax, is the
    /// bytecode nft compiled from the same ruleset's text.
    @Test(arguments: configurations)
    func loweringPrintsTheGolden(_ configuration: Configuration) throws {
        let lowered = NetlinkDebugText.table(try Self.table(configuration))
        let golden = try Self.golden(configuration.name)
        #expect(lowered == golden, "\(Self.firstDifference(lowered, golden))")
    }

    /// The configuration's table, built as regen-rules builds it.
    static func table(_ configuration: Configuration) throws -> Table {
        var options = try RulesetOptionGroup.parse(configuration.arguments).options
        // regen-rules runs from the package root: resolve its relative paths the same way.
        options.exemptFiles = options.exemptFiles.map {
            $0.hasPrefix("/") ? $0 : Support.packageRoot.appendingPathComponent($0).path
        }
        return try RulesetBuilder.build(options)
    }

    /// `Lowering.anonymousSets` (the commit stamp's `handleCount`) counts, without lowering,
    /// the anonymous sets and maps each rule lowers to, in every reference ruleset; between
    /// them the references hold each kind.
    @Test func theHandleCountCountsTheLoweredAnonymousSets() throws {
        var kinds: Set<String> = []
        for configuration in Self.configurations {
            let table = try Self.table(configuration)
            var lowered = table.chains.count + table.counters.count + table.sets.count + table.sourceSets.count
            for rule in table.chains.flatMap(\.rules) {
                var anonymous = 0
                for expr in Lowering.exprs(rule, family: table.family) {
                    switch expr {
                    case .lookup(.anonymous(let set)):
                        anonymous += 1
                        kinds.insert("set of key type \(set.keyType)")
                    case .lookupVerdictMap:
                        anonymous += 1
                        kinds.insert("verdict map")
                    default: break
                    }
                }
                #expect(Lowering.anonymousSets(rule) == anonymous, "\(configuration.name): \(rule)")
                lowered += 1 + anonymous
            }
            #expect(Int(table.handleCount) == lowered, "\(configuration.name)")
        }
        #expect(kinds.count == 4, "\(kinds)")
    }

    /// Root: load rules/NAME.nft in a private namespace; what the kernel lists is the golden.
    @Test(.needsRoot, arguments: configurations)
    func kernelHoldsTheGolden(_ configuration: Configuration) throws {
        let file = Support.packageRoot.appendingPathComponent("rules/\(configuration.name).nft").path
        let normaliser = Support.packageRoot.appendingPathComponent("scripts/normalise-netlink-debug").path
        let listed = try Support.run([
            "unshare", "-n", "sh", "-c", "nft -f \"$1\" && nft --debug=netlink list ruleset", "sh", file,
        ])
        #expect(listed.status == 0, "\(listed.stderr)")
        let normalised = try Support.run(["awk", "-f", normaliser], stdin: listed.stdout)
        #expect(normalised.status == 0, "\(normalised.stderr)")
        let golden = try Self.golden(configuration.name)
        #expect(normalised.stdout == golden, "\(Self.firstDifference(normalised.stdout, golden))")
    }

    /// The first differing line, to keep a failure readable.
    static func firstDifference(_ actual: String, _ expected: String) -> String {
        let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
        for index in 0..<max(a.count, e.count) {
            let left = index < a.count ? String(a[index]) : "<end>"
            let right = index < e.count ? String(e[index]) : "<end>"
            if left != right {
                return "line \(index + 1): got \(left.debugDescription), golden \(right.debugDescription)"
            }
        }
        return "no difference"
    }
}

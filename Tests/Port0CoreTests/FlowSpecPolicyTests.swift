import Port0TestSupport
import Testing

@testable import Port0Core

/// FlowSpec rules are read from the ruleset model the builder makes, never re-derived.
@Suite struct FlowSpecPolicyTests {
    @Test func theDefaultModelIsOneRulePerIPVersion() throws {
        let rules = try FlowSpecPolicy.rules(try Table.built())
        #expect(rules.map(\.version) == [.ipv4, .ipv6])
        for rule in rules {
            #expect(rule.protocols == [.tcp, .udp])
            #expect(rule.port == .either)
            #expect(rule.excludesLaterFragments)
        }
    }

    /// The fragment component follows the model's later-fragment guards, per IP version.
    @Test func theFragmentComponentComesFromTheModelsGuards() throws {
        var table = try Table.built()
        for index in table.chains.indices where table.chains[index].base == nil {
            table.chains[index].rules.removeAll { $0.matches == [.ipv6LaterFragment] }
        }
        let rules = try FlowSpecPolicy.rules(table)
        #expect(rules.map(\.excludesLaterFragments) == [true, false])
        let bird = FlowSpecRenderer.render(rules, name: "port0", syntax: .bird)
        #expect(bird.contains("route flow4 { proto 6, 17; port 0; fragment !is_fragment || first_fragment; }"))
        #expect(bird.contains("route flow6 { next header 6, 17; port 0; }"))
    }

    @Test func onePortFieldBecomesADestinationOrSourcePortComponent() throws {
        var table = try Table.built()
        for index in table.chains.indices where table.chains[index].base != nil {
            table.chains[index].rules.removeAll { $0.matches.contains(.transportPortZero(.sport)) }
        }
        let rules = try FlowSpecPolicy.rules(table)
        #expect(rules.allSatisfy { $0.port == .only(.dport) })
        #expect(FlowSpecRenderer.render(rules, name: "port0", syntax: .gobgp).contains("destination-port ==0"))
    }

    /// What the model holds but FlowSpec cannot say is refused, not dropped silently.
    @Test func exemptionsInTheModelAreRefused() throws {
        let options = RulesetOptions().with { $0.exempt = .parsing(["192.0.2.0/24"]) }
        #expect(throws: Port0Error.self) { try FlowSpecPolicy.rules(try RulesetBuilder.build(options)) }
        #expect(throws: Port0Error.self) { try FlowSpecRenderer.script(options, syntax: .bird) }
    }
}

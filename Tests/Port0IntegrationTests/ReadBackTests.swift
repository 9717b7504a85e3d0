import Foundation
import Port0CLI
import Port0Core
import Port0Netlink
import Testing

/// `NetlinkKernel.read`, `generation` and generation-guarded `replace`, in-process against a
/// namespace made for each test.
@Suite("reading port0's table back over netlink", .needsRoot)
struct ReadBackTests {
    static func build(_ arguments: [String]) throws -> Table {
        try RulesetBuilder.build(try RulesetOptionGroup.parse(arguments).options)
    }

    @Test("what apply installed reads back as the same model, lowered", arguments: Netns.configurations.map(\.name))
    func readBack(configuration: String) throws {
        let arguments = Netns.configurations.first { $0.name == configuration }!.arguments
        let table = try Self.build(arguments)
        try Support.withNetns { (ns: String) throws in
            if Netns.isEdge(configuration) { try Netns.addVeth(ns) }
            let kernel = NetlinkKernel(namespace: .path(Netns.path(ns)))
            #expect(try kernel.read(family: table.family, name: table.name) == nil)
            _ = try kernel.replace(table, ifGeneration: nil)
            let live = try #require(try kernel.read(family: table.family, name: table.name))
            #expect(live == LiveTable(expecting: table))
            #expect(live.chains.flatMap(\.rules).allSatisfy { $0.handle > 0 })
        }
    }

    @Test("nft's own load of the rendered script reads back identically")
    func readBackOfNftLoad() throws {
        let arguments = Netns.configurations.first { $0.name == "log-reject-exempt" }!.arguments
        let table = try Self.build(arguments)
        let script = try Support.port0(["render"] + arguments).stdout
        try Support.withNetns { (ns: String) throws in
            try Netns.nft(ns, ["-f", "-"], stdin: script)
            let live = try NetlinkKernel(namespace: .path(Netns.path(ns))).read(family: .inet, name: "port0")
            #expect(live == LiveTable(expecting: table))
        }
    }

    @Test("a rule port0 does not write reads back as unknown expressions, not dropped")
    func foreignRule() throws {
        let table = try Self.build([])
        try Support.withNetns { (ns: String) throws in
            let kernel = NetlinkKernel(namespace: .path(Netns.path(ns)))
            _ = try kernel.replace(table, ifGeneration: nil)
            try Netns.nft(
                ns, ["add", "rule", "inet", "port0", "inbound_dport", "meta", "mark", "0x2a", "counter", "accept"])
            let live = try #require(try kernel.read(family: .inet, name: "port0"))
            #expect(live != LiveTable(expecting: table))
            let chain = try #require(live.chains.first { $0.name == "inbound_dport" })
            let added = try #require(chain.rules.last)
            #expect(chain.rules.count == 4)
            #expect(added.exprs.first == .unknown(name: "meta", debug: "load mark => reg 1 "))
            #expect(added.exprs.contains { if case .unknown(name: "counter", _) = $0 { true } else { false } })
            #expect(added.exprs.last == .immediate(.accept, chain: nil))
        }
    }

    @Test("another program's set reads back whole, keys longer than 16 bytes included, with interval ends")
    func foreignSets() throws {
        let table = try Self.build([])
        try Support.withNetns { (ns: String) throws in
            let kernel = NetlinkKernel(namespace: .path(Netns.path(ns)))
            _ = try kernel.replace(table, ifGeneration: nil)
            try Netns.nft(ns, ["add", "set", "inet", "port0", "pairs", "{ type ipv6_addr . ipv6_addr; }"])
            try Netns.nft(ns, ["add", "element", "inet", "port0", "pairs", "{ 2001:db8::1 . 2001:db8::2 }"])
            try Netns.nft(ns, ["add", "set", "inet", "port0", "nets", "{ type ipv4_addr; flags interval; }"])
            try Netns.nft(ns, ["add", "element", "inet", "port0", "nets", "{ 192.0.2.0/24 }"])
            let live = try #require(try kernel.read(family: .inet, name: "port0"))
            let pairs = try #require(live.sets.first { $0.name == "pairs" })
            let address = { (last: UInt8) -> [UInt8] in
                [0x20, 0x01, 0x0d, 0xb8] + Array(repeating: 0, count: 11) + [last]
            }
            #expect(pairs.elements == [IntervalElement(key: address(1) + address(2), intervalEnd: false)])
            let nets = try #require(live.sets.first { $0.name == "nets" })
            #expect(
                nets.elements == [
                    IntervalElement(key: [0, 0, 0, 0], intervalEnd: true),
                    IntervalElement(key: [192, 0, 2, 0], intervalEnd: false),
                    IntervalElement(key: [192, 0, 3, 0], intervalEnd: true),
                ])
        }
    }

    @Test("counter values are installed as given and read back")
    func counterValues() throws {
        var table = try Self.build([])
        table.counters[0].packets = 7
        table.counters[0].bytes = 420
        try Support.withNetns { (ns: String) throws in
            let kernel = NetlinkKernel(namespace: .path(Netns.path(ns)))
            _ = try kernel.replace(table, ifGeneration: nil)
            let live = try #require(try kernel.read(family: .inet, name: "port0"))
            #expect(live.counters == table.counters)
            #expect(
                try Netns.nft(ns, ["list", "counter", "inet", "port0", "inbound_dport"]).contains("packets 7 bytes 420")
            )
        }
    }

    @Test("a stale generation refuses the batch and commits nothing")
    func staleGeneration() throws {
        let table = try Self.build([])
        try Support.withNetns { (ns: String) throws in
            let kernel = NetlinkKernel(namespace: .path(Netns.path(ns)))
            let first = try kernel.generation()
            _ = try kernel.replace(table, ifGeneration: first)
            let second = try kernel.generation()
            #expect(second != first)
            try Netns.nft(ns, ["add", "table", "ip", "other"])
            let before = try Netns.ruleset(ns)
            var logged = table
            logged.chains.removeLast()
            #expect(throws: Port0Error.generationChanged) { _ = try kernel.replace(logged, ifGeneration: second) }
            #expect(try Netns.ruleset(ns) == before)
            _ = try kernel.replace(table, ifGeneration: try kernel.generation())
        }
    }

    @Test("delete reports whether the table was there")
    func delete() throws {
        try Support.withNetns { (ns: String) throws in
            let kernel = NetlinkKernel(namespace: .path(Netns.path(ns)))
            #expect(try kernel.delete(family: .inet, name: "port0") == false)
            _ = try kernel.replace(try Self.build([]), ifGeneration: nil)
            #expect(try kernel.delete(family: .inet, name: "port0") == true)
            #expect(try kernel.read(family: .inet, name: "port0") == nil)
        }
    }
}

import Foundation
import Port0Core
import Testing

/// Helpers for the apply/check/remove and read-back tests: each works in a namespace made by
/// `Support.withNetns`.
enum Netns {
    /// The reference configurations (rules/configurations), exempt file made absolute, and
    /// an edge with exempt sets (raw-keyed copies for encapsulated frames) and logging.
    static func isEdge(_ configuration: String) -> Bool { configuration.hasPrefix("edge") }

    static let configurations: [(name: String, arguments: [String])] = [
        ("default", []),
        ("edge", ["--profile", "edge", "--device", "veth0", "--egress"]),
        (
            "edge-log-exempt",
            [
                "--profile", "edge", "--device", "veth0", "--egress", "--log", "--exempt", "192.0.2.0/24", "--exempt",
                "10.0.0.1", "--exempt", "2001:db8::/32",
            ]
        ),
        (
            "log-reject-exempt",
            [
                "--action", "reject", "--log", "--log-rate", "5/minute", "--exempt", "192.0.2.0/24", "--exempt",
                "198.51.100.0/25", "--exempt", "198.51.100.128/25", "--exempt", "2001:db8::/32", "--exempt-file",
                Support.packageRoot.appendingPathComponent("rules/exempt-example.txt").path,
            ]
        ),
        ("edge-telemetry", ["--profile", "edge", "--device", "veth0", "--egress", "--track-sources", "4096"]),
        (
            "telemetry",
            [
                "--track-sources", "4096", "--log-group", "5", "--log-snaplen", "128", "--exempt", "192.0.2.0/24",
                "--exempt", "2001:db8::/32",
            ]
        ),
    ]

    /// `port0 ARGS` run inside the namespace.
    @discardableResult
    static func port0(_ ns: String, _ arguments: [String]) throws -> Support.Result {
        try Support.inNetns(ns, [Support.port0] + arguments)
    }

    /// `nft ARGS` inside the namespace; fails the test when nft fails.
    @discardableResult
    static func nft(_ ns: String, _ arguments: [String], stdin: String? = nil) throws -> String {
        let result = try Support.inNetns(ns, ["nft"] + arguments, stdin: stdin)
        #expect(result.status == 0, "nft \(arguments.joined(separator: " ")): \(result.stderr)")
        return result.stdout
    }

    /// A veth pair (veth0, veth1) for netdev chains: the dummy link type is not on this kernel.
    static func addVeth(_ ns: String) throws {
        let result = try Support.run(["ip", "-n", ns, "link", "add", "veth0", "type", "veth", "peer", "name", "veth1"])
        #expect(result.status == 0, "ip link add: \(result.stderr)")
    }

    /// The views of the ruleset compared between nft's and port0's paths: text, JSON, and the
    /// bytecode nft lists with --debug=netlink (set flags, anonymous sets, registers).
    static func listings(_ ns: String) throws -> [String] {
        [
            try nft(ns, ["list", "ruleset"]), try nft(ns, ["-j", "list", "ruleset"]),
            sortingElements(try nft(ns, ["--debug=netlink", "list", "ruleset"])),
        ]
    }

    /// Each set's element lines sorted: the kernel keeps an anonymous map of 4-byte keys (the
    /// source shards' `jhash … vmap`) in a hash table with a random seed of its own, so two
    /// loads of the same script list its elements in different orders (nft's own too).
    static func sortingElements(_ debug: String) -> String {
        var out: [Substring] = []
        var group: [Substring] = []
        for line in debug.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("\telement ") {
                group.append(line)
                continue
            }
            out += group.sorted()
            group = []
            out.append(line)
        }
        return (out + group.sorted()).joined(separator: "\n")
    }

    static func ruleset(_ ns: String) throws -> String { try nft(ns, ["list", "ruleset"]) }

    /// The namespace's file, for in-process `NetlinkKernel(namespace:)`.
    static func path(_ ns: String) -> String { "/run/netns/\(ns)" }

    /// What a freshly installed `table` reads back as: the same model lowered, counters as given.
    static func expectedLive(_ table: Table) -> LiveTable {
        LiveTable(
            family: table.family, name: table.name, comment: table.comment, counters: table.counters,
            sets: table.sets.map {
                LiveSet(
                    name: $0.name, keyType: $0.keyType,
                    keyLength: $0.version == .ipv4 ? 4 : 16, flags: 0x4, elements: IntervalElements.elements($0))
            }
                + table.sourceSets.map {
                    LiveSet(
                        name: $0.name, keyType: $0.version == .ipv4 ? NftDatatype.ipv4Address : NftDatatype.ipv6Address,
                        keyLength: $0.version == .ipv4 ? 4 : 16, flags: 0x30, elements: [], size: $0.size,
                        timeoutMilliseconds: UInt64($0.timeoutSeconds) * 1000, expressions: ["counter"])
                },
            chains: table.chains.map { chain in
                LiveChain(
                    name: chain.name,
                    base: chain.base.map {
                        LiveBaseChain(
                            type: "filter", hook: $0.hook, priority: $0.priority.value, devices: $0.devices, policy: 1)
                    },
                    rules: chain.rules.map { LiveRule(exprs: Lowering.exprs($0, family: table.family)) })
            })
    }
}

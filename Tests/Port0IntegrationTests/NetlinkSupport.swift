import Foundation
import Port0Core
import Testing

/// Helpers for the apply/check/remove and read-back tests: each works in a namespace made by
/// `Support.withNetns`.
enum Netns {
    static func isEdge(_ configuration: String) -> Bool { configuration.hasPrefix("edge") }

    /// The reference configurations (rules/configurations) as a namespace runs them: the
    /// exempt file made absolute, the device `addVeth` makes instead of eth0.
    static let configurations: [(name: String, arguments: [String])] = ReferenceRulesetTests.configurations.map {
        configuration in
        var arguments = configuration.arguments
        for index in arguments.indices {
            if arguments[index] == "eth0" { arguments[index] = "veth0" }
            if index > 0 && arguments[index - 1] == "--exempt-file" {
                arguments[index] = Support.packageRoot.appendingPathComponent(arguments[index]).path
            }
        }
        return (configuration.name, arguments)
    }

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
}

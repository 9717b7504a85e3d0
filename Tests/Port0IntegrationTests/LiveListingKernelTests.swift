import Foundation
import Testing

/// `plan --live FILE` against `plan` on the same kernel state: for every reference
/// configuration, installed as configured and drifted, the plan from `nft -j list ruleset`
/// must equal the live plan byte for byte (text and JSON, exit codes too), and so must
/// `status`.
@Suite(.serialized, .needsRoot) struct LiveListingKernelTests {
    /// Runs a command from the package root (rules/configurations' relative paths resolve there).
    static func fromRoot(_ arguments: [String], stdin: String? = nil) throws -> Support.Result {
        try Support.run(
            ["sh", "-c", "cd \"$1\" && shift && exec \"$@\"", "sh", Support.packageRoot.path] + arguments, stdin: stdin)
    }

    struct Drift: CustomTestStringConvertible, Sendable {
        var name: String
        /// nft commands after installing (FAMILY and CHAIN are substituted), or port0 apply options.
        var nft: [String] = []
        var applyOptions: [String]? = nil
        var testDescription: String { name }
    }

    static let drifts: [Drift] = [
        Drift(name: "as configured"),
        Drift(name: "not installed", nft: ["delete table FAMILY port0"]),
        Drift(name: "rule deleted", nft: ["delete rule FAMILY port0 CHAIN handle HANDLE"]),
        Drift(name: "foreign rule added", nft: ["add rule FAMILY port0 CHAIN tcp dport 22 counter accept"]),
        // The kernel refuses another program's element in port0's constant exempt set while
        // its rules use it: the same live state comes from an apply with one more exempt.
        Drift(name: "set element changed", applyOptions: ["--exempt", "100.64.0.0/10"]),
        Drift(
            name: "foreign rules of many shapes",
            nft: [
                "add rule FAMILY port0 CHAIN tcp dport { 22, 80, 443 } accept",
                "add rule FAMILY port0 CHAIN ip saddr 10.0.0.0/8 ip daddr != 10.16.0.0/12 drop",
                "add rule FAMILY port0 CHAIN ip6 saddr 2001:db8::/33 udp sport 53 counter accept",
                "add rule FAMILY port0 CHAIN ip protocol icmp limit rate 3/second accept",
                "add rule FAMILY port0 CHAIN meta l4proto udp udp dport 53 log prefix \"dns \" return",
                "add rule FAMILY port0 CHAIN iifname \"lo\" ip6 daddr ::1 accept",
                "add rule FAMILY port0 CHAIN ip saddr { 192.0.2.1, 192.0.2.2 } th dport 0 counter drop",
                "add rule FAMILY port0 CHAIN INET meta nfproto ipv4 ip ttl 1 ct state established,related accept",
            ]),
        Drift(
            name: "more foreign rule shapes",
            nft: [
                "add rule FAMILY port0 CHAIN tcp flags syn,ack tcp sport 1-1023 goto inbound_dport",
                "add rule FAMILY port0 CHAIN meta mark 0x100 meta pkttype 3 ip dscp 46 continue",
                "add rule FAMILY port0 CHAIN log prefix \"a \" level info",
                "add rule FAMILY port0 CHAIN INET icmpv6 type { echo-request, nd-neighbor-solicit } notrack",
                "add rule FAMILY port0 CHAIN INET icmp type echo-request log level debug",
            ]),
        Drift(
            name: "raw loads, a typeof set, ethertypes",
            nft: [
                "add set FAMILY port0 scanners { typeof @nh,96,32; flags interval; elements = { 0xc6336400-0xc63364ff, 0xa000001 } }",
                "add rule FAMILY port0 CHAIN @nh,96,32 @scanners @nh,72,8 17 @th,16,16 { 0, 7 } counter drop",
                "add rule FAMILY port0 CHAIN @ll,96,16 & 0xfff0 != 0x8100 @nh,64,128 0x20010db8000000000000000000000001 return",
                "add rule FAMILY port0 CHAIN meta protocol { 8021ad, 0x8864 } goto inbound_dport",
            ]),
        Drift(name: "chain priority changed", applyOptions: ["--priority=-250"]),
        Drift(
            name: "foreign set, chain and table",
            nft: [
                "add set FAMILY port0 ports { type inet_service; elements = { 22, 80 }; }",
                "add set FAMILY port0 hosts { type ipv4_addr; elements = { 10.0.0.1, 10.0.0.2 }; }",
                "add set FAMILY port0 seen { type ipv6_addr; flags timeout; timeout 1h; elements = { ::1 } }",
                "add map FAMILY port0 verdicts { type ipv4_addr : verdict; elements = { 10.0.0.1 : accept } }",
                // nft 1.0.6's JSON has no chain devices: an edge base chain port0 does not
                // configure would list without its device (see `newerListingFieldsAreCompared`).
                "add chain FAMILY port0 extra BASE",
                "add table ip other", "add chain ip other c", "add rule ip other c ip saddr 10.0.0.0/8 drop",
            ]),
    ]

    static let cases: [(ReferenceRulesetTests.Configuration, Drift)] = ReferenceRulesetTests.configurations.flatMap {
        configuration in drifts.map { (configuration, $0) }
    }

    @Test(arguments: cases)
    func planFromTheListingEqualsTheLivePlan(configuration: ReferenceRulesetTests.Configuration, drift: Drift) throws {
        let options = configuration.arguments
        let edge = options.contains("edge")
        let family = edge ? "netdev" : "inet"
        let chain = edge ? "ingress" : "prerouting"
        try Support.withNetns { netns in
            if edge {
                let link = try Support.inNetns(netns, ["ip", "link", "add", "eth0", "type", "veth", "peer", "eth0p"])
                #expect(link.status == 0, "\(link.stderr)")
            }
            var applyOptions = options
            if let extra = drift.applyOptions {
                applyOptions = options + extra
            }
            let applied = try Self.fromRoot([Support.port0, "apply", "--netns", netns] + applyOptions)
            #expect(applied.status == 0, "\(applied.stderr)")
            let handle =
                try Support.inNetns(netns, ["nft", "-a", "list", "chain", family, "port0", chain]).stdout
                .split(separator: "\n").first { $0.contains("jump") }?.split(separator: " ").last.map(String.init)
                ?? "0"
            for command in drift.nft where !(edge && command.contains("INET")) {
                let text =
                    command.replacingOccurrences(of: "FAMILY", with: family)
                    .replacingOccurrences(of: "HANDLE", with: handle)
                    .replacingOccurrences(
                        of: "BASE", with: edge ? "" : "{ type filter hook \(chain) priority 10; policy drop; }"
                    )
                    .replacingOccurrences(of: "CHAIN", with: chain).replacingOccurrences(of: "INET ", with: "")
                let done = try Support.inNetns(netns, ["nft", text])
                #expect(done.status == 0, "nft \(text): \(done.stderr)")
            }
            let listing = try Support.inNetns(netns, ["nft", "-j", "list", "ruleset"])
            #expect(listing.status == 0, "\(listing.stderr)")

            for command in [["plan", "--detailed-exitcode"], ["plan", "--format", "json"], ["status"]]
                + [["status", "--format", "json"]]
            {
                let live = try Self.fromRoot([Support.port0] + command + ["--netns", netns] + options)
                let saved = try Self.fromRoot(
                    [Support.port0] + command + ["--live", "-"] + options, stdin: listing.stdout)
                #expect(live.status == saved.status, "\(command): \(saved.stderr)")
                #expect(live.stdout == saved.stdout, "\(command)")
                #expect(!live.stdout.isEmpty)
                // Only notes about what nft 1.0.6's JSON leaves out, never an error.
                for line in saved.stderr.split(separator: "\n") {
                    #expect(line.hasPrefix("port0: listing on standard input: nft "), "\(line)")
                }
            }
            let plan = try Self.fromRoot([Support.port0, "plan", "--detailed-exitcode", "--netns", netns] + options)
            #expect(plan.status == (drift.name == "as configured" ? 0 : 2), "\(plan.stdout)")
        }
    }

    /// nft ≥ 1.0.9 lists the table comment and chain devices: a listing carrying them (built
    /// here from nft 1.0.6's, the form libnftables-json(5) documents) is compared in full,
    /// with no note, and a different comment or device shows as a change.
    @Test
    func newerListingFieldsAreCompared() throws {
        let options = ["--profile", "edge", "--device", "eth0", "--device", "eth1", "--exempt", "192.0.2.0/24"]
        try Support.withNetns { netns in
            for link in [["eth0", "eth0p"], ["eth1", "eth1p"]] {
                #expect(
                    try Support.inNetns(netns, ["ip", "link", "add", link[0], "type", "veth", "peer", link[1]]).status
                        == 0)
            }
            #expect(try Support.port0(["apply", "--netns", netns] + options).status == 0)
            let listing = try Support.inNetns(netns, ["nft", "-j", "list", "ruleset"]).stdout
            let comment = try #require(
                try Support.inNetns(netns, ["nft", "list", "table", "netdev", "port0"]).stdout.split(separator: "\n")
                    .first { $0.contains("comment") }?.split(separator: "\"")[1])
            let live = try Support.port0(["plan", "--netns", netns] + options)
            #expect(live.stdout == "no changes\n")

            func newer(comment: String, devices: [String]) throws -> String {
                var root = try #require(JSONSerialization.jsonObject(with: Data(listing.utf8)) as? [String: Any])
                var objects = try #require(root["nftables"] as? [[String: Any]])
                for index in objects.indices {
                    if var meta = objects[index]["metainfo"] as? [String: Any] {
                        meta["version"] = "1.1.1"
                        objects[index]["metainfo"] = meta
                    }
                    if var table = objects[index]["table"] as? [String: Any], table["name"] as? String == "port0" {
                        table["comment"] = comment
                        objects[index]["table"] = table
                    }
                    if var chain = objects[index]["chain"] as? [String: Any], chain["hook"] != nil {
                        chain["dev"] = devices.count == 1 ? devices[0] as Any : devices as Any
                        objects[index]["chain"] = chain
                    }
                    if var rule = objects[index]["rule"] as? [String: Any] {
                        rule["comment"] = "rule comments are not part of the plan"
                        objects[index]["rule"] = rule
                    }
                    // The ipv4_addr exempt set (not its typeof copy for encapsulated frames).
                    if var set = objects[index]["set"] as? [String: Any], set["name"] as? String == "exempt_v4" {
                        // Two flags stay an array (nft ≥ 1.0.9 prints a lone flag as a string).
                        set["flags"] = ["constant", "interval"]
                        set["elem"] = [
                            ["elem": ["val": ["prefix": ["addr": "192.0.2.0", "len": 24]], "comment": "x"]]
                        ]
                        objects[index]["set"] = set
                    }
                }
                root["nftables"] = objects
                return String(decoding: try JSONSerialization.data(withJSONObject: root), as: UTF8.self)
            }

            let same = try Support.port0(
                ["plan", "--live", "-", "--detailed-exitcode"] + options,
                stdin: try newer(comment: String(comment), devices: ["eth1", "eth0"]))
            #expect(same.status == 0, "\(same.stdout)\(same.stderr)")
            #expect(same.stdout == "no changes\n" && same.stderr.isEmpty, "\(same.stderr)")

            let otherDevice = try Support.port0(
                ["plan", "--live", "-", "--detailed-exitcode"] + options,
                stdin: try newer(comment: String(comment), devices: ["eth0"]))
            #expect(otherDevice.status == 2)
            #expect(
                otherDevice.stdout.contains("-\t\ttype filter hook ingress device \"eth0\""), "\(otherDevice.stdout)")

            let olderPort0 = try Support.port0(
                ["status", "--live", "-"] + options,
                stdin: try newer(comment: "port0 0.0.1: drops TCP/UDP packets", devices: ["eth0", "eth1"]))
            #expect(olderPort0.status == 4)
            #expect(olderPort0.stdout.contains("port0 version: live 0.0.1, configured "), "\(olderPort0.stdout)")
        }
    }
}

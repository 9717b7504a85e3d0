import Foundation
import Port0Core
import Testing

/// `plan --live FILE` / `status --live FILE` on saved listings in Tests/listings: a real
/// nft 1.0.6 listing (port0's log-reject-exempt table plus a foreign rule nft can compile
/// back, one it cannot — a negated anonymous set, whose kernel name is not in the listing —
/// and another table) and a listing in nft ≥ 1.0.9's form (libnftables-json(5): table flags
/// and comment, chain device arrays, rule comments, wrapped set elements). No kernel, no
/// privileges.
@Suite struct LiveListingCLITests {
    static func listing(_ name: String) -> String {
        Support.packageRoot.appendingPathComponent("Tests/listings/\(name)").path
    }

    static let old = listing("nft-1.0.6-log-reject-exempt.json")
    /// nft 1.0.6's listing of an edge table inspecting VLAN, PPPoE and MPLS frames, with
    /// exempts (and their `typeof @nh,…` copies), after `nft add element … exempt_v6_encap
    /// { 0x1 }`, a foreign typeof set `scanners` and a foreign rule of raw loads looking it up
    /// (`nft add set … scanners { typeof @nh,96,32; flags interval; }`, `nft add rule netdev
    /// port0 ingress @nh,96,32 @scanners @nh,72,8 17 th dport { 0, 7 } drop`, then
    /// `nft -j list ruleset`; captured again whenever the edge's shape changes). The exempt
    /// sets are since `flags constant,interval` (nft 1.0.6 lists them `["constant",
    /// "interval"]`, edited in): the kernel now takes that element only after the chains
    /// that use the set were emptied, and the rules put back. Chains and rules last taken from
    /// a fresh `nft -j list ruleset` of the same options when the drop chains began with their
    /// protocol test (sets, the foreign rule and metainfo kept).
    static let encap = listing("nft-1.0.6-edge-exempt-encap.json")
    static let encapOptions = [
        "--profile", "edge", "--device", "eth0", "--exempt", "192.0.2.0/24", "--exempt", "10.0.0.1", "--exempt",
        "2001:db8::/32",
    ]
    static let newer = listing("nft-1.1.1-edge.json")

    static let oldOptions = [
        "--action", "reject", "--log", "--log-rate", "5/minute", "--exempt", "192.0.2.0/24", "--exempt",
        "198.51.100.0/25", "--exempt", "198.51.100.128/25", "--exempt", "2001:db8::/32", "--exempt-file",
        Support.packageRoot.appendingPathComponent("rules/exempt-example.txt").path,
    ]
    /// The nft 1.1.1 listing predates the chains for encapsulated frames.
    static let edgeOptions = [
        "--profile", "edge", "--device", "eth0", "--device", "eth1", "--egress", "--encap", "none",
    ]

    @Test func aListingFromNft106ShowsForeignRulesAndNothingElse() throws {
        let plan = try Support.port0(["plan", "--live", Self.old, "--detailed-exitcode"] + Self.oldOptions)
        #expect(plan.status == 2, "\(plan.stderr)")
        let removed = plan.stdout.split(separator: "\n").filter { $0.hasPrefix("-") && !$0.hasPrefix("---") }
        #expect(
            removed == [
                "-\t\t# not port0's rule: [ meta load l4proto ] [ cmp eq 0x06 ] [ payload load 2b @ transport header + 2 ] [ cmp eq 0x0016 ] [ counter pkts 0 bytes 0 ] [ immediate accept ]",
                "-\t\t# not port0's rule: [ nft -j [{\"match\":{\"op\":\"!=\",\"left\":{\"payload\":{\"protocol\":\"tcp\",\"field\":\"dport\"}},\"right\":{\"set\":[22,80]}}},{\"drop\":null}] ]",
            ], "\(plan.stdout)")
        #expect(!plan.stdout.split(separator: "\n").contains { $0.hasPrefix("+") && !$0.hasPrefix("+++") })
        #expect(
            plan.stderr
                == "port0: listing \(Quoted(Self.old)): nft 1.0.6 leaves the table comment (port0's version mark) out of JSON listings: not compared\n"
        )
        let json = try Support.port0(["plan", "--live", Self.old, "--format", "json", "--quiet"] + Self.oldOptions)
        #expect(json.status == 0 && json.stderr.isEmpty)
        #expect(
            json.stdout.hasPrefix(
                #"{"changes_pending": true, "table": "inet port0", "installed": true, "differences": ["chain prerouting: unexpected rule: # not port0's rule: "#
            ))

        let status = try Support.port0(["status", "--live", Self.old, "--quiet"] + Self.oldOptions)
        #expect(status.status == 4)
        #expect(status.stdout.contains("counters:\n  inbound dport: 0 packets, 0 bytes\n"), "\(status.stdout)")
    }

    @Test func aNewerListingIsComparedInFullWithoutNotes() throws {
        let plan = try Support.port0(["plan", "--live", Self.newer, "--detailed-exitcode"] + Self.edgeOptions)
        #expect(plan.status == 2 && plan.stderr.isEmpty, "\(plan.stderr)")
        // The listed table flags (owner, persist) are compared: an owned table is a difference.
        #expect(plan.stdout.contains("\n table netdev port0 {\n-\tflags owner,persist\n"), "\(plan.stdout)")
        #expect(
            plan.stdout.contains(
                "-\tset telescope {\n-\t\ttype ipv4_addr\n-\t\tflags interval\n-\t\telements = { 198.51.100.7,\n-\t\t\t     203.0.113.0/24 }\n"
            ), "\(plan.stdout)")
        // The listed devices are the configured ones: the base chains do not differ.
        let changed = plan.stdout.split(separator: "\n").filter { $0.hasPrefix("-") || $0.hasPrefix("+") }
        #expect(!changed.contains { $0.contains("hook") }, "\(plan.stdout)")
        #expect(changed.count == 2 + 1 + 7, "\(plan.stdout)")
        // Owner and persist on port0's table are `port0 guard --own-table`'s: shown, not drift.
        let status = try Support.port0(["status", "--live", Self.newer] + Self.edgeOptions)
        #expect(status.stdout.contains("\nowner: unknown process, flags owner, persist: "), "\(status.stdout)")
        #expect(!status.stdout.contains("owned by another process"), "\(status.stdout)")
        // One device less than listed: the chains differ.
        let oneDevice = try Support.port0(
            ["plan", "--live", Self.newer, "--detailed-exitcode", "--profile", "edge", "--device", "eth0", "--egress"]
                + ["--encap", "none"])
        #expect(
            oneDevice.stdout.contains("+\t\ttype filter hook ingress device \"eth0\" priority -500; policy accept;"))
    }

    /// Every encapsulation shape compiles as the kernel holds it (no rule is kept as JSON);
    /// typeof sets listed as `"type": "integer"` get their key length from their lookups.
    @Test func anEdgeListingWithEncapsulationsAndTypeofSetsShowsOnlyTheDrift() throws {
        let plan = try Support.port0(["plan", "--live", Self.encap, "--detailed-exitcode"] + Self.encapOptions)
        #expect(plan.status == 2, "\(plan.stderr)")
        #expect(!plan.stdout.contains("nft -j"), "\(plan.stdout)")
        let changed = plan.stdout.split(separator: "\n").filter {
            ($0.hasPrefix("-") || $0.hasPrefix("+")) && !$0.hasPrefix("---") && !$0.hasPrefix("+++")
        }
        #expect(
            changed == [
                "-\t\telements = { 0x1,",
                "-\t\t\t     0x20010db8000000000000000000000000-0x20010db8ffffffffffffffffffffffff }",
                "+\t\telements = { 0x20010db8000000000000000000000000-0x20010db8ffffffffffffffffffffffff }",
                "-\tset scanners {", "-\t\ttypeof @nh,96,32", "-\t\tflags interval",
                "-\t\telements = { 0xc6336400-0xc63364ff }", "-\t}", "-",
                "-\t\t# not port0's rule: [ payload load 4b @ network header + 12 ] [ lookup set scanners ] [ payload load 1b @ network header + 9 ] [ cmp eq 0x11 ] [ payload load 2b @ transport header + 2 ] [ lookup { 0x0000, 0x0007 } ] [ immediate drop ]",
            ], "\(plan.stdout)")
        #expect(plan.stderr.split(separator: "\n").count == 2, "\(plan.stderr)")

        let status = try Support.port0(["status", "--live", Self.encap, "--quiet"] + Self.encapOptions)
        #expect(status.status == 4)
        #expect(status.stdout.contains("  set exempt_v6_encap: 1 element unexpected: ::1\n"), "\(status.stdout)")
        #expect(status.stdout.contains("  uninspected mpls (passed): 0 packets, 0 bytes\n"), "\(status.stdout)")

        // Without the rule that looks `scanners` up, nothing in nft 1.0.6's listing gives its
        // key length: said on stderr, its elements shown by count.
        var root = try #require(
            JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: Self.encap))) as? [String: Any])
        root["nftables"] = (root["nftables"] as? [[String: Any]])?.filter {
            !(($0["rule"] as? [String: Any]).map { "\($0)".contains("scanners") } ?? false)
        }
        let unsized = try Support.port0(
            ["plan", "--live", "-"] + Self.encapOptions,
            stdin: String(decoding: try JSONSerialization.data(withJSONObject: root), as: UTF8.self))
        #expect(unsized.stdout.contains("-\t\t# not port0's set: key type 4, 0-byte keys, flags 0x4, 1 elements\n"))
        #expect(
            unsized.stderr.contains(
                "port0: listing on standard input: nft 1.0.6 lists set scanners as type integer without its key length, and no rule looks it up: its elements are shown by count only\n"
            ), "\(unsized.stderr)")
    }

    @Test func aListingWithoutPort0sTablePlansACreate() throws {
        let listing =
            #"{"nftables": [{"metainfo": {"version": "1.0.6", "json_schema_version": 1}}, {"table": {"family": "ip", "name": "filter", "handle": 1}}, {"chain": {"family": "ip", "table": "filter", "name": "input", "handle": 1, "type": "filter", "hook": "input", "prio": 0, "policy": "accept"}}]}"#
        let plan = try Support.port0(["plan", "--live", "-", "--detailed-exitcode"], stdin: listing)
        #expect(plan.status == 2, "\(plan.stderr)")
        let render = try Support.port0(["render"]).stdout
        let body = render[try #require(render.range(of: "delete table inet port0\n")).upperBound...]
        let expected = body.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map { "+\($0)" }
        #expect(
            plan.stdout.split(separator: "\n", omittingEmptySubsequences: false).dropFirst(3).dropLast().map(
                String.init) == expected)
        #expect(try Support.port0(["status", "--live", "-"], stdin: listing).status == 3)
        #expect(try Support.port0(["status", "--live", "-"], stdin: #"{"nftables": []}"#).status == 3)
    }

    /// Every bad listing: exit 1, nothing on stdout, one line on stderr naming the file and
    /// what is wrong (with the JSON path where there is one).
    @Test func badListingsAreOneLineErrors() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("port0-listing-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        func file(_ name: String, _ text: String) throws -> String {
            let path = dir.appendingPathComponent(name).path
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            return path
        }
        let oldText = try String(contentsOfFile: Self.old, encoding: .utf8)
        let huge = dir.appendingPathComponent("huge.json").path
        #expect(try Support.run(["truncate", "-s", "1G", huge]).status == 0)
        let script = try Support.port0(["render", "--format", "json"]).stdout
        let text = try Support.port0(["render"]).stdout

        let cases: [(path: String, stdin: String?, options: [String], expected: String)] = [
            (try file("hello.txt", "hello world\n"), nil, [], "not an nft JSON listing (it does not start with '{')"),
            (
                try file("notes.md", "# notes\n"), nil, [],
                "not an nft JSON listing (it does not start with '{'); save the JSON listing with `nft -j list ruleset`"
            ),
            (
                try file("listing.nft", "table inet port0 {\n\tchain output {\n\t}\n}\n"), nil, [],
                "an nft text listing or script: port0 reads only nft's JSON listing"
            ),
            (
                try file("text.nft", text), nil, [],
                "an nft text listing or script: port0 reads only nft's JSON listing; save the JSON listing with `nft -j list ruleset`"
            ),
            (try file("truncated.json", String(oldText.prefix(oldText.count / 2))), nil, [], "truncated"),
            (huge, nil, [], "1073741824 bytes, larger than the 256 MiB a listing may have"),
            (
                Self.newer, nil, [],
                "$: holds table netdev port0, not the configured table inet port0: check --profile and --table"
            ),
            (Self.old, nil, ["--table", "edge0"], "$: holds table inet port0, not the configured table inet edge0"),
            (
                try file("deep.json", "{\"nftables\": " + String(repeating: "[", count: 100_000)), nil, [],
                "nested deeper than 64 levels"
            ),
            (
                try file("garbage.json", #"{"nftables": [{"metainfo": {}}, {"chain": 5}]}"#), nil, [],
                "$.nftables[1].chain: expected an object, found an integer"
            ),
            (
                try file(
                    "badprio.json",
                    #"{"nftables": [{"table": {"family": "inet", "name": "port0"}}, {"chain": {"family": "inet", "table": "port0", "name": "c", "hook": "input", "prio": "x", "type": "filter", "policy": "accept"}}]}"#
                ), nil, [], "$.nftables[1].chain.prio: expected an integer, found a string"
            ),
            (try file("script.json", script), nil, [], "$.nftables[1]: \"add\" is an nft command, not a listed object"),
            (
                // What nft 1.0.6 writes for a dormant table (measured): its JSON stops there.
                try file(
                    "dormant.json",
                    #"{"nftables": [{"metainfo": {"version": "1.0.6", "release_name": "Lester Gooch #5", "json_schema_version": 1}}, {"table": {"family": "inet", "name": "port0", "handle": 1, "flags": "#
                        + "\n"), nil, [],
                "ends at a table's \"flags\": nft 1.0.6 stops its JSON listing there (a dormant table); `nft list table` shows the flags"
            ),
            (
                try file(
                    "badinteger.json",
                    #"{"nftables": [{"table": {"family": "netdev", "name": "port0"}}, {"set": {"family": "netdev", "table": "port0", "name": "exempt_v4_encap", "type": "integer", "flags": ["interval"], "elem": [{"range": [1, "0x100000000"]}]}}]}"#
                ), nil, Self.encapOptions, "$.nftables[1].set.elem[0].range[1]: not a 32-bit integer"
            ),
            (
                try file("schema.json", #"{"nftables": [{"metainfo": {"json_schema_version": 2}}]}"#), nil, [],
                "$.nftables[0].metainfo.json_schema_version: json_schema_version 2 is not supported"
            ),
            (try file("dup.json", #"{"nftables": [], "nftables": []}"#), nil, [], "duplicate key \"nftables\""),
            (try file("utf8.json", "{\"nftables\": [\"\u{1}\"]}"), nil, [], "control character in a string"),
            (
                try file("float.json", #"{"nftables": [{"counter": {"packets": 1.5}}]}"#), nil, [],
                "a number with a fraction"
            ),
            (
                try file("root.json", #"{"tables": []}"#), nil, [],
                "$: not an nft JSON listing: expected {\"nftables\": [...]}"
            ),
            (try file("empty.json", ""), nil, [], "empty"),
            (dir.path, nil, [], "is a directory"),
            (dir.appendingPathComponent("missing.json").path, nil, [], "No such file or directory"),
            ("/dev/zero", nil, [], "not a regular file or a pipe"),
            ("-", "[1, 2", [], "listing on standard input: "),
        ]
        for (path, stdin, options, expected) in cases {
            for command in ["plan", "status"] {
                let started = Date()
                let result = try Support.port0([command, "--live", path] + options, stdin: stdin)
                #expect(result.status == 1, "\(path): \(result.stdout)")
                #expect(result.stdout.isEmpty, "\(path)")
                let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: false)
                #expect(lines.count == 2 && lines[1].isEmpty, "\(path): \(result.stderr)")
                let prefix =
                    path == "-"
                    ? "port0: error: listing on standard input: " : "port0: error: listing \(Quoted(path)): "
                #expect(result.stderr.hasPrefix(prefix), "\(result.stderr)")
                #expect(result.stderr.contains(expected), "\(path): \(result.stderr)")
                #expect(Date().timeIntervalSince(started) < 10, "\(path)")
            }
        }
        let both = try Support.port0(["plan", "--live", Self.old, "--netns", "x"])
        #expect(
            both.status == 1 && both.stderr == "port0: error: --live reads a saved listing: it cannot take --netns\n")
    }

    /// As user nobody, with no capabilities, plan and status from a listing work and print
    /// what root gets; and no socket of any kind is opened (strace).
    @Test(.enabled(if: Support.isRoot, "needs root to switch to user nobody"))
    func worksAsNobody() throws {
        try UnprivilegedRenderTests.withPublicCopy { binary in
            let dir = URL(fileURLWithPath: binary).deletingLastPathComponent()
            let copy = dir.appendingPathComponent("listing.json").path
            #expect(try Support.run(["cp", Self.old, copy]).status == 0)
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: copy)
            let exempt = dir.appendingPathComponent("exempt.txt").path
            #expect(
                try Support.run([
                    "cp", Support.packageRoot.appendingPathComponent("rules/exempt-example.txt").path, exempt,
                ]).status == 0)
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: exempt)
            let options = Self.oldOptions.dropLast() + [exempt]
            for command in [["plan"], ["plan", "--format", "json"], ["status"]] {
                let asNobody = try Support.run(
                    ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all", binary]
                        + command + ["--live", copy] + options)
                let asRoot = try Support.port0(command + ["--live", copy] + options)
                #expect(asNobody.status == asRoot.status, "\(asNobody.stderr)")
                #expect(asNobody.stdout == asRoot.stdout && asNobody.stdout.contains("not port0's rule"))
            }
        }
    }

    @Test(.enabled(if: UnprivilegedRenderTests.hasStrace, "needs strace (apt install strace)"))
    func opensNoSocket() throws {
        for command in ["plan", "status"] {
            let log = FileManager.default.temporaryDirectory.appendingPathComponent("port0-strace-\(UUID().uuidString)")
                .path
            defer { unlink(log) }
            let result = try Support.run(
                [
                    "strace", "-f", "-qq", "-e", "trace=socket,socketpair", "-o", log, Support.port0, command, "--live",
                    Self.newer,
                ]
                    + Self.edgeOptions)
            #expect(result.status == (command == "plan" ? 0 : 4), "\(result.stderr)")
            let trace = try String(contentsOfFile: log, encoding: .utf8)
            #expect(!trace.contains("socket("), "\(trace)")
        }
    }
}

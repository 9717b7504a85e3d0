import Foundation
import Testing

/// Two private network namespaces joined by a veth pair, for real BGP sessions between two
/// speakers: "a" is 198.18.0.1 (AS 65001, announces), "b" is 198.18.0.2 (AS 65002, receives).
/// The addresses (RFC 2544's benchmarking range) exist only inside the namespaces. Every
/// daemon runs in one of them with its configuration, control socket and pid file in a
/// temporary directory; `withLab` kills the daemons it started (by pid) and deletes the
/// namespaces whatever happens, so no host-wide service is used or left behind.
final class FlowSpecLab {
    static let addressA = "198.18.0.1"
    static let addressB = "198.18.0.2"
    /// gobgpd's gRPC API inside its namespace (each namespace has its own loopback).
    static let gobgpAPI = ["-u", "127.0.0.1", "-p", "50051"]

    static let speakersInstalled = Ops.has("bird", "birdc", "gobgpd", "gobgp", "exabgp")
    static let reason: Comment =
        "needs root (network namespaces) and bird2, gobgpd and exabgp (scripts/setup installs them)"

    let a: String
    let b: String
    let dir: String
    private var daemons: [Process] = []

    private init() throws {
        let tag = "p0fs-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        a = tag + "-a"
        b = tag + "-b"
        dir = FileManager.default.temporaryDirectory.appendingPathComponent(tag).path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }

    static func withLab<T>(_ body: (FlowSpecLab) throws -> T) throws -> T {
        let lab = try FlowSpecLab()
        defer { lab.tearDown() }
        try lab.setUp()
        return try body(lab)
    }

    private func setUp() throws {
        let steps: [[String]] = [
            ["ip", "netns", "add", a], ["ip", "netns", "add", b],
            ["ip", "link", "add", "fs0", "netns", a, "type", "veth", "peer", "name", "fs1", "netns", b],
            ["ip", "-n", a, "addr", "add", Self.addressA + "/24", "dev", "fs0"],
            ["ip", "-n", b, "addr", "add", Self.addressB + "/24", "dev", "fs1"],
            ["ip", "-n", a, "link", "set", "fs0", "up"], ["ip", "-n", b, "link", "set", "fs1", "up"],
            ["ip", "-n", a, "link", "set", "lo", "up"], ["ip", "-n", b, "link", "set", "lo", "up"],
        ]
        for step in steps {
            let result = try Support.run(step)
            guard result.status == 0 else {
                throw Support.Failure("\(step.joined(separator: " ")): \(result.stderr)")
            }
        }
    }

    private func tearDown() {
        for daemon in daemons where daemon.isRunning {
            kill(daemon.processIdentifier, SIGTERM)
        }
        for daemon in daemons {
            var waited = 0
            while daemon.isRunning && waited < 50 {
                usleep(100_000)
                waited += 1
            }
            if daemon.isRunning { kill(daemon.processIdentifier, SIGKILL) }
            daemon.waitUntilExit()
        }
        _ = try? Support.run(["ip", "netns", "delete", a])
        _ = try? Support.run(["ip", "netns", "delete", b])
        try? FileManager.default.removeItem(atPath: dir)
    }

    func path(_ name: String) -> String { dir + "/" + name }

    func write(_ text: String, _ name: String) throws -> String {
        try text.write(toFile: path(name), atomically: true, encoding: .utf8)
        return path(name)
    }

    /// Starts a daemon in the foreground inside `netns` (`ip netns exec` execs it, so the pid
    /// is the daemon's own), its output in `<name>.log`.
    func start(_ netns: String, _ name: String, _ arguments: [String], environment: [String: String] = [:]) throws {
        let log = path(name + ".log")
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments =
            environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" } + [
                "ip", "netns", "exec", netns,
            ] + arguments
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
        daemons.append(process)
    }

    func log(_ name: String) -> String {
        (try? String(contentsOfFile: path(name + ".log"), encoding: .utf8)) ?? ""
    }

    // MARK: speakers

    /// BIRD 2 with `config`; its control socket is `<name>.ctl`.
    func startBird(_ netns: String, _ name: String, config: String) throws {
        let file = try write(config, name + ".conf")
        let check = try Support.run(["bird", "-p", "-c", file])
        guard check.status == 0 else { throw Support.Failure("bird -p \(name): \(check.stderr)") }
        try start(netns, name, ["bird", "-f", "-c", file, "-s", path(name + ".ctl"), "-P", path(name + ".pid")])
    }

    func birdc(_ name: String, _ command: [String]) throws -> String {
        try Support.run(["birdc", "-s", path(name + ".ctl")] + command).stdout
    }

    /// gobgpd peering with `neighbor` for both FlowSpec families.
    func startGobgpd(_ netns: String, _ name: String, asn: Int, address: String, neighbor: String, peerAS: Int) throws {
        let config = """
            [global.config]
              as = \(asn)
              router-id = "\(address)"
              local-address-list = ["\(address)"]
            [[neighbors]]
              [neighbors.config]
                neighbor-address = "\(neighbor)"
                peer-as = \(peerAS)
              [neighbors.timers.config]
                connect-retry = 2
              [[neighbors.afi-safis]]
                [neighbors.afi-safis.config]
                  afi-safi-name = "ipv4-flowspec"
              [[neighbors.afi-safis]]
                [neighbors.afi-safis.config]
                  afi-safi-name = "ipv6-flowspec"

            """
        let file = try write(config, name + ".toml")
        try start(netns, name, ["gobgpd", "-f", file, "--api-hosts", "127.0.0.1:50051", "--pprof-disable"])
    }

    func gobgp(_ netns: String, _ arguments: [String]) throws -> Support.Result {
        try Support.inNetns(netns, ["gobgp"] + Self.gobgpAPI + arguments)
    }

    /// ExaBGP 4 in the foreground as root, without its named-pipe CLI.
    func startExabgp(_ netns: String, _ name: String, config: String) throws {
        let file = try write(config, name + ".conf")
        try start(
            netns, name, ["exabgp", file],
            environment: [
                "exabgp.daemon.user": "root", "exabgp.daemon.drop": "false", "exabgp.api.cli": "false",
                "exabgp.daemon.daemonize": "false", "exabgp.log.destination": "stdout",
            ])
    }

    /// Polls `read` until it returns a non-empty value or `seconds` pass; returns the last value.
    func await<T: Collection>(seconds: Int = 45, _ read: () throws -> T) throws -> T {
        var value = try read()
        var waited = 0
        while value.isEmpty && waited < seconds * 2 {
            usleep(500_000)
            waited += 1
            value = try read()
        }
        return value
    }
}

/// A received FlowSpec route as the receiver's own CLI shows it, normalised for comparison.
struct ReceivedFlow: Equatable, CustomStringConvertible {
    /// GoBGP: "TYPE=[OP:VALUE …]" per NLRI component, in NLRI order, op as the raw operator
    /// byte. BIRD: its `show route` text of the flow net.
    var nlri: String
    /// The extended communities carried with it.
    var action: String

    var description: String { "\(nlri) -> \(action)" }

    /// `gobgp global rib -a ipv4-flowspec|ipv6-flowspec -j`.
    static func gobgpRIB(_ json: String) throws -> [ReceivedFlow] {
        guard let data = json.data(using: .utf8), !json.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty,
            let table = try JSONSerialization.jsonObject(with: data) as? [String: [[String: Any]]]
        else { throw Support.Failure("gobgp rib JSON not understood: \(json.prefix(300))") }
        return try table.keys.sorted().flatMap { key in
            try (table[key] ?? []).map { path in
                guard let nlri = path["nlri"] as? [String: Any], let components = nlri["value"] as? [[String: Any]]
                else { throw Support.Failure("gobgp path without nlri: \(path)") }
                let attributes = path["attrs"] as? [[String: Any]] ?? []
                let communities = attributes.filter { $0["type"] as? Int == 16 }
                    .flatMap { $0["value"] as? [[String: Any]] ?? [] }
                    .map { community in
                        ["type", "subtype", "as", "rate"].map { "\($0)=\(community[$0].map { "\($0)" } ?? "-")" }
                            .joined(separator: ",")
                    }
                return ReceivedFlow(
                    nlri: components.map(component).joined(separator: " "),
                    action: communities.joined(separator: " "))
            }
        }
    }

    private static func component(_ component: [String: Any]) -> String {
        let type = component["type"] as? Int ?? -1
        if let items = component["value"] as? [[String: Any]] {
            let operands = items.map { item in
                "0x" + String(item["op"] as? Int ?? -1, radix: 16, uppercase: false).leftPadded(2) + ":"
                    + "\(item["value"] ?? "-")"
            }
            return "\(type)=[\(operands.joined(separator: " "))]"
        }
        if let prefix = component["value"] as? [String: Any] {
            return "\(type)=[\(prefix["prefix"] ?? "-") offset \(component["offset"] ?? 0)]"
        }
        return "\(type)=?"
    }

    /// `birdc show route all table T`: each flow net and its BGP.ext_community line.
    static func birdRIB(_ text: String) -> [ReceivedFlow] {
        var flows: [ReceivedFlow] = []
        for line in text.split(separator: "\n").map(String.init) {
            if line.hasPrefix("flow4 {") || line.hasPrefix("flow6 {"), let end = line.range(of: "}") {
                flows.append(ReceivedFlow(nlri: String(line[..<end.upperBound]), action: ""))
            } else if let range = line.range(of: "BGP.ext_community: "), !flows.isEmpty {
                flows[flows.count - 1].action = String(line[range.upperBound...])
            }
        }
        return flows
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}

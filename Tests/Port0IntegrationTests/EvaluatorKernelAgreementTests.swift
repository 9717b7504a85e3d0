import Foundation
import Port0Core
import Port0Packets
import Port0TestSupport
import Testing

/// The expression-budget and verdict tests trust `BytecodeEvaluator` and `WirePacket`'s
/// model of the kernel. This checks the model against nf_tables itself: every wire case is
/// sent as an Ethernet frame over a veth pair in a private namespace, into port0's host
/// (prerouting) and edge (netdev ingress) rulesets, and the kernel's counters must show the
/// verdict the evaluator predicts — dropped by the same chain, or not dropped at all.
@Suite(.needsRoot) struct EvaluatorKernelAgreementTests {
    /// Every packet of every plain case (a case of two fragments is two rows).
    static let cases = frames(PacketCases.plain)

    static func frames(_ cases: [PacketCase]) -> [(String, WirePacket, PacketCase)] {
        cases.flatMap { packetCase in
            let packets = packetCase.packets()
            return packets.enumerated().map { index, packet in
                (packets.count == 1 ? packetCase.name : "\(packetCase.name) #\(index + 1)", packet, packetCase)
            }
        }
    }

    /// A witness counter in a chain that runs just before port0's proves the packet reached
    /// the hook (the IP layer would silently discard a malformed one before prerouting).
    static func witness(_ profile: String) -> String {
        profile == "host"
            ? """
            table inet witness {
            \tcounter seen {}
            \tchain prerouting { type filter hook prerouting priority -301; counter name "seen"; }
            }
            """
            : """
            table netdev witness {
            \tcounter seen {}
            \tchain ingress { type filter hook ingress device "p0b" priority -501; counter name "seen"; }
            }
            """
    }

    /// Sends each hex frame (stdin, one per line) out of p0a and prints the counters after it.
    static let sender = """
        import json, socket, subprocess, sys, time
        s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
        s.bind(("p0a", 0))
        for line in sys.stdin:
            try:
                s.send(bytes.fromhex(line.strip()))
            except OSError as e:  # a drop at netdev egress fails the send with ENOBUFS
                if e.errno != 105: raise
            time.sleep(0.02)
            out = json.loads(subprocess.run(["nft", "-j", "list", "counters"], capture_output=True, check=True).stdout)
            print(json.dumps({c["counter"]["name"] + "@" + c["counter"]["table"]: c["counter"]["packets"]
                              for c in out["nftables"] if "counter" in c}), flush=True)
        """

    /// Loads `table` and `witness` in a private namespace with a veth pair p0a–p0b, sends every
    /// case out of p0a as a frame to p0b, and returns the counters ("name@table", sorted) each
    /// one moved.
    static func counterDeltas(_ table: Table, witness: String, cases: [(String, WirePacket, PacketCase)]) throws
        -> [[String]]
    {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("port0-agree-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try NftTextRenderer.script(table).write(
            to: directory.appendingPathComponent("port0.nft"), atomically: true, encoding: .utf8)
        try witness.write(to: directory.appendingPathComponent("witness.nft"), atomically: true, encoding: .utf8)
        try sender.write(to: directory.appendingPathComponent("send.py"), atomically: true, encoding: .utf8)

        let setup = """
            set -e
            ip link add p0a type veth peer name p0b
            ip link set p0a up
            ip link set p0b up
            nft -f "$1/port0.nft"  # this script runs under unshare -n
            nft -f "$1/witness.nft"  # (private netns)
            mac=$(ip -br link show p0b | awk '{ print $3 }' | tr -d :)  # /sys is the host's
            while read -r frame; do echo "$mac""020000000001$frame"; done | python3 "$1/send.py"
            """
        let frames = cases.map { _, packet, _ in
            packet.frameAfterAddresses.map { String(format: "%02x", $0) }.joined()
        }
        let result = try Support.run(
            ["unshare", "-n", "sh", "-c", setup, "sh", directory.path], stdin: frames.joined(separator: "\n") + "\n")
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        try #require(lines.count == cases.count, "\(result.stdout)\(result.stderr)")
        var previous: [String: Int] = [:]
        return try lines.map { line in
            let counters = try JSONDecoder().decode([String: Int].self, from: Data(line.utf8))
            defer { previous = counters }
            return counters.filter { $0.value != previous[$0.key, default: 0] }.map(\.key).sorted()
        }
    }

    @Test(arguments: ["host", "edge"])
    func kernelAgreesWithTheEvaluator(profile: String) throws {
        var options = RulesetOptions()
        if profile == "edge" {
            options.profile = .edge
            options.devices = ["p0b"]
        }
        let table = try RulesetBuilder.build(options)
        let hook: Hook = profile == "host" ? .prerouting : .ingress
        let deltas = try Self.counterDeltas(table, witness: Self.witness(profile), cases: Self.cases)
        for ((name, packet, _), delta) in zip(Self.cases, deltas) {
            let predicted = BytecodeEvaluator(table).run(hook, packet)
            // The counters the evaluator reached: the drop chain's on a drop, the passed
            // fragments' on a later fragment let go.
            let expected = ["seen@witness"] + Set(predicted.counted).map { "\($0)@port0" }
            #expect(predicted.outcome != .drop || predicted.counted.last == predicted.jumps.last)
            #expect(
                delta == expected.sorted(), "\(profile): \(name): evaluator \(predicted.outcome) via \(predicted.jumps)"
            )
        }
    }
}

/// The same agreement inside VLAN, PPPoE and MPLS frames, at ingress and at egress. Judged
/// by witnesses that are not port0's: one chain before port0's sees every frame, one after
/// it (ingress: a later chain on the same device; egress: the peer's ingress) sees only
/// what port0 let through. Only frames from the sender's MAC address count, so the links'
/// own traffic (IPv6 router solicitations …) cannot blur the picture.
@Suite(.needsRoot) struct EncapsulatedAgreementTests {
    static let cases = EvaluatorKernelAgreementTests.frames(PacketCases.encapsulated + PacketCases.uninspectable)

    static func witness(_ hook: Hook) -> String {
        let mine = "ether saddr 02:00:00:00:00:01"
        let (before, after) =
            hook == .ingress
            ? (
                "type filter hook ingress device \"p0b\" priority -501;",
                "type filter hook ingress device \"p0b\" priority -499;"
            )
            : (
                "type filter hook egress device \"p0a\" priority -501;",
                "type filter hook ingress device \"p0b\" priority 0;"
            )
        return """
            table netdev witness {
            \tcounter seen {}
            \tcounter passed {}
            \tchain before { \(before) \(mine) counter name "seen"; }
            \tchain after { \(after) \(mine) counter name "passed"; }
            }
            """
    }

    @Test(arguments: [Hook.ingress, .egress])
    func kernelAgreesWithTheEvaluator(hook: Hook) throws {
        var options = RulesetOptions()
        options.profile = .edge
        options.devices = [hook == .ingress ? "p0b" : "p0a"]
        options.hooks = [hook]
        let table = try RulesetBuilder.build(options)
        let deltas = try EvaluatorKernelAgreementTests.counterDeltas(
            table, witness: Self.witness(hook), cases: Self.cases)
        for ((name, packet, packetCase), delta) in zip(Self.cases, deltas) {
            let predicted = BytecodeEvaluator(table).run(hook, packet)
            var expected = ["seen@witness"] + predicted.counted.map { "\($0)@port0" }
            if predicted.outcome != .drop { expected.append("passed@witness") }
            // And the policy itself: port 0 dropped, everything else delivered.
            let mustDrop = packetCase.isDropped(atIngress: hook == .ingress)
            #expect(delta.contains("passed@witness") != mustDrop, "\(hook): \(name): delivered \(!mustDrop)")
            #expect(
                delta == expected.sorted(), "\(hook): \(name): evaluator \(predicted.outcome) via \(predicted.jumps)")
        }
    }
}

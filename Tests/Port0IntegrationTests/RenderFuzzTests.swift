import Foundation
import Testing

/// SplitMix64: a tiny seeded generator, so every fuzz run is reproducible from its seed.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Random option combinations, valid and not: `port0 render` either writes a script that
/// nft accepts (`nft -c -f` in a private namespace), or exits non-zero with one error line
/// and writes nothing. Never a crash, never a half-written file.
@Suite(.needsRoot) struct RenderFuzzTests {
    static let cases = 150
    /// PORT0_FUZZ_SEED=N reproduces or varies a run; the seed is in every failure message.
    static let seed: UInt64 =
        ProcessInfo.processInfo.environment["PORT0_FUZZ_SEED"].flatMap { UInt64($0) } ?? 0x9057_0000

    /// One random command line. About half the cases draw only valid values; the others
    /// draw each value from a pool of invalid and hostile ones now and then.
    static func arguments(_ random: inout SeededGenerator, exemptFile: String) throws -> [String] {
        func maybe(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &random) < percent }
        let hostile = maybe(50)
        func pick(_ valid: [String], _ invalid: [String] = []) -> String {
            if hostile && !invalid.isEmpty && maybe(20) { return invalid.randomElement(using: &random)! }
            return valid.randomElement(using: &random)!
        }
        var args: [String] = []
        let edge = maybe(35)
        if maybe(95) { args += ["--profile", edge ? "edge" : pick(["host"], ["router", "Host", ""])] }
        if edge || (hostile && maybe(10)) {
            for _ in 0..<Int.random(in: (edge && !hostile ? 1 : 0)...3, using: &random) {
                args += [
                    "--device",
                    pick(
                        ["eth0", "eth0", "wan.100", "br-lan", "x", "abcdefghijklmno"],
                        ["abcdefghijklmnop", "et h0", ".", "e\"th"]),
                ]
            }
            if maybe(40) { args.append("--egress") }
        }
        if maybe(30) {
            let hooks = edge ? ["ingress", "egress"] : ["prerouting", "input", "forward", "output", "postrouting"]
            for _ in 0..<Int.random(in: 1...2, using: &random) {
                args += ["--hook", pick(hooks, ["input", "ingress", "raw"])]
            }
        }
        if maybe(40) {
            let named =
                edge
                ? ["filter", "filter - 10", "filter+5"]
                : ["raw", "mangle", "filter", "security", "raw - 10", "filter+5", "mangle -3"]
            let number = String(Int32.random(in: Int32.min...Int32.max, using: &random))
            args += [
                "--priority", maybe(50) ? pick(named, ["x", "raw -", "99999999999", "dstnat", "srcnat"]) : number,
            ]
        }
        if maybe(30) {
            args += [
                "--table",
                pick(
                    ["port0", "edge_drop", "T", "p0_\(Int.random(in: 0...999, using: &random))"],
                    ["table", "0x", "a-b", "a\"b"]),
            ]
        }
        if maybe(40) { args += ["--action", pick(["drop", "reject"], ["deny"])] }
        if maybe(30) { args.append("--log") }
        if maybe(30) {
            args += [
                "--log-prefix",
                pick(
                    ["port0: ", "p0 {#;@} ", String(repeating: "z", count: 127)],
                    [String(repeating: "z", count: 128), "a\"b", "a\\b", "$x", "tab\tx", "é"]),
            ]
        }
        if maybe(25) {
            args += [
                "--log-rate",
                pick(["1/second", "10/minute", "1000000/hour"], ["0/second", "5/day", "5/ minute", "1000001/hour"]),
            ]
        }
        if maybe(20) { args.append("--no-counters") }
        for _ in 0..<Int.random(in: 0...4, using: &random) {
            args += ["--exempt", randomPrefix(&random, hostile: hostile)]
        }
        if maybe(25) {
            var lines: [String] = []
            for _ in 0..<Int.random(in: 0...40, using: &random) {
                lines.append(
                    maybe(10)
                        ? pick(["# comment", "", "  ", "10.0.0.0/8 # c"], ["junk"])
                        : randomPrefix(&random, hostile: hostile))
            }
            try (lines.joined(separator: maybe(50) ? "\n" : "\r\n") + "\n").write(
                toFile: exemptFile, atomically: true, encoding: .utf8)
            args += ["--exempt-file", exemptFile]
        }
        if maybe(50) { args += ["--format", pick(["json"], ["xml"])] }
        return args
    }

    /// Mostly well-formed prefixes with random lengths (host bits cleared), sometimes with
    /// host bits left set, sometimes IPv4-mapped, sometimes malformed.
    static func randomPrefix(_ random: inout SeededGenerator, hostile: Bool) -> String {
        let roll = Int.random(in: (hostile ? 0 : 6)..<100, using: &random)
        if roll < 3 {
            return ["10.0.0.0/33", "1.2.3", "::ffff:", "2001:db8::/129", "10.0.0.1/8"].randomElement(using: &random)!
        }
        if roll < 55 {
            let length = Int.random(in: 0...32, using: &random)
            var address = UInt32.random(in: 0...UInt32.max, using: &random)
            if roll >= 6 { address &= length == 0 ? 0 : ~UInt32(0) << (32 - length) }
            let octets = (0..<4).map { String((address >> (24 - 8 * $0)) & 0xff) }.joined(separator: ".")
            return roll < 10 ? "::ffff:\(octets)/\(96 + length)" : "\(octets)/\(length)"
        }
        let length = Int.random(in: 0...128, using: &random)
        var words = (0..<8).map { _ in UInt16.random(in: 0...UInt16.max, using: &random) }
        for index in 0..<8 {
            let keep = max(0, min(16, length - 16 * index))
            words[index] &= keep == 0 ? 0 : ~UInt16(0) << (16 - keep)
        }
        return words.map { String($0, radix: 16) }.joined(separator: ":") + "/\(length)"
    }

    static func values(of option: String, in arguments: [String]) -> [String] {
        arguments.indices.dropLast().filter { arguments[$0] == option }.map { arguments[$0 + 1] }
    }

    @Test
    func renderedScriptsLoadOrTheCommandRefusesCleanly() throws {
        var random = SeededGenerator(seed: Self.seed)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("port0-fuzz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var toCheck: [(file: String, json: Bool, arguments: [String])] = []
        var refused = 0
        for index in 0..<Self.cases {
            let exemptFile = dir.appendingPathComponent("exempt-\(index).txt").path
            let arguments = try Self.arguments(&random, exemptFile: exemptFile)
            let output = dir.appendingPathComponent("out-\(index)").path
            let result = try Support.port0(["render"] + arguments + ["-o", output])
            let context = "seed \(Self.seed) case \(index): port0 render \(arguments.joined(separator: " "))"
            #expect(
                result.status == 0 || result.status == 1 || result.status == 64, "crash? \(result.status) \(context)")
            #expect(result.stdout.isEmpty, "\(context)")
            if result.status == 0 {
                #expect(result.stderr.isEmpty, "\(context)")
                #expect(FileManager.default.fileExists(atPath: output), "\(context)")
                let json = Self.values(of: "--format", in: arguments) == ["json"]
                // nft 1.0.6 reads one device per chain from JSON (see NftJSONRenderer).
                if !json || Set(Self.values(of: "--device", in: arguments)).count <= 1 {
                    toCheck.append((output, json, arguments))
                }
            } else {
                refused += 1
                #expect(
                    result.stderr.hasPrefix("port0: error: ") && result.stderr.filter(\.isNewline).count == 1,
                    "\(context)")
                #expect(!FileManager.default.fileExists(atPath: output), "\(context)")
            }
        }
        // Both outcomes must be well represented, or the generator is testing nothing.
        #expect(toCheck.count >= Self.cases / 5, "only \(toCheck.count) accepted")
        #expect(refused >= Self.cases / 5, "only \(refused) refused")
        // One namespace checks every accepted script; a failing one prints its index.
        let script = """
            for f in "$@"; do
              case "$f" in
                *.json) nft -j -c -f "${f%.json}" >/dev/null 2>&1 || echo "FAIL $f" ;;
                *) nft -c -f "$f" >/dev/null 2>&1 || echo "FAIL $f" ;;
              esac
            done
            """
        let check = try Support.unshareNetns(script, toCheck.map { $0.json ? $0.file + ".json" : $0.file })
        #expect(check.status == 0)
        for line in check.stdout.split(separator: "\n") {
            let file = line.dropFirst("FAIL ".count).replacingOccurrences(of: ".json", with: "")
            let arguments = toCheck.first { $0.file == file }?.arguments ?? []
            Issue.record("nft refused seed \(Self.seed): port0 render \(arguments.joined(separator: " "))")
        }
    }
}

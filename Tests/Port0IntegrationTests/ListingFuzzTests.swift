import Foundation
import Testing

/// Seeded mutations of real listings (byte flips, cuts, deleted and repeated spans, values
/// swapped for hostile ones): `port0 plan --live` (a file, or standard input) either plans (exit 0 or 2) or exits 1
/// with one error line naming the file or standard input. Never a crash, never a partial answer.
@Suite struct ListingFuzzTests {
    static let cases = 150
    /// PORT0_FUZZ_SEED=N reproduces or varies a run; the seed is in every failure message.
    static let seed: UInt64 =
        ProcessInfo.processInfo.environment["PORT0_FUZZ_SEED"].flatMap { UInt64($0) } ?? 0x1157_0000

    static let hostileValues = [
        "null", "true", "-1", "18446744073709551616", "-9223372036854775808", "9223372036854775807", "1e9", "\"\"",
        "\"@\"", "\"\\u0000\"", "\"\\ud800\"", "\"ip\"", "\"::ffff:1.2.3.4\"", "{}", "[]", "[[[[[[]]]]]]",
        "{\"set\": []}", "{\"prefix\": {\"addr\": \"10.0.0.1\", \"len\": 33}}",
        "{\"range\": [\"10.0.0.9\", \"10.0.0.1\"]}",
        "{\"&\": [1, 2]}", "\"port0\"", "\"netdev\"", "\"\u{202E}evil\"", "0", "1", "22", "\"accept\"",
        "\"drop\"", "\"tcp\"", "\"10.0.0.1\"", "{\"set\": [\"tcp\", 17]}",
        "{\"payload\": {\"protocol\": \"th\", \"field\": \"dport\"}}",
        "{\"counter\": {\"packets\": 1, \"bytes\": 2}}", "{\"meta\": {\"key\": \"l4proto\"}}",
    ]

    static func mutate(_ text: [UInt8], _ random: inout SeededGenerator) -> [UInt8] {
        var bytes = text
        for _ in 0..<(Int.random(in: 0..<10, using: &random) < 7 ? 1 : 2) {
            guard !bytes.isEmpty else { break }
            let at = Int.random(in: 0..<bytes.count, using: &random)
            switch Int.random(in: 0..<12, using: &random) {
            case 0: bytes[at] = UInt8.random(in: 0...255, using: &random)
            case 1: bytes = Array(bytes[..<at])
            case 2:
                let end = min(bytes.count, at + Int.random(in: 1...64, using: &random))
                bytes.removeSubrange(at..<end)
            case 3:
                let end = min(bytes.count, at + Int.random(in: 1...64, using: &random))
                bytes.insert(contentsOf: bytes[at..<end], at: at)
            default:
                // Replace the value after a ':' with a hostile one: structure stays valid JSON
                // more often, so the decoder (not only the parser) is exercised.
                guard let colon = bytes[at...].firstIndex(of: UInt8(ascii: ":")) else { continue }
                var end = colon + 1
                var depth = 0
                while end < bytes.count {
                    let byte = bytes[end]
                    if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") { depth += 1 }
                    if byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") {
                        if depth == 0 { break }
                        depth -= 1
                    }
                    if byte == UInt8(ascii: ",") && depth == 0 { break }
                    end += 1
                }
                let value = hostileValues.randomElement(using: &random)!
                bytes.replaceSubrange((colon + 1)..<end, with: Array(" \(value)".utf8))
            }
        }
        return bytes
    }

    @Test func mutatedListingsPlanOrFailCleanly() throws {
        var random = SeededGenerator(seed: Self.seed)
        let sources = [
            (LiveListingCLITests.old, LiveListingCLITests.oldOptions),
            (LiveListingCLITests.newer, LiveListingCLITests.edgeOptions),
        ]
        var outcomes: [Int32: Int] = [:]
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("port0-fuzz-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: file) }
        for index in 0..<Self.cases {
            let (path, options) = sources[index % sources.count]
            let original = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
            let mutated = Self.mutate(original, &random)
            let command = index % 4 == 3 ? "status" : "plan"
            try Data(mutated).write(to: file)
            // Half through standard input, half as a file.
            let source = index % 2 == 0 ? "-" : file.path
            let result = try Support.run(
                ["sh", "-c", "exec \"$@\" < \"$0\"", file.path, Support.port0, command, "--live", source, "--quiet"]
                    + (command == "plan" ? ["--detailed-exitcode"] : []) + options)
            let context = "seed \(Self.seed) case \(index) (\(command))"
            outcomes[result.status, default: 0] += 1
            let planned: Set<Int32> = command == "plan" ? [0, 2] : [0, 3, 4]
            if planned.contains(result.status) {
                #expect(result.stderr.isEmpty, "\(context): \(result.stderr)")
                #expect(!result.stdout.isEmpty, "\(context)")
            } else {
                #expect(result.status == 1, "\(context): exit \(result.status) \(result.stderr)")
                #expect(result.stdout.isEmpty, "\(context)")
                let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: false)
                #expect(lines.count == 2 && lines[1].isEmpty, "\(context): \(result.stderr)")
                let prefix = source == "-" ? "on standard input" : "'\(file.path)'"
                #expect(result.stderr.hasPrefix("port0: error: listing \(prefix): "), "\(context): \(result.stderr)")
            }
        }
        // Both kinds of outcome occur, or the mutations are too weak (or too strong) to test much.
        #expect(outcomes[1, default: 0] > Self.cases / 10, "\(outcomes)")
        #expect(outcomes[1, default: 0] < Self.cases * 9 / 10, "\(outcomes)")
    }
}

import Foundation
import Testing

/// Issue 19 point 6: another program committing to its own table many times a second must
/// not make `apply` of a large table give up (it used to retry 5 times at once and fail).
@Suite("apply under frequent foreign commits", .needsRoot)
struct ConcurrentCommitTests {
    @Test("100,000 prefixes install and update while another program commits all the time")
    func applyWhileOthersCommit() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("port0-busy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        func list(_ offset: Int) throws -> String {
            let path = dir.appendingPathComponent("exempt-\(offset).txt").path
            try (0..<100_000).map { index -> String in
                let value = index + offset
                return "10.\(value / 32768).\((value / 128) % 256).\((value % 128) * 2)\n"
            }.joined().write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }
        let first = try list(0)
        let second = try list(50_000)
        let running = dir.appendingPathComponent("running").path
        try Support.withNetns { (ns: String) throws in
            #expect(FileManager.default.createFile(atPath: running, contents: nil))
            // Another program: a commit to its own table every few milliseconds.
            let other = Process()
            other.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            other.arguments = [
                "ip", "netns", "exec", ns, "sh", "-c",
                "i=0; while [ -e \"$0\" ]; do i=$((i+1)); nft add table ip busy$i; nft delete table ip busy$i; done; echo $i",
                running,
            ]
            let count = Pipe()
            other.standardOutput = count
            try other.run()
            defer {
                try? FileManager.default.removeItem(atPath: running)
                other.waitUntilExit()
            }
            let started = Date()
            for path in [first, second] {
                let applied = try Netns.port0(ns, ["apply", "--exempt-file", path])
                #expect(applied.status == 0, "\(applied.stderr)")
                #expect(applied.stdout.hasPrefix("applied table inet port0: 6 chains, 26 rules, 100000 set elements"))
            }
            let elapsed = Date().timeIntervalSince(started)
            try? FileManager.default.removeItem(atPath: running)
            other.waitUntilExit()
            let commits =
                (Int(
                    String(decoding: count.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                        .trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0) * 2
            // The premise: the other program really was busy (well over 10 commits a second).
            #expect(Double(commits) / elapsed > 10, "only \(commits) foreign commits in \(elapsed) s")
            // Read once the other program has stopped: the second list is what is live.
            #expect(try Netns.port0(ns, ["status", "--exempt-file", second]).status == 0)
        }
    }
}

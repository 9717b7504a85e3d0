import Foundation
import Testing

@testable import Port0Core

@Suite struct UnifiedDiffTests {
    static func numbered(_ range: ClosedRange<Int>) -> String { range.map { "line \($0)\n" }.joined() }

    @Test func equalTextsHaveNoDiff() {
        #expect(UnifiedDiff.render(old: "a\nb\n", new: "a\nb\n", oldLabel: "a", newLabel: "b") == "")
    }

    @Test func anEmptyOldTextIsAllAdditions() {
        #expect(
            UnifiedDiff.render(old: "", new: "x\ny\n", oldLabel: "old", newLabel: "new")
                == "--- old\n+++ new\n@@ -0,0 +1,2 @@\n+x\n+y\n")
    }

    @Test func oneChangeGetsThreeLinesOfContext() {
        let old = Self.numbered(1...10)
        let new = old.replacingOccurrences(of: "line 5\n", with: "line five\n")
        #expect(
            UnifiedDiff.render(old: old, new: new, oldLabel: "a", newLabel: "b")
                == "--- a\n+++ b\n@@ -2,7 +2,7 @@\n line 2\n line 3\n line 4\n-line 5\n+line five\n line 6\n line 7\n line 8\n"
        )
    }

    @Test func distantChangesGetTheirOwnHunksAndCloseOnesShareOne() {
        let old = Self.numbered(1...20)
        let distant = old.replacingOccurrences(of: "line 2\n", with: "").replacingOccurrences(of: "line 19\n", with: "")
        #expect(
            UnifiedDiff.render(old: old, new: distant, oldLabel: "a", newLabel: "b")
                == "--- a\n+++ b\n@@ -1,5 +1,4 @@\n line 1\n-line 2\n line 3\n line 4\n line 5\n"
                + "@@ -16,5 +15,4 @@\n line 16\n line 17\n line 18\n-line 19\n line 20\n")
        let close = old.replacingOccurrences(of: "line 5\n", with: "").replacingOccurrences(of: "line 11\n", with: "")
        let diff = UnifiedDiff.render(old: old, new: close, oldLabel: "a", newLabel: "b")
        #expect(diff.components(separatedBy: "@@ -").count == 2 && diff.contains("@@ -2,13 +2,11 @@\n"))
    }

    /// Where the shortest diff is unique, the output is byte for byte what `diff -u` prints.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/diff"), "needs /usr/bin/diff"))
    func matchesGNUDiff() throws {
        let old = NftTextRenderer.listing(Tables.host)
        let new = NftTextRenderer.listing(Tables.build { $0.log = true })
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("port0-diff-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try old.write(to: directory.appendingPathComponent("old"), atomically: true, encoding: .utf8)
        try new.write(to: directory.appendingPathComponent("new"), atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/diff")
        process.arguments = ["-u", "--label", "old", "--label", "new", "old", "new"]
        process.currentDirectoryURL = directory
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(!output.isEmpty)
        #expect(UnifiedDiff.render(old: old, new: new, oldLabel: "old", newLabel: "new") == output)
    }
}

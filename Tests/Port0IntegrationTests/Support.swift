import Foundation
import Testing

/// Shared helpers for tests that run the built `port0` binary, nft and ip.
enum Support {
    static let isRoot = getuid() == 0
    static let rootReason: Comment = "needs root for network namespaces (CI runs as root)"

    /// Package root, from this file's path.
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The `port0` executable next to the test bundle (SwiftPM builds it because the test
    /// target depends on it); PORT0_BIN overrides.
    static let port0: String = {
        if let path = ProcessInfo.processInfo.environment["PORT0_BIN"] { return path }
        let bundleDir = Bundle.main.bundleURL.deletingLastPathComponent()
        for candidate in [
            bundleDir.appendingPathComponent("port0").path,
            Bundle.main.bundleURL.appendingPathComponent("port0").path,
            packageRoot.appendingPathComponent(".build/debug/port0").path,
        ] where FileManager.default.isExecutableFile(atPath: candidate) {
            return candidate
        }
        return packageRoot.appendingPathComponent(".build/debug/port0").path
    }()

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs a program (looked up in PATH) and captures its output.
    @discardableResult
    static func run(_ arguments: [String], stdin: String? = nil, environment: [String: String]? = nil) throws -> Result
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        if let environment { process.environment = environment }
        let out = Pipe()
        let err = Pipe()
        let input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = stdin == nil ? FileHandle.nullDevice : input
        try process.run()
        if let stdin {
            input.fileHandleForWriting.write(Data(stdin.utf8))
            try input.fileHandleForWriting.close()
        }
        // Read both pipes concurrently so a chatty child cannot block on a full pipe.
        nonisolated(unsafe) var errData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Runs `port0 ARGS`.
    @discardableResult
    static func port0(_ arguments: [String], stdin: String? = nil) throws -> Result {
        try run([port0] + arguments, stdin: stdin)
    }

    /// A named network namespace (`ip netns add`), deleted afterwards whatever happens.
    /// The machine's own namespace and ruleset are never touched.
    static func withNetns<T>(_ body: (String) throws -> T) throws -> T {
        let name = "p0t-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let created = try run(["ip", "netns", "add", name])
        guard created.status == 0 else { throw Failure("ip netns add \(name): \(created.stderr)") }
        defer { _ = try? run(["ip", "netns", "delete", name]) }
        return try body(name)
    }

    /// Runs a shell script in a fresh private network namespace (`unshare -n`), which vanishes
    /// with the script: nothing it does can reach the machine's own ruleset. Extra arguments
    /// are the script's $1, $2, ….
    @discardableResult
    static func unshareNetns(_ script: String, _ arguments: [String] = []) throws -> Result {
        try run(["unshare", "-n", "sh", "-c", script, "sh"] + arguments)
    }

    /// Runs a program inside a named namespace.
    @discardableResult
    static func inNetns(_ name: String, _ arguments: [String], stdin: String? = nil) throws -> Result {
        try run(["ip", "netns", "exec", name] + arguments, stdin: stdin)
    }

    /// `count` addresses in 10.0.0.0/8, from the `offset`th on, no two of which merge into a
    /// prefix: every one must reach a set as an element of its own.
    static func unmergeableAddresses(_ count: Int, from offset: Int = 0) -> [String] {
        (offset..<offset + count).map { "10.\($0 / 32768).\(($0 / 128) % 256).\(($0 % 128) * 2)" }
    }

    /// Runs `script` (sh, in namespace `ns`, `arguments` from its $2 on) in the background
    /// while `body` runs: it goes round while the file in its $1 exists, then prints how often
    /// it went round, which is returned with `body`'s result.
    static func whileLooping<T>(in ns: String, _ script: String, _ arguments: [String] = [], _ body: () throws -> T)
        throws -> (result: T, rounds: Int)
    {
        let running = FileManager.default.temporaryDirectory.appendingPathComponent("port0-loop-\(UUID())").path
        #expect(FileManager.default.createFile(atPath: running, contents: nil))
        let loop = Process()
        loop.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        loop.arguments = ["ip", "netns", "exec", ns, "sh", "-c", script, "sh", running] + arguments
        let rounds = Pipe()
        loop.standardOutput = rounds
        try loop.run()
        func stop() {
            try? FileManager.default.removeItem(atPath: running)
            loop.waitUntilExit()
        }
        defer { stop() }
        let result = try body()
        stop()
        let text = String(decoding: rounds.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return (result, Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0)
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}

/// Options port0 must refuse, and the text its one error line must contain.
struct Refusal: CustomTestStringConvertible, Sendable {
    var arguments: [String]
    var names: String
    var testDescription: String { arguments.joined(separator: " ") }
}

extension Trait where Self == ConditionTrait {
    /// Kernel tests make network namespaces: without root they skip, saying why.
    static var needsRoot: Self { .enabled(if: Support.isRoot, Support.rootReason) }
}

import Foundation
import Testing

/// Helpers for the operations tests: scripts/, packaging and provisioning.
enum Ops {
    static let root = Support.packageRoot.path

    static func path(_ relative: String) -> String { root + "/" + relative }

    /// A program's path if it is on PATH.
    static func which(_ tool: String) -> String? {
        let dirs = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        return dirs.map { "\($0)/\(tool)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static func has(_ tools: String...) -> Bool { tools.allSatisfy { which($0) != nil } }

    /// Runs a program with `environment` added to ours.
    @discardableResult
    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Support.Result {
        let merged = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        return try Support.run(arguments, environment: merged)
    }

    /// A fresh directory under /tmp, removed after `body` whatever happens.
    static func withTempDir<T>(_ body: (String) throws -> T) throws -> T {
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("port0-ops-\(getpid())-\(UInt32.random(in: 0...UInt32.max))").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        return try body(dir)
    }

    static func read(_ path: String) throws -> String {
        try String(contentsOfFile: path, encoding: .utf8)
    }

    static func write(_ text: String, to path: String) throws {
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// Every regular file and directory below `dir`, relative to it, sorted.
    static func tree(_ dir: String) -> [String] {
        ((FileManager.default.subpaths(atPath: dir)) ?? []).sorted()
    }

    /// The regular files below `dir`, relative to it, sorted.
    static func files(_ dir: String) -> [String] {
        tree(dir).filter { path in
            var isDir: ObjCBool = false
            return FileManager.default.fileExists(atPath: dir + "/" + path, isDirectory: &isDir) && !isDir.boolValue
        }
    }

    /// `port0 --version` of the binary under test.
    static func version() throws -> String {
        try Support.port0(["--version"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `systemd-analyze verify` of a unit whose ExecStart binary and man page are real files:
    /// /usr/sbin/port0 is pointed at `binary`, and man(1) looks in `manDir` (holding man1/).
    /// Returns the tool's result; verify prints parse problems on stderr but exits 0, so
    /// callers require both a zero status and an empty stderr.
    static func verifyUnit(
        _ unitText: String, binary: String, manDir: String, in dir: String, name: String = "port0.service"
    ) throws -> Support.Result {
        let unit = dir + "/" + name
        try write(unitText.replacingOccurrences(of: "/usr/sbin/port0", with: binary), to: unit)
        return try run(["systemd-analyze", "verify", unit], environment: ["MANPATH": manDir])
    }

    /// Subcommand names listed in `port0 --help`.
    static func subcommands() throws -> [String] {
        let help = try Support.port0(["--help"]).stdout
        let parts = help.components(separatedBy: "SUBCOMMANDS:\n")
        guard parts.count == 2 else { return [] }
        return parts[1].split(separator: "\n")
            .filter { $0.hasPrefix("  ") && !$0.hasPrefix("   ") }
            .compactMap { $0.split(separator: " ").first.map(String.init) }
            .filter { $0 != "See" }
    }
}

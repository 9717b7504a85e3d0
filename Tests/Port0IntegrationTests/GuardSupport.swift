import Foundation
import Testing

/// A `port0 guard` running in the background, its stderr collected in a file.
final class GuardProcess {
    let process = Process()
    let logPath: String

    init(_ arguments: [String], environment: [String: String]? = nil) throws {
        logPath = NSTemporaryDirectory() + "port0-guard-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).log"
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        process.executableURL = URL(fileURLWithPath: Support.port0)
        process.arguments = ["guard"] + arguments
        if let environment { process.environment = environment }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        unlink(logPath)
    }

    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    var lines: [String] { log.split(separator: "\n").map(String.init) }

    /// Lines saying the guard restored the table.
    var repairs: [String] { lines.filter { $0.contains("guard: repaired table") } }

    /// How long a test waits for something the guard should do at once. It returns as soon as
    /// that happens; the margin is for a CI machine busy with every other suite at the same time.
    static let patience: Double = 20

    /// Waits until `condition` holds (checked every 10 ms); false on timeout.
    @discardableResult
    static func waitFor(_ seconds: Double = patience, _ condition: () throws -> Bool) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try condition() { return true }
            usleep(10_000)
        }
        return try condition()
    }

    /// Waits for the first apply; fails the test with the log if the guard does not get there.
    func waitUntilGuarding(_ seconds: Double = patience) throws {
        let ready = GuardProcess.waitFor(seconds) {
            !process.isRunning || log.contains("guard: applied") || log.contains("guard: unchanged")
        }
        try #require(ready && process.isRunning, "guard did not start: \(log)")
    }

    /// A guard past its first apply (`waitUntilGuarding`).
    static func started(_ arguments: [String], environment: [String: String]? = nil) throws -> GuardProcess {
        let guardProcess = try GuardProcess(arguments, environment: environment)
        try guardProcess.waitUntilGuarding()
        return guardProcess
    }

    func signal(_ number: Int32) { kill(process.processIdentifier, number) }

    /// Sends `number` and returns the exit status (`waitExit`).
    func stop(_ number: Int32 = SIGTERM) -> Int32 {
        signal(number)
        return waitExit()
    }

    /// Waits for exit (SIGKILL after `seconds`) and returns the exit status.
    func waitExit(_ seconds: Double = patience) -> Int32 {
        if !GuardProcess.waitFor(seconds, { !process.isRunning }) { signal(SIGKILL) }
        process.waitUntilExit()
        return process.terminationStatus
    }
}

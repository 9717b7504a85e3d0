import Port0System
import Synchronization

/// Diagnostics go to stderr; data goes to stdout. port0 never prints colour (see README:
/// if colour is ever added, only when stdout is a terminal and NO_COLOR is unset).
enum Diagnostics {
    /// Set once by `--quiet` (OutputOptions) while the command line is parsed.
    private static let quiet = Atomic<Bool>(false)

    static func setQuiet() {
        quiet.store(true, ordering: .relaxed)
    }

    static var isQuiet: Bool { quiet.load(ordering: .relaxed) }

    /// Always printed, whatever `--quiet` says.
    static func error(_ message: String) {
        writeStderr("port0: error: \(message)\n")
    }

    /// Suppressed by `--quiet`.
    static func note(_ message: String) {
        guard !isQuiet else { return }
        writeStderr("port0: \(message)\n")
    }

    /// Best effort: a diagnostic that cannot be written has nowhere else to go.
    static func writeStderr(_ text: String) {
        try? FileDescriptor.standardError.writeAll(text)
    }
}

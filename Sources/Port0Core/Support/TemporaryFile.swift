import Glibc

/// The temporary file an atomic output is written to before the rename:
/// `DIR/.port0-tmp.NAME.PID`, removed if SIGINT, SIGTERM or SIGHUP arrives while it exists,
/// and recognisable afterwards: one left by a process that no longer exists (SIGKILL, power
/// loss) is removed by the next write to the same output.
struct TemporaryFile {
    let path: String

    static let marker = ".port0-tmp."

    init(directory: String, base: String) {
        path = "\(directory)/\(Self.marker)\(base).\(getpid())"
    }

    /// Removes `.port0-tmp.BASE.PID` files in `directory` whose PID is not a running process.
    static func removeStale(directory: String, base: String) {
        guard let dir = opendir(directory) else { return }
        defer { closedir(dir) }
        let prefix = "\(marker)\(base)."
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            guard name.hasPrefix(prefix) else { continue }
            let digits = name.dropFirst(prefix.count)
            guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let pid = pid_t(digits),
                pid > 0, pid != getpid()
            else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH { unlink("\(directory)/\(name)") }
        }
    }

    /// Creates the file (replacing a leftover of this same PID) and arms the signal cleanup.
    func create() -> Int32 {
        unlink(path)
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        if fd >= 0 { SignalCleanup.arm(path) }
        return fd
    }

    /// After the rename (or the unlink on failure): nothing left for a signal to remove.
    func disarm() { SignalCleanup.disarm() }
}

/// One path to unlink if the process is interrupted: async-signal-safe state only (a
/// fixed C buffer written before the handler is installed).
private enum SignalCleanup {
    nonisolated(unsafe) static var buffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(PATH_MAX) + 1)
    nonisolated(unsafe) static var armed: sig_atomic_t = 0
    static let signals = [SIGINT, SIGTERM, SIGHUP]

    static func arm(_ path: String) {
        let bytes = Array(path.utf8.prefix(Int(PATH_MAX)))
        for (index, byte) in bytes.enumerated() { buffer[index] = CChar(bitPattern: byte) }
        buffer[bytes.count] = 0
        armed = 1
        for signal in signals {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { number in
                if SignalCleanup.armed != 0 { unlink(SignalCleanup.buffer) }
                Glibc.signal(number, SIG_DFL)
                raise(number)
            }
            sigemptyset(&action.sa_mask)
            sigaction(signal, &action, nil)
        }
    }

    static func disarm() {
        armed = 0
        for signal in signals { Glibc.signal(signal, SIG_DFL) }
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Diagnostics go to stderr; data goes to stdout.
enum Diagnostics {
    static func error(_ message: String) {
        writeStderr("port0: error: \(message)\n")
    }

    static func note(_ message: String) {
        writeStderr("port0: \(message)\n")
    }

    static func writeStderr(_ text: String) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let count = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return }
            bytes = bytes.dropFirst(count)
        }
    }
}

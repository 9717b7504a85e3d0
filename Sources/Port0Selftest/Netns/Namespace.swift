import Port0Core

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// A named network namespace (`ip netns add`), registered for deletion on signals.
public enum Namespace {
    /// A name prefix nobody else uses: "p0st-", the pid and a random part, then a dash.
    public static func uniquePrefix() -> String {
        "p0st-\(getpid())-\(String(UInt32.random(in: 0...UInt32.max), radix: 36))-"
    }

    public static func create(_ name: String) throws(Port0Error) {
        try NamespaceRegistry.creating(name) { () throws(Port0Error) in
            do throws(Port0Error) {
                try Subprocess.check(["ip", "netns", "add", name])
            } catch {
                delete(name)
                throw error
            }
        }
    }

    /// Removes the namespace; a missing one is not an error. Sockets still open in it keep the
    /// namespace itself alive until they are closed, but its name is gone.
    public static func delete(_ name: String) {
        _ = try? Subprocess.run(["ip", "netns", "delete", name])
        NamespaceRegistry.unregister(name)
    }

    /// Writes a sysctl under /proc/sys as seen from inside the namespace, and reads it back.
    /// The count write(2) returns is not the proof: on Linux 6.1 writing "1\n" to
    /// net.ipv6.conf.all.forwarding succeeds and returns 1 (its handler's own return value).
    static func sysctl(_ namespace: String, _ key: String, _ value: String) throws(Port0Error) {
        try NetnsThread.run(in: namespace) { () throws(Port0Error) in
            try write(sysctl: key, value, context: "sysctl \(key) in \(namespace)")
        }
    }

    /// Writes `value` to /proc/sys/KEY in the calling thread's namespace and verifies it by
    /// reading it back; every failure names the errno of the call that failed.
    static func write(sysctl key: String, _ value: String, context: String) throws(Port0Error) {
        let path = "/proc/sys/" + key.replacingDots()
        let fd = open(path, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { throw NetnsThread.failure(context) }
        let text = value + "\n"
        let written = text.withCString { Glibc.write(fd, $0, strlen($0)) }
        let writeError = errno
        close(fd)
        guard written > 0 else {
            throw .system(
                context: context,
                reason: written < 0
                    ? String(cString: strerror(writeError)) : "the kernel took none of \(text.utf8.count) bytes")
        }
        let readBack = try read(sysctl: path, context: context)
        guard readBack == value else {
            throw .system(context: context, reason: "wrote \(value), reads back \(readBack)")
        }
    }

    private static func read(sysctl path: String, context: String) throws(Port0Error) -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw NetnsThread.failure(context) }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 256)
        let count = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
        guard count >= 0 else { throw NetnsThread.failure(context) }
        return String(decoding: buffer[..<count], as: UTF8.self).trimmingSuffix(while: { $0 == "\n" || $0 == " " })
    }
}

extension String {
    fileprivate func trimmingSuffix(while drop: (Character) -> Bool) -> String {
        var text = self
        while let last = text.last, drop(last) { text.removeLast() }
        return text
    }
}

extension String {
    fileprivate func replacingDots() -> String {
        String(map { $0 == "." ? "/" : $0 })
    }
}

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

    /// Writes a sysctl under /proc/sys/net as seen from inside the namespace.
    static func sysctl(_ namespace: String, _ key: String, _ value: String) throws(Port0Error) {
        try NetnsThread.run(in: namespace) { () throws(Port0Error) in
            let path = "/proc/sys/" + key.replacingDots()
            let fd = open(path, O_WRONLY | O_CLOEXEC)
            guard fd >= 0 else { throw NetnsThread.failure("sysctl \(key) in \(namespace)") }
            defer { close(fd) }
            let text = value + "\n"
            let written = text.withCString { write(fd, $0, strlen($0)) }
            guard written == text.utf8.count else { throw NetnsThread.failure("sysctl \(key) in \(namespace)") }
        }
    }
}

extension String {
    fileprivate func replacingDots() -> String {
        String(map { $0 == "." ? "/" : $0 })
    }
}

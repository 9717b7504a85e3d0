import Glibc
import Port0Core
import Port0System

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

    /// Runs `body` with the calling thread inside the named namespace (`NetworkNamespaceScope`):
    /// sockets opened there stay there and can be used from any thread afterwards.
    static func run<T>(in namespace: String, _ body: () throws(Port0Error) -> T) throws(Port0Error) -> T {
        try NetworkNamespaceScope.run(
            in: .file("/run/netns/\(namespace)"),
            failure: { failure in
                let context = if case .open(let path) = failure.step { "open \(path)" } else { "setns \(namespace)" }
                return .system(context: context, reason: failure.errno.message)
            }, body)
    }

    /// The failure of the call that just returned -1, with its errno.
    static func failure(_ context: String) -> Port0Error {
        .system(context: context, reason: Errno.current.message)
    }

    /// Writes a sysctl under /proc/sys as seen from inside the namespace, and reads it back.
    /// The count write(2) returns is not the proof: on Linux 6.1 writing "1\n" to
    /// net.ipv6.conf.all.forwarding succeeds and returns 1 (its handler's own return value).
    static func sysctl(_ namespace: String, _ key: String, _ value: String) throws(Port0Error) {
        try run(in: namespace) { () throws(Port0Error) in
            try write(sysctl: key, value, context: "sysctl \(key) in \(namespace)")
        }
    }

    /// Writes `value` to /proc/sys/KEY in the calling thread's namespace and verifies it by
    /// reading it back; every failure names the errno of the call that failed.
    static func write(sysctl key: String, _ value: String, context: String) throws(Port0Error) {
        let path = "/proc/sys/" + String(key.map { $0 == "." ? "/" : $0 })
        let text = value + "\n"
        let written: Int
        do throws(Errno) {
            let fd = try FileDescriptor.open(path, O_WRONLY | O_CLOEXEC)
            defer { try? fd.close() }
            // One write: /proc/sys takes a value whole, and the count it returns proves nothing.
            written = try Errno.retryingInterrupts { text.withCString { Glibc.write(fd.rawValue, $0, strlen($0)) } }
        } catch {
            throw .system(context: context, reason: error.message)
        }
        guard written > 0 else {
            throw .system(context: context, reason: "the kernel took none of \(text.utf8.count) bytes")
        }
        let readBack = try read(sysctl: path, context: context)
        guard readBack == value else {
            throw .system(context: context, reason: "wrote \(value), reads back \(readBack)")
        }
    }

    private static func read(sysctl path: String, context: String) throws(Port0Error) -> String {
        do throws(Errno) {
            let fd = try FileDescriptor.open(path, O_RDONLY | O_CLOEXEC)
            defer { try? fd.close() }
            return String(decoding: try fd.readAll(), as: UTF8.self).trimmingSuffix(while: { $0 == "\n" || $0 == " " })
        } catch {
            throw .system(context: context, reason: error.message)
        }
    }
}

extension String {
    fileprivate func trimmingSuffix(while drop: (Character) -> Bool) -> String {
        var text = self
        while let last = text.last, drop(last) { text.removeLast() }
        return text
    }
}

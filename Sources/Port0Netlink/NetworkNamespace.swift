import CNftnl
import CPort0Sys
import Port0Core

#if canImport(Glibc)
    import Glibc
#endif

/// Where port0 talks to nf_tables: the caller's network namespace, a named or pinned one
/// (`ip netns add NAME` → /run/netns/NAME), or a fresh empty one that vanishes afterwards.
///
/// `run` switches only the calling thread (setns/unshare with CLONE_NEWNET) and switches it
/// back before returning; the work in between is synchronous, so it stays on that thread.
public enum NetworkNamespace: Sendable, Equatable {
    case current
    case path(String)
    case throwaway

    /// `--netns NAME|PATH`: a name means /run/netns/NAME, anything with a '/' is a path.
    public static func parse(_ text: String?) throws(Port0Error) -> NetworkNamespace {
        guard let text else { return .current }
        let checked = try NameRules.netns(text)
        let path = checked.hasPrefix("/") ? checked : "/run/netns/\(checked)"
        guard access(path, F_OK) == 0 else {
            throw .invalidValue(
                option: "--netns", value: text, expected: NameRules.netnsExpected + " (\(path) does not exist)")
        }
        try requireNamespaceFile(path, text: text)
        return .path(path)
    }

    /// Refuses anything that is not a namespace file without blocking: a FIFO would hang the
    /// open, a regular file or a device would fail later with a less clear error.
    private static func requireNamespaceFile(_ path: String, text: String) throws(Port0Error) {
        let expected = "a network namespace file (/run/netns/NAME, /proc/PID/ns/net)"
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
        guard fd >= 0 else {
            throw .system(context: "network namespace \(Quoted(path))", reason: Errno.current.description)
        }
        defer { close(fd) }
        // nsfs: what /run/netns/NAME and /proc/PID/ns/net are (setns refuses other types).
        guard port0_is_netns_file(fd) == 1 else {
            throw .invalidValue(option: "--netns", value: text, expected: "\(expected); \(path) is not one")
        }
    }

    /// Runs `body` with the calling thread inside this namespace.
    public func run<T>(_ body: () throws(Port0Error) -> T) throws(Port0Error) -> T {
        if case .current = self { return try body() }
        let original = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC)
        guard original >= 0 else {
            throw .system(
                context: "network namespace", reason: "cannot open /proc/thread-self/ns/net: \(Errno.current)")
        }
        defer { close(original) }
        try enter()
        defer {
            // Returning the thread to where it was cannot fail for root with an open fd; if it
            // did, continuing would act on the wrong namespace.
            if port0_setns_net(original) != 0 {
                fatalError("cannot return to the original network namespace: \(Errno.current)")
            }
        }
        return try body()
    }

    private func enter() throws(Port0Error) {
        switch self {
        case .current:
            return
        case .path(let path):
            let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
            guard fd >= 0 else {
                throw .system(context: "network namespace \(Quoted(path))", reason: Errno.current.description)
            }
            defer { close(fd) }
            guard port0_setns_net(fd) == 0 else {
                let error = Errno.current
                if error == .permissionDenied { throw .permissionDenied("--netns needs CAP_SYS_ADMIN (run as root)") }
                if error == Errno(EINVAL) {
                    throw .invalidValue(
                        option: "--netns", value: path,
                        expected: "a network namespace file (/run/netns/NAME, /proc/PID/ns/net)")
                }
                throw .system(context: "network namespace \(Quoted(path))", reason: error.description)
            }
        case .throwaway:
            guard port0_unshare_net() == 0 else {
                let error = Errno.current
                if error == .permissionDenied {
                    throw .permissionDenied(
                        "checking in a throwaway network namespace needs CAP_SYS_ADMIN (run as root)")
                }
                throw .system(context: "throwaway network namespace", reason: error.description)
            }
        }
    }

    /// The devices among `names` that do not exist in this namespace.
    public func missingDevices(_ names: [String]) throws(Port0Error) -> [String] {
        try run { () throws(Port0Error) in names.filter { if_nametoindex($0) == 0 } }
    }
}

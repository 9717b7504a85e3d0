import CNftnl
import CPort0Sys
import Glibc
import Port0Core
import Port0System

/// Where port0 talks to nf_tables: the caller's network namespace, a named or pinned one
/// (`ip netns add NAME` → /run/netns/NAME), or a fresh empty one that vanishes afterwards.
///
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
            // Only a missing file is a bad value; anything else (EACCES on another process's
            // namespace) is said as the kernel said it.
            let error = Errno.current
            guard error == .noSuchEntry else {
                throw .system(context: "network namespace \(Quoted(path))", reason: "\(error)")
            }
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
        guard fd >= 0 else { throw .system(context: "network namespace \(Quoted(path))", reason: "\(Errno.current)") }
        defer { close(fd) }
        // nsfs: what /run/netns/NAME and /proc/PID/ns/net are (setns refuses other types).
        guard port0_is_netns_file(fd) == 1 else {
            throw .invalidValue(option: "--netns", value: text, expected: "\(expected); \(path) is not one")
        }
    }

    /// Runs `body` with the calling thread inside this namespace (`NetworkNamespaceScope`).
    public func run<T>(_ body: () throws(Port0Error) -> T) throws(Port0Error) -> T {
        switch self {
        case .current:
            return try body()
        case .path(let path):
            return try NetworkNamespaceScope.run(in: .file(path), failure: { Self.refusal($0, path: path) }, body)
        case .throwaway:
            return try NetworkNamespaceScope.run(in: .fresh, failure: { Self.refusal($0, path: nil) }, body)
        }
    }

    private static func refusal(_ failure: NetworkNamespaceScope.Failure, path: String?) -> Port0Error {
        // Only a failure to open the thread's own namespace needs more words than the errno.
        let reason = failure.step == .open("/proc/thread-self/ns/net") ? "\(failure)" : "\(failure.errno)"
        let entering = failure.step == .enter
        switch (path, failure.errno) {
        case (nil, .permissionDenied) where entering:
            return .permissionDenied("checking in a throwaway network namespace needs CAP_SYS_ADMIN (run as root)")
        case (nil, _): return .system(context: "throwaway network namespace", reason: reason)
        case (_, .permissionDenied) where entering:
            return .permissionDenied("--netns needs CAP_SYS_ADMIN (run as root)")
        case (.some(let path), Errno(EINVAL)) where entering:
            return .invalidValue(
                option: "--netns", value: path, expected: "a network namespace file (/run/netns/NAME, /proc/PID/ns/net)"
            )
        case (.some(let path), _): return .system(context: "network namespace \(Quoted(path))", reason: reason)
        }
    }

    /// The devices among `names` that do not exist in this namespace.
    public func missingDevices(_ names: [String]) throws(Port0Error) -> [String] {
        try run { () throws(Port0Error) in names.filter { if_nametoindex($0) == 0 } }
    }
}

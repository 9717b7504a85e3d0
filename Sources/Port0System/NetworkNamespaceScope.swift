import CPort0Sys
import Glibc

/// The calling thread in another network namespace for the length of a closure.
///
/// setns(2) and unshare(2) with CLONE_NEWNET move only the calling thread, and a socket stays
/// in the namespace it was created in, so what the closure opens can be used from any thread
/// afterwards. The closure is synchronous on purpose: nothing can move it to another thread
/// half-way.
///
/// Restoring cannot fail for a thread that could leave (same privileges, the original
/// namespace held open). If it ever did, the thread would go on acting on another namespace's
/// ruleset and sockets, so the process stops with the errno (`fatalError`) instead.
public enum NetworkNamespaceScope {
    public enum Target: Sendable, Equatable {
        /// A namespace file: /run/netns/NAME (`ip netns add`), /proc/PID/ns/net.
        case file(String)
        /// A new, empty namespace that vanishes when the closure returns (unless something made
        /// in it, such as a socket, keeps it alive).
        case fresh
    }

    /// Why the thread could not enter: the step and the errno it failed with.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public enum Step: Sendable, Equatable {
            /// Opening this namespace file, or /proc/thread-self/ns/net to come back to.
            case open(String)
            /// setns or unshare.
            case enter
        }
        public let step: Step
        public let errno: Errno

        public var description: String {
            guard case .open(let path) = step else { return "cannot enter it: \(errno)" }
            return "cannot open \(path): \(errno)"
        }
    }

    /// Runs `body` with the calling thread in `target`, then moves it back. `failure` turns a
    /// failure to enter into the caller's error type.
    public static func run<T, E: Error>(
        in target: Target, failure: (Failure) -> E, _ body: () throws(E) -> T
    ) throws(E) -> T {
        // O_NONBLOCK: a FIFO in place of a namespace file must not hang the open (setns refuses it).
        func open(_ path: String) throws(E) -> FileDescriptor {
            do throws(Errno) { return try .open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY) } catch {
                throw failure(Failure(step: .open(path), errno: error))
            }
        }
        let original = try open("/proc/thread-self/ns/net")
        defer { try? original.close() }
        switch target {
        case .file(let path):
            let fd = try open(path)
            defer { try? fd.close() }
            guard port0_setns_net(fd.rawValue) == 0 else { throw failure(Failure(step: .enter, errno: .current)) }
        case .fresh:
            guard port0_unshare_net() == 0 else { throw failure(Failure(step: .enter, errno: .current)) }
        }
        defer {
            if port0_setns_net(original.rawValue) != 0 {
                fatalError("cannot return to the original network namespace: \(Errno.current)")
            }
        }
        return try body()
    }
}

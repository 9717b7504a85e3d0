import CPort0Sys
import Glibc
import Port0Core
import Port0System
import Synchronization

/// Every namespace the selftest created and has not yet deleted, so that an interrupted run
/// (SIGINT/SIGTERM) can remove them before exiting. A name is registered before `ip netns add`
/// runs, so nothing created can be missed.
public enum NamespaceRegistry {
    private struct State {
        var names: [String] = []
        /// Set once a signal arrived: nothing new may be created.
        var closing = false
    }

    private static let state = Mutex(State())
    /// Held across `ip netns add`, so the signal path never misses a namespace being created.
    private static let creation = Mutex(())

    /// Registers `name`, then runs `create` (which makes it) unless a signal already arrived.
    static func creating(_ name: String, _ create: () throws(Port0Error) -> Void) throws(Port0Error) {
        try creation.withLock { _ throws(Port0Error) in
            try register(name)
            try create()
        }
    }

    private static func register(_ name: String) throws(Port0Error) {
        let accepted = state.withLock { state in
            if state.closing { return false }
            state.names.append(name)
            return true
        }
        guard accepted else { throw .system(context: "ip netns add \(name)", reason: "interrupted") }
    }

    static func unregister(_ name: String) {
        state.withLock { $0.names.removeAll { $0 == name } }
    }

    /// Deletes every registered namespace; used by the signal path.
    static func deleteAll() {
        let names = creation.withLock { _ in
            state.withLock { state in
                state.closing = true
                defer { state.names = [] }
                return state.names
            }
        }
        for name in names { Namespace.delete(name) }
    }

    /// Installs SIGINT and SIGTERM handlers: the handler only writes the signal number to a
    /// pipe; a dedicated thread reads it, deletes the registered namespaces, then exits with
    /// 128 + signal. Call once, early, from the main thread of a command (never from tests).
    public static func cleanUpOnSignals() {
        var fds: [Int32] = [-1, -1]
        guard port0_pipe_cloexec(&fds) == 0 else { return }
        signalPipe.store(fds[1], ordering: .sequentiallyConsistent)
        let reader = fds[0]
        var thread = pthread_t()
        let started = pthread_create(
            &thread, nil,
            { raw in
                let fd = Int32(Int(bitPattern: raw))
                var signal: Int32 = 0
                _ = try? Errno.retryingInterrupts {
                    withUnsafeMutableBytes(of: &signal) { read(fd, $0.baseAddress, 4) }
                }
                NamespaceRegistry.deleteAll()
                let message = "port0: interrupted; removed the selftest namespaces\n"
                _ = message.withCString { write(2, $0, strlen($0)) }
                _exit(128 + signal)
            }, UnsafeMutableRawPointer(bitPattern: Int(reader)))
        guard started == 0 else { return }
        pthread_detach(thread)
        for number in [SIGINT, SIGTERM] {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { number in
                var value = number
                NamespaceRegistry.interrupted.store(true, ordering: .sequentiallyConsistent)
                let fd = NamespaceRegistry.signalPipe.load(ordering: .sequentiallyConsistent)
                _ = withUnsafeBytes(of: &value) { write(fd, $0.baseAddress, 4) }
            }
            sigemptyset(&action.sa_mask)
            action.sa_flags = SA_RESTART
            sigaction(number, &action, nil)
        }
        // A parent may have started us with these blocked (the mask survives exec).
        var unblock = sigset_t()
        sigemptyset(&unblock)
        sigaddset(&unblock, SIGINT)
        sigaddset(&unblock, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
    }

    private static let signalPipe = Atomic<Int32>(-1)
    private static let interrupted = Atomic<Bool>(false)

    /// After SIGINT/SIGTERM the cleanup thread owns the exit (128 + signal): a step that
    /// fails on the main thread because its namespace just vanished must not exit first
    /// with its own error. Call on the main thread's way out; returns if not interrupted.
    public static func yieldToCleanupIfInterrupted() {
        guard interrupted.load(ordering: .sequentiallyConsistent) else { return }
        while true { pause() }
    }
}

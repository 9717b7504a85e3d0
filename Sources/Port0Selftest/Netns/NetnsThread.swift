import CPort0Sys
import Port0Core

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Runs a closure inside a named network namespace, on a dedicated thread that is joined before
/// returning. setns(2) switches only the calling thread, and sockets stay in the namespace they
/// were created in, so file descriptors made here can be used from any thread afterwards.
/// Synchronous on purpose: no task hop can move the body to another thread mid-way.
public enum NetnsThread {
    public static func run<T: Sendable>(
        in namespace: String, _ body: @escaping @Sendable () throws(Port0Error) -> T
    ) throws(Port0Error) -> T {
        let job = Job(namespace: namespace, body: body)
        var thread = pthread_t()
        let box = Unmanaged.passRetained(job as AnyObject)
        let created = pthread_create(
            &thread, nil,
            { raw in
                let job = Unmanaged<AnyObject>.fromOpaque(raw!).takeRetainedValue() as! Runnable
                job.runInNamespace()
                return nil
            }, box.toOpaque())
        guard created == 0 else {
            box.release()
            throw .system(context: "thread for namespace \(namespace)", reason: String(cString: strerror(created)))
        }
        pthread_join(thread, nil)
        return try job.result!.get()
    }

    /// The calling thread's namespace is restored before the thread ends (it ends anyway, but a
    /// thread left in a foreign namespace must never be reused).
    private final class Job<T: Sendable>: Runnable, @unchecked Sendable {
        let namespace: String
        let body: @Sendable () throws(Port0Error) -> T
        var result: Result<T, Port0Error>?

        init(namespace: String, body: @escaping @Sendable () throws(Port0Error) -> T) {
            self.namespace = namespace
            self.body = body
        }

        func runInNamespace() {
            result = Result(catching: { () throws(Port0Error) -> T in
                let home = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC)
                guard home >= 0 else { throw NetnsThread.failure("open /proc/thread-self/ns/net") }
                defer { close(home) }
                let target = open("/run/netns/\(namespace)", O_RDONLY | O_CLOEXEC)
                guard target >= 0 else { throw NetnsThread.failure("open /run/netns/\(namespace)") }
                defer { close(target) }
                guard port0_setns_net(target) == 0 else { throw NetnsThread.failure("setns \(namespace)") }
                defer { _ = port0_setns_net(home) }
                return try body()
            })
        }
    }

    static func failure(_ context: String) -> Port0Error {
        .system(context: context, reason: String(cString: strerror(errno)))
    }
}

private protocol Runnable: AnyObject {
    func runInNamespace()
}

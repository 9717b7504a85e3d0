import Glibc

/// A typed errno, after apple/swift-system's `Errno`: the value the kernel or libc reported,
/// captured where the call failed (never a later, stale `errno`), printed as
/// `Operation not supported (EOPNOTSUPP)` so a message is both readable and searchable.
public struct Errno: Error, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: Int32

    public init(_ rawValue: Int32) { self.rawValue = rawValue }

    /// The calling thread's errno: read it right after the call that failed.
    public static var current: Errno { Errno(errno) }

    /// `value`, or the current errno when it is negative (the libc convention: -1 and errno).
    @discardableResult
    public static func check<T: SignedInteger>(_ value: T) throws(Errno) -> T {
        guard value >= 0 else { throw current }
        return value
    }

    /// Calls `call` again while it fails with EINTR (a signal arrived first); its result, or the
    /// errno of the first other failure.
    @discardableResult
    public static func retryingInterrupts<T: SignedInteger>(_ call: () -> T) throws(Errno) -> T {
        while true {
            let value = call()
            if value >= 0 { return value }
            let error = current
            if error != .interrupted { throw error }
        }
    }

    public static let permissionDenied = Errno(EPERM)
    /// A file's permissions refused it (EACCES), as opposed to a missing privilege (EPERM).
    public static let accessDenied = Errno(EACCES)
    public static let noSuchEntry = Errno(ENOENT)
    public static let interrupted = Errno(EINTR)
    public static let wouldBlock = Errno(EAGAIN)
    public static let noSpace = Errno(ENOSPC)
    public static let brokenPipe = Errno(EPIPE)
    public static let noBufferSpace = Errno(ENOBUFS)
    public static let notSupported = Errno(EOPNOTSUPP)
    public static let protocolNotSupported = Errno(EPROTONOSUPPORT)
    public static let addressFamilyNotSupported = Errno(EAFNOSUPPORT)
    /// The batch's generation id was stale.
    public static let restart = Errno(ERESTART)

    /// The symbolic name, e.g. `EOPNOTSUPP`; `errno N` for one this table does not know.
    public var name: String {
        Self.names[rawValue] ?? "errno \(rawValue)"
    }

    /// The plain reason (strerror), as file, socket and process failures print it; `description`
    /// adds the name, as kernel (netlink) refusals print it.
    public var message: String { String(cString: strerror(rawValue)) }

    public var description: String { "\(message) (\(name))" }

    private static let names: [Int32: String] = [
        EPERM: "EPERM", ENOENT: "ENOENT", ESRCH: "ESRCH", EINTR: "EINTR", EIO: "EIO", E2BIG: "E2BIG",
        EBADF: "EBADF", EAGAIN: "EAGAIN", ENOMEM: "ENOMEM", EACCES: "EACCES", EFAULT: "EFAULT",
        EBUSY: "EBUSY", EEXIST: "EEXIST", ENODEV: "ENODEV", ENOTDIR: "ENOTDIR", EINVAL: "EINVAL",
        ENFILE: "ENFILE", EMFILE: "EMFILE", ENOSPC: "ENOSPC", EMLINK: "EMLINK", ERANGE: "ERANGE",
        ENAMETOOLONG: "ENAMETOOLONG", ELOOP: "ELOOP", ENOTEMPTY: "ENOTEMPTY", ERESTART: "ERESTART",
        ENOTSOCK: "ENOTSOCK", EMSGSIZE: "EMSGSIZE", EPROTONOSUPPORT: "EPROTONOSUPPORT",
        EOPNOTSUPP: "EOPNOTSUPP", EAFNOSUPPORT: "EAFNOSUPPORT", ENOBUFS: "ENOBUFS",
        ETIMEDOUT: "ETIMEDOUT", EOVERFLOW: "EOVERFLOW", EPIPE: "EPIPE", EROFS: "EROFS", EISDIR: "EISDIR",
        EINPROGRESS: "EINPROGRESS", ECONNREFUSED: "ECONNREFUSED", ENETUNREACH: "ENETUNREACH",
        EHOSTUNREACH: "EHOSTUNREACH", EADDRINUSE: "EADDRINUSE", EADDRNOTAVAIL: "EADDRNOTAVAIL", ESPIPE: "ESPIPE",
        EPROTO: "EPROTO", ECHILD: "ECHILD", EDQUOT: "EDQUOT", EXDEV: "EXDEV", ENXIO: "ENXIO",
    ]
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// A typed errno, after apple/swift-system's `Errno`: the value the kernel or libc reported,
/// printed as `Operation not supported (EOPNOTSUPP)` so a message is searchable.
public struct Errno: Error, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: Int32

    public init(_ rawValue: Int32) { self.rawValue = rawValue }

    /// The calling thread's current errno.
    static var current: Errno { Errno(errno) }

    public static let permissionDenied = Errno(EPERM)
    public static let noSuchEntry = Errno(ENOENT)
    public static let interrupted = Errno(EINTR)
    public static let wouldBlock = Errno(EAGAIN)
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
        ETIMEDOUT: "ETIMEDOUT", EOVERFLOW: "EOVERFLOW",
    ]
}

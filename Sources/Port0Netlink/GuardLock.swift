import Glibc
import Port0Core
import Port0System

/// One guard per table per network namespace: an flock on
/// /run/port0/guard-<netns inode>-<family>-<table>.lock, held for the guard's lifetime and
/// released by the kernel when it exits however it exits. The file holds the holder's pid.
public final class GuardLock {
    public let path: String
    private let fd: Int32

    public static let directory = "/run/port0"

    public init(namespace: NetworkNamespace, family: Family, table: String) throws(Port0Error) {
        let inode = try Self.namespaceInode(namespace)
        path = "\(Self.directory)/guard-\(inode)-\(family.rawValue)-\(table).lock"
        if mkdir(Self.directory, 0o755) != 0 && errno != EEXIST {
            throw Self.refusal(context: "creating \(Self.directory)")
        }
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o644)
        guard fd >= 0 else { throw Self.refusal(context: "opening \(path)") }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let error = Errno.current
            let holder = Self.holder(fd)
            close(fd)
            guard error == .wouldBlock else { throw .system(context: "locking \(path)", reason: error.description) }
            throw .invalidCombination(
                "another port0 guard\(holder.map { " (pid \($0))" } ?? "") already guards table "
                    + "\(family.rawValue) \(table) in this network namespace (lock \(path)); stop it first")
        }
        let text = Array("\(getpid())\n".utf8)
        _ = ftruncate(fd, 0)
        _ = text.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
    }

    deinit { close(fd) }

    /// Without root the lock is out of reach, and so is the kernel: said as every kernel
    /// command says it, not as a file error.
    private static func refusal(context: String) -> Port0Error {
        let error = Errno.current
        if [.accessDenied, .permissionDenied].contains(error) && geteuid() != 0 { return KernelErrors.permission }
        return .system(context: context, reason: error.description)
    }

    private static func holder(_ fd: Int32) -> Int? {
        var bytes = [UInt8](repeating: 0, count: 32)
        let count = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        return Int(String(decoding: bytes[..<count], as: UTF8.self).filter(\.isNumber))
    }

    /// The network namespace's inode number: the same for every path that names it.
    static func namespaceInode(_ namespace: NetworkNamespace) throws(Port0Error) -> UInt64 {
        let path: String
        switch namespace {
        case .path(let named): path = named
        case .current, .throwaway: path = "/proc/self/ns/net"
        }
        var status = stat()
        guard stat(path, &status) == 0 else {
            throw .system(context: "network namespace \(path)", reason: Errno.current.description)
        }
        return UInt64(status.st_ino)
    }
}

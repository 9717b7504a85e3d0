import Glibc

/// A file descriptor, after apple/swift-system's `FileDescriptor`: calls that retry on EINTR
/// and throw the `Errno` of the call that failed. It does not own the descriptor; `close()` is
/// explicit, as with the raw number.
public struct FileDescriptor: RawRepresentable, Hashable, Sendable {
    public let rawValue: Int32

    public init(rawValue: Int32) { self.rawValue = rawValue }

    public static let standardInput = FileDescriptor(rawValue: 0)
    public static let standardOutput = FileDescriptor(rawValue: 1)
    public static let standardError = FileDescriptor(rawValue: 2)

    /// open(2); `flags` as given (add O_CLOEXEC where a spawned program must not inherit it).
    public static func open(_ path: String, _ flags: Int32, permissions: mode_t = 0) throws(Errno) -> FileDescriptor {
        FileDescriptor(rawValue: try Errno.retryingInterrupts { Glibc.open(path, flags, permissions) })
    }

    /// close(2). Not retried on EINTR: on Linux the descriptor is gone either way.
    public func close() throws(Errno) {
        try Errno.check(Glibc.close(rawValue))
    }

    /// One read(2) into all of `chunk`: the byte count, 0 at end of file.
    public func read(into chunk: inout [UInt8]) throws(Errno) -> Int {
        try chunk.withUnsafeMutableBytes { buffer in
            Result { () throws(Errno) in
                try Errno.retryingInterrupts { Glibc.read(rawValue, buffer.baseAddress, buffer.count) }
            }
        }.get()
    }

    /// Reads to end of file, or until it holds more than `limit` bytes (so a caller can refuse
    /// an oversized stream without reading all of it).
    public func readAll(limit: Int = .max, reservingCapacity capacity: Int = 0) throws(Errno) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(capacity)
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while bytes.count <= limit {
            let count = try read(into: &chunk)
            if count == 0 { break }
            bytes += chunk[..<count]
        }
        return bytes
    }

    /// Writes every byte, however many write(2) calls it takes. A write that takes nothing of
    /// a non-empty buffer means nothing more fits: ENOSPC.
    public func writeAll(_ bytes: UnsafeRawBufferPointer) throws(Errno) {
        var offset = 0
        while offset < bytes.count {
            let count = try Errno.retryingInterrupts {
                Glibc.write(rawValue, bytes.baseAddress! + offset, bytes.count - offset)
            }
            if count == 0 { throw .noSpace }
            offset += count
        }
    }

    public func writeAll(_ text: String) throws(Errno) {
        var text = text
        try text.withUTF8 { buffer in Result { () throws(Errno) in try writeAll(UnsafeRawBufferPointer(buffer)) } }
            .get()
    }
}

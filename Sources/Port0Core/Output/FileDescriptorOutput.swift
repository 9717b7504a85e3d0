#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Writing all of a buffer to a file descriptor: a short write is continued, a failed one
/// is an error (the caller names the file), never silently lost output.
public enum FileDescriptorOutput {
    /// 0 on success, else the errno of the write that failed.
    public static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32 {
        var offset = 0
        while offset < bytes.count {
            let count = write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if count < 0 {
                if errno == EINTR { continue }
                return errno
            }
            // write(2) returning 0 for a non-empty buffer: nothing more will fit.
            if count == 0 { return ENOSPC }
            offset += count
        }
        return 0
    }

    public static func writeAll(_ fd: Int32, _ text: String) -> Int32 {
        var text = text
        return text.withUTF8 { writeAll(fd, UnsafeRawBufferPointer($0)) }
    }

    /// `/dev/stdout`, `/dev/stderr`, `/dev/fd/N`, `/proc/self/fd/N`: the descriptor the path
    /// names in this process. Writing to it directly keeps what the shell set up (a pipe, a
    /// terminal, a file opened for appending); reopening the path could truncate it.
    public static func descriptor(named path: String) -> Int32? {
        switch path {
        case "/dev/stdout", "/proc/self/fd/1", "/dev/fd/1": return 1
        case "/dev/stderr", "/proc/self/fd/2", "/dev/fd/2": return 2
        default: break
        }
        for prefix in ["/dev/fd/", "/proc/self/fd/"] where path.hasPrefix(prefix) {
            let number = path.dropFirst(prefix.count)
            guard !number.isEmpty, number.allSatisfy({ $0.isASCII && $0.isNumber }), let fd = Int32(number) else {
                return nil
            }
            return fd
        }
        return nil
    }
}

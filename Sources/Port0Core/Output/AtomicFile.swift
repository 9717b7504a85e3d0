#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Writes a file so that readers see the old content or the new, never a part: a temporary
/// file in the same directory, fsync, then rename over the target.
public enum AtomicFile {
    public static func write(_ text: String, to path: String, mode: mode_t = 0o644) throws(Port0Error) {
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { String(path[..<$0]).isEmpty ? "/" : String(path[..<$0]) } ?? "."
        let base = slash.map { String(path[path.index(after: $0)...]) } ?? path
        var template = Array("\(directory)/.\(base).port0-XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { throw .outputFailed(path: path, reason: String(cString: strerror(errno))) }
        let temporary = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var ok = fchmod(fd, mode) == 0
        let bytes = Array(text.utf8)
        var written = 0
        while ok && written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            ok = count > 0
            if ok { written += count }
        }
        ok = ok && fsync(fd) == 0
        let reason = String(cString: strerror(errno))
        close(fd)
        guard ok, rename(temporary, path) == 0 else {
            let why = ok ? String(cString: strerror(errno)) : reason
            unlink(temporary)
            throw .outputFailed(path: path, reason: why)
        }
    }
}

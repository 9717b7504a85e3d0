#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// `-o FILE`. A regular file (or a new one) is replaced atomically: readers see the old
/// content or the new, never a part (temporary file in the same directory, fsync, rename).
/// The replaced file keeps its mode and owner; a new file gets 0666 minus the umask. A
/// symlink to a regular file replaces its target and stays a symlink.
///
/// Anything else is written through, never replaced: a character device (`/dev/null`, a
/// terminal), a FIFO or a socket is opened and written to; `/dev/stdout`, `/dev/stderr` and
/// `/dev/fd/N` write to that descriptor. A directory or a block device is refused.
public enum AtomicFile {
    public static func write(_ text: String, to path: String) throws(Port0Error) {
        if let fd = FileDescriptorOutput.descriptor(named: path) {
            try check(FileDescriptorOutput.writeAll(fd, text), path)
            return
        }
        var status = stat()
        if stat(path, &status) == 0 {
            switch status.st_mode & S_IFMT {
            case S_IFREG:
                try replace(text, at: resolved(path), keeping: status)
            case S_IFCHR, S_IFIFO, S_IFSOCK:
                try writeThrough(text, to: path)
            case S_IFDIR:
                throw .outputFailed(path: path, reason: "is a directory")
            default:
                throw .outputFailed(path: path, reason: "not a regular file, character device or pipe")
            }
            return
        }
        guard errno == ENOENT else { throw .outputFailed(path: path, reason: String(cString: strerror(errno))) }
        var link = stat()
        if lstat(path, &link) == 0 {
            throw .outputFailed(path: path, reason: "a symbolic link to a missing file")
        }
        try replace(text, at: path, keeping: nil)
    }

    private static func check(_ error: Int32, _ path: String) throws(Port0Error) {
        if error != 0 { throw .outputFailed(path: path, reason: String(cString: strerror(error))) }
    }

    /// The real path behind symlinks, so the rename replaces the file and keeps the link.
    private static func resolved(_ path: String) throws(Port0Error) -> String {
        guard let real = realpath(path, nil) else {
            throw .outputFailed(path: path, reason: String(cString: strerror(errno)))
        }
        defer { free(real) }
        return String(cString: real)
    }

    private static func writeThrough(_ text: String, to path: String) throws(Port0Error) {
        let fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC)
        guard fd >= 0 else { throw .outputFailed(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        try check(FileDescriptorOutput.writeAll(fd, text), path)
    }

    private static func replace(_ text: String, at path: String, keeping existing: stat?) throws(Port0Error) {
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { String(path[..<$0]).isEmpty ? "/" : String(path[..<$0]) } ?? "."
        let base = slash.map { String(path[path.index(after: $0)...]) } ?? path
        TemporaryFile.removeStale(directory: directory, base: base)
        let temporary = TemporaryFile(directory: directory, base: base)
        let fd = temporary.create()
        guard fd >= 0 else { throw .outputFailed(path: path, reason: String(cString: strerror(errno))) }
        var error: Int32 = 0
        if let existing {
            // Like editors and `install -C`: the file stays whose it was, with its mode.
            if fchown(fd, existing.st_uid, existing.st_gid) != 0 && errno != EPERM { error = errno }
            if error == 0 && fchmod(fd, existing.st_mode & 0o7777) != 0 { error = errno }
        } else {
            let mask = umask(0)
            umask(mask)
            if fchmod(fd, 0o666 & ~mask) != 0 { error = errno }
        }
        if error == 0 { error = FileDescriptorOutput.writeAll(fd, text) }
        if error == 0 && fsync(fd) != 0 { error = errno }
        if close(fd) != 0 && error == 0 { error = errno }
        if error == 0 && rename(temporary.path, path) != 0 { error = errno }
        if error != 0 { unlink(temporary.path) }
        temporary.disarm()
        try check(error, path)
    }
}

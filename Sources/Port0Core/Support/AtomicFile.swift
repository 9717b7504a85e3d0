import Glibc
import Port0System

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
            do { try fd.writeAll(text) } catch { throw failed(path, error) }
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
        guard errno == ENOENT else { throw failed(path, .current) }
        var link = stat()
        if lstat(path, &link) == 0 {
            throw .outputFailed(path: path, reason: "a symbolic link to a missing file")
        }
        try replace(text, at: path, keeping: nil)
    }

    private static func failed(_ path: String, _ error: Errno) -> Port0Error {
        .outputFailed(path: path, reason: error.message)
    }

    /// The real path behind symlinks, so the rename replaces the file and keeps the link.
    private static func resolved(_ path: String) throws(Port0Error) -> String {
        guard let real = realpath(path, nil) else { throw failed(path, .current) }
        defer { free(real) }
        return String(cString: real)
    }

    private static func writeThrough(_ text: String, to path: String) throws(Port0Error) {
        do throws(Errno) {
            let fd = try FileDescriptor.open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC)
            defer { try? fd.close() }
            try fd.writeAll(text)
        } catch {
            throw failed(path, error)
        }
    }

    private static func replace(_ text: String, at path: String, keeping existing: stat?) throws(Port0Error) {
        let slash = path.lastIndex(of: "/")
        let directory = slash.map { String(path[..<$0]).isEmpty ? "/" : String(path[..<$0]) } ?? "."
        let base = slash.map { String(path[path.index(after: $0)...]) } ?? path
        TemporaryFile.removeStale(directory: directory, base: base)
        let temporary = TemporaryFile(directory: directory, base: base)
        let fd = temporary.create()
        guard fd >= 0 else { throw failed(path, .current) }
        var error: Errno?
        if let existing {
            // Like editors and `install -C`: the file stays whose it was, with its mode.
            if fchown(fd, existing.st_uid, existing.st_gid) != 0 && errno != EPERM { error = .current }
            if error == nil && fchmod(fd, existing.st_mode & 0o7777) != 0 { error = .current }
        } else {
            let mask = umask(0)
            umask(mask)
            if fchmod(fd, 0o666 & ~mask) != 0 { error = .current }
        }
        if error == nil {
            do { try FileDescriptor(rawValue: fd).writeAll(text) } catch let failure { error = failure }
        }
        if error == nil && fsync(fd) != 0 { error = .current }
        if close(fd) != 0 && error == nil { error = .current }
        if error == nil && rename(temporary.path, path) != 0 { error = .current }
        if error != nil { unlink(temporary.path) }
        temporary.disarm()
        if let error { throw failed(path, error) }
    }
}

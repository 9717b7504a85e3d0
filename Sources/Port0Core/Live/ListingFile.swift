import Glibc
import Port0System

/// Reads a saved listing for `plan --live`: a regular file, a pipe, or `-` for standard
/// input (`ssh edge1 nft -j list ruleset | port0 plan --live -`), at most `maxBytes`.
public enum ListingFile {
    /// `nft -j list ruleset` with a million exempt prefixes is about 50 MB: four times that
    /// is room enough. A regular file is refused by its size before anything is read; a pipe
    /// as soon as more than this arrives.
    public static let maxBytes = 256 << 20

    public static func read(path: String) throws(Port0Error) -> [UInt8] {
        let failed = { (error: Errno) in Port0Error.invalidListing(path: path, reason: error.message) }
        let fd: FileDescriptor
        do { fd = path == "-" ? .standardInput : try .open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK) } catch {
            throw failed(error)
        }
        defer { if fd != .standardInput { try? fd.close() } }
        var status = stat()
        guard fstat(fd.rawValue, &status) == 0 else { throw failed(.current) }
        let type = status.st_mode & S_IFMT
        guard type == S_IFREG || type == S_IFIFO || type == S_IFSOCK || (fd == .standardInput && type == S_IFCHR) else {
            throw .invalidListing(
                path: path, reason: type == S_IFDIR ? "is a directory" : "not a regular file or a pipe")
        }
        if type == S_IFREG && Int(status.st_size) > maxBytes {
            throw .invalidListing(
                path: path, reason: "\(status.st_size) bytes, larger than the \(maxBytes >> 20) MiB a listing may have")
        }
        // Blocking again: O_NONBLOCK only kept opening a FIFO without a writer from hanging.
        if fd != .standardInput { _ = fcntl(fd.rawValue, F_SETFL, 0) }
        let bytes: [UInt8]
        do {
            bytes = try fd.readAll(limit: maxBytes, reservingCapacity: type == S_IFREG ? Int(status.st_size) : 0)
        } catch {
            throw failed(error)
        }
        guard bytes.count <= maxBytes else {
            throw .invalidListing(path: path, reason: "larger than the \(maxBytes >> 20) MiB a listing may have")
        }
        return bytes
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Reads a saved listing for `plan --live`: a regular file, a pipe, or `-` for standard
/// input (`ssh edge1 nft -j list ruleset | port0 plan --live -`), at most `maxBytes`.
public enum ListingFile {
    /// `nft -j list ruleset` with a million exempt prefixes is about 50 MB: four times that
    /// is room enough. A regular file is refused by its size before anything is read; a pipe
    /// as soon as more than this arrives.
    public static let maxBytes = 256 << 20

    public static func read(path: String) throws(Port0Error) -> [UInt8] {
        let fd = path == "-" ? 0 : open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { throw .invalidListing(path: path, reason: String(cString: strerror(errno))) }
        defer { if fd != 0 { close(fd) } }
        var status = stat()
        guard fstat(fd, &status) == 0 else {
            throw .invalidListing(path: path, reason: String(cString: strerror(errno)))
        }
        let type = status.st_mode & S_IFMT
        guard type == S_IFREG || type == S_IFIFO || type == S_IFSOCK || (fd == 0 && type == S_IFCHR) else {
            throw .invalidListing(
                path: path, reason: type == S_IFDIR ? "is a directory" : "not a regular file or a pipe")
        }
        if type == S_IFREG && Int(status.st_size) > maxBytes {
            throw .invalidListing(
                path: path, reason: "\(status.st_size) bytes, larger than the \(maxBytes >> 20) MiB a listing may have")
        }
        // Blocking again: O_NONBLOCK only kept opening a FIFO without a writer from hanging.
        if fd != 0 { _ = fcntl(fd, F_SETFL, 0) }
        var bytes: [UInt8] = []
        if type == S_IFREG { bytes.reserveCapacity(Int(status.st_size)) }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .invalidListing(path: path, reason: String(cString: strerror(errno)))
            }
            if count == 0 { break }
            guard bytes.count + count <= maxBytes else {
                throw .invalidListing(path: path, reason: "larger than the \(maxBytes >> 20) MiB a listing may have")
            }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return bytes
    }
}

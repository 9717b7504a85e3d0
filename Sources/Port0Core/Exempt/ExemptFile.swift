#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Reads an `--exempt-file`: one prefix per line; `#` starts a comment; blank lines, CRLF
/// line ends and surrounding spaces or tabs are ignored. Any bad line fails the whole file,
/// naming its line number, so a typo never exempts less than the operator believes.
enum ExemptFile {
    static func read(path: String) throws(Port0Error) -> [Prefix] {
        let bytes = try readBytes(path: path)
        var prefixes: [Prefix] = []
        var lineNumber = 0
        var start = 0
        while start < bytes.count {
            lineNumber += 1
            let newline = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
            var line = bytes[start..<newline]
            start = newline + 1
            if let hash = line.firstIndex(of: UInt8(ascii: "#")) { line = line[..<hash] }
            let blank: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0d }
            while let first = line.first, blank(first) { line = line.dropFirst() }
            while let last = line.last, blank(last) { line = line.dropLast() }
            if line.isEmpty { continue }
            switch line.withUnsafeBufferPointer({ Prefix.parse(utf8: $0) }) {
            case .success(let prefix): prefixes.append(prefix)
            case .failure(let error):
                let text = String(decoding: line, as: UTF8.self)
                throw .invalidFileLine(path: path, line: lineNumber, value: text, expected: error.expected)
            }
        }
        return prefixes
    }

    /// Far above any real list (1,000,000 IPv6 prefixes with comments is ~60 MB); stops
    /// `--exempt-file /dev/zero`-style mistakes from eating memory.
    static let maxBytes = 256 << 20

    static func readBytes(path: String) throws(Port0Error) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { throw .unreadableFile(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        // A regular file, or a pipe such as `--exempt-file <(generate-list)`; not a
        // directory or a device.
        var status = stat()
        guard fstat(fd, &status) == 0 else {
            throw .unreadableFile(path: path, reason: String(cString: strerror(errno)))
        }
        let type = status.st_mode & S_IFMT
        guard type == S_IFREG || type == S_IFIFO else {
            throw .unreadableFile(
                path: path, reason: type == S_IFDIR ? "is a directory" : "not a regular file or a pipe")
        }
        // Blocking again for pipes: O_NONBLOCK was only there so opening a FIFO without a
        // writer cannot hang before the check.
        _ = fcntl(fd, F_SETFL, 0)
        var bytes: [UInt8] = []
        if type == S_IFREG { bytes.reserveCapacity(min(Int(status.st_size), maxBytes)) }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .unreadableFile(path: path, reason: String(cString: strerror(errno)))
            }
            if count == 0 { break }
            guard bytes.count + count <= maxBytes else {
                throw .unreadableFile(path: path, reason: "larger than \(maxBytes >> 20) MiB")
            }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return bytes
    }
}

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
        for rawLine in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            var line = rawLine[...]
            if let hash = line.firstIndex(of: UInt8(ascii: "#")) { line = line[..<hash] }
            let blank: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0d }
            while let first = line.first, blank(first) { line = line.dropFirst() }
            while let last = line.last, blank(last) { line = line.dropLast() }
            if line.isEmpty { continue }
            switch line.withUnsafeBufferPointer({ Prefix.parse(bytes: $0) }) {
            case .success(let prefix): prefixes.append(prefix)
            case .failure(let error):
                let text = String(decoding: line, as: UTF8.self)
                throw .invalidFileLine(path: path, line: lineNumber, value: text, expected: error.expected)
            }
        }
        return prefixes
    }

    private static func readBytes(path: String) throws(Port0Error) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .unreadableFile(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .unreadableFile(path: path, reason: String(cString: strerror(errno)))
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return bytes
    }
}

import Port0System

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Reads an `--exempt-file`: one prefix per line; `#` starts a comment; blank lines, CRLF
/// line ends and surrounding spaces or tabs are ignored. Any bad line fails the whole file,
/// naming its line number, so a typo never exempts less than the operator believes.
enum ExemptFile {
    static func read(path: String, allowWholeFamily: Bool = false, timeout: Int = defaultTimeout) throws(Port0Error)
        -> [Prefix]
    {
        let bytes = try readBytes(path: path, timeout: timeout)
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
            case .success(let prefix):
                if !allowWholeFamily && prefix.coversWholeFamily {
                    throw .invalidFileLine(
                        path: path, line: lineNumber, value: String(decoding: line, as: UTF8.self),
                        expected: prefix.wholeFamilyExpected)
                }
                prefixes.append(prefix)
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

    /// Seconds a pipe or FIFO may take to get a writer and reach end-of-file: long enough for
    /// a generator (`--exempt-file <(fetch-list)`), short enough that a boot never stalls on
    /// a FIFO nobody writes.
    public static let defaultTimeout = 30

    static func readBytes(path: String, timeout: Int) throws(Port0Error) -> [UInt8] {
        let failed = { (error: Errno) in Port0Error.unreadableFile(path: path, reason: error.message) }
        let file: FileDescriptor
        do { file = try .open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK) } catch { throw failed(error) }
        defer { try? file.close() }
        let fd = file.rawValue
        // A regular file, or a pipe such as `--exempt-file <(generate-list)`; not a
        // directory or a device.
        var status = stat()
        guard fstat(fd, &status) == 0 else { throw failed(.current) }
        let type = status.st_mode & S_IFMT
        guard type == S_IFREG || type == S_IFIFO else {
            throw .unreadableFile(
                path: path, reason: type == S_IFDIR ? "is a directory" : "not a regular file or a pipe")
        }
        // Pipes stay non-blocking: a FIFO with no writer yet reads as end-of-file at once, so
        // the reader polls, until the writer has come and gone, or the timeout.
        let isPipe = type == S_IFIFO
        let deadline = SystemClock.monotonic + Double(timeout)
        var writerSeen = false
        var bytes: [UInt8] = []
        if type == S_IFREG { bytes.reserveCapacity(min(Int(status.st_size), maxBytes)) }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            if isPipe {
                let remaining = deadline - SystemClock.monotonic
                var event = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                let ready = remaining > 0 ? poll(&event, 1, Int32(min(remaining * 1000 + 1, 1_000_000))) : 0
                if ready < 0 && errno == EINTR { continue }
                if ready == 0 {
                    throw .unreadableFile(
                        path: path,
                        reason: writerSeen
                            ? "the pipe's writer did not finish within \(timeout) s (--input-timeout)"
                            : "nothing arrived within \(timeout) s: no writer opened the pipe, or it wrote nothing and did not close it (--input-timeout)"
                    )
                }
                // Linux reports POLLHUP only once a writer has come and gone.
                if event.revents & Int16(POLLHUP) != 0 { writerSeen = true }
            }
            let count: Int
            do { count = try file.read(into: &chunk) } catch {
                if error == .wouldBlock { continue }
                throw failed(error)
            }
            if count > 0 { writerSeen = true }
            // End-of-file of a pipe counts only after a writer was there (POLLHUP or data).
            if count == 0 && isPipe && !writerSeen { continue }
            if count == 0 { break }
            guard bytes.count + count <= maxBytes else {
                throw .unreadableFile(path: path, reason: "larger than \(maxBytes >> 20) MiB")
            }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return bytes
    }
}

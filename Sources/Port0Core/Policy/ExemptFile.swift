import Glibc
import Port0System

/// Reads an `--exempt-file`: one prefix per line; `#` starts a comment; blank lines, CRLF
/// line ends and surrounding spaces or tabs are ignored. Any bad line fails the whole file,
/// naming its line number, so a typo never exempts less than the operator believes.
enum ExemptFile {
    /// Calls `each` with every prefix of the file in order. The file is read and parsed a
    /// chunk at a time: a list of a million lines is never held whole.
    static func read(
        path: String, allowWholeFamily: Bool = false, timeout: Int = defaultTimeout,
        each: (Prefix) -> Void
    ) throws(Port0Error) {
        var lineNumber = 0
        func parse(_ whole: UnsafeBufferPointer<UInt8>) throws(Port0Error) {
            lineNumber += 1
            var line = whole[...]
            if let hash = line.firstIndex(of: UInt8(ascii: "#")) { line = line[..<hash] }
            let blank: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0d }
            while let first = line.first, blank(first) { line = line.dropFirst() }
            while let last = line.last, blank(last) { line = line.dropLast() }
            if line.isEmpty { return }
            let bytes = UnsafeBufferPointer(rebasing: line)
            switch Prefix.parse(utf8: bytes) {
            case .success(let prefix):
                if !allowWholeFamily && prefix.coversWholeFamily {
                    throw .invalidFileLine(
                        path: path, line: lineNumber, value: String(decoding: bytes, as: UTF8.self),
                        expected: prefix.wholeFamilyExpected)
                }
                each(prefix)
            case .failure(let error):
                let text = String(decoding: bytes, as: UTF8.self)
                throw .invalidFileLine(path: path, line: lineNumber, value: text, expected: error.expected)
            }
        }
        // The start of a line that runs on into the next chunk.
        var carried: [UInt8] = []
        try readChunks(path: path, timeout: timeout) { (chunk) throws(Port0Error) in
            var start = 0
            while let newline = chunk[start...].firstIndex(of: UInt8(ascii: "\n")) {
                if carried.isEmpty {
                    try parse(UnsafeBufferPointer(rebasing: chunk[start..<newline]))
                } else {
                    carried.append(contentsOf: chunk[start..<newline])
                    try carried.withUnsafeBufferPointer { (line) throws(Port0Error) in try parse(line) }
                    carried.removeAll(keepingCapacity: true)
                }
                start = newline + 1
            }
            carried.append(contentsOf: chunk[start...])
        }
        if !carried.isEmpty {
            try carried.withUnsafeBufferPointer { (line) throws(Port0Error) in try parse(line) }
        }
    }

    /// The file's prefixes in order.
    static func read(path: String, allowWholeFamily: Bool = false, timeout: Int = defaultTimeout) throws(Port0Error)
        -> [Prefix]
    {
        var prefixes: [Prefix] = []
        try read(path: path, allowWholeFamily: allowWholeFamily, timeout: timeout) { prefixes.append($0) }
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
        var bytes: [UInt8] = []
        try readChunks(path: path, timeout: timeout) { bytes.append(contentsOf: $0) }
        return bytes
    }

    /// Reads the file (or pipe) to its end, handing `body` each chunk as it arrives.
    static func readChunks(
        path: String, timeout: Int, _ body: (UnsafeBufferPointer<UInt8>) throws(Port0Error) -> Void
    ) throws(Port0Error) {
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
        var total = 0
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
            total += count
            guard total <= maxBytes else {
                throw .unreadableFile(path: path, reason: "larger than \(maxBytes >> 20) MiB")
            }
            try chunk.withUnsafeBufferPointer { (read) throws(Port0Error) in
                try body(UnsafeBufferPointer(rebasing: read[0..<count]))
            }
        }
    }
}

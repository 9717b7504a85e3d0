/// /etc/default/port0, as `port0 guard --options-file` reads it: the same file port0.service
/// hands systemd as an EnvironmentFile. `PORT0_TABLE_OPTS` and `PORT0_OPTS` hold ruleset
/// options. Both steps follow systemd (252, systemd.exec(5) EnvironmentFile=, systemd.service(5)
/// command lines), so the guard gets the arguments port0.service's `$PORT0_OPTS` gets: the file
/// is read as systemd reads an environment file (quotes, escapes, continued lines), and a value
/// is split at whitespace with quotes respected and removed, as systemd splits an unbraced
/// `$VAR`. Other variables are ignored, as they would be by the unit.
public enum OptionsFile {
    public static let variables = ["PORT0_TABLE_OPTS", "PORT0_OPTS"]

    /// Reads the file and returns its ruleset arguments.
    public static func read(path: String) throws(Port0Error) -> [String] {
        let bytes: [UInt8]
        do {
            bytes = try ExemptFile.readBytes(path: path, timeout: ExemptFile.defaultTimeout)
        } catch .unreadableFile(_, let reason) {
            // Named as what it is, not as the exempt file whose reader it shares.
            throw .system(context: "cannot read --options-file \(Quoted(path))", reason: reason)
        } catch {
            throw error
        }
        return try arguments(String(decoding: bytes, as: UTF8.self), path: path)
    }

    /// The ruleset arguments the file gives, table options first.
    public static func arguments(_ text: String, path: String) throws(Port0Error) -> [String] {
        let values = try assignments(text, path: path)
        return variables.flatMap { values[$0].map(words) ?? [] }
    }

    /// The file's assignments, parsed as systemd parses an EnvironmentFile: `#`/`;` comment
    /// lines; an unquoted value keeps interior whitespace and quotes, `\` keeps the next
    /// character and `\` at the end of a line continues it; `'…'` is verbatim; in `"…"`, `\`
    /// before `"`, `\`, `` ` `` or `$` keeps that character, before a newline continues the
    /// line, and is kept otherwise; quoted values may span lines. A later assignment wins. A
    /// line without `=` (which systemd would skip) is refused with its number.
    static func assignments(_ text: String, path: String) throws(Port0Error) -> [String: String] {
        enum State {
            case preKey, key, preValue, value, valueEscape, single, double, doubleEscape, comment,
                commentEscape
        }
        var state = State.preKey
        var values: [String: String] = [:]
        var key = ""
        var value = ""
        var line = 1
        var keyLine = 1
        var valueEnd: String.Index? = nil  // start of the unquoted value's trailing whitespace
        func isNewline(_ c: Character) -> Bool { c == "\n" || c == "\r" }
        func isBlank(_ c: Character) -> Bool { c == " " || c == "\t" || isNewline(c) }
        func lineWithoutAssignment() -> Port0Error {
            .invalidValue(
                option: "--options-file", value: "\(path) line \(keyLine): \(key)",
                expected: "VAR=\"value\" lines and '#' comments (the /etc/default/port0 format)")
        }
        func push() {
            if state == .value, let end = valueEnd { value = String(value[..<end]) }
            values[String(key.reversed().drop(while: isBlank).reversed())] = value
            key = ""
            value = ""
        }
        // Unicode scalars, so that "\r\n" is two newline characters as for systemd.
        for scalar in text.unicodeScalars {
            let c = Character(scalar)
            if scalar == "\n" { line += 1 }
            switch state {
            case .preKey:
                if c == "#" || c == ";" {
                    state = .comment
                } else if !isBlank(c) {
                    state = .key
                    key = String(c)
                    keyLine = line
                }
            case .key:
                if isNewline(c) {
                    throw lineWithoutAssignment()
                } else if c == "=" {
                    state = .preValue
                    value = ""
                    valueEnd = nil
                } else {
                    key.append(c)
                }
            case .preValue:
                if isNewline(c) {
                    push()
                    state = .preKey
                } else if c == "'" {
                    state = .single
                } else if c == "\"" {
                    state = .double
                } else if c == "\\" {
                    state = .valueEscape
                } else if !isBlank(c) {
                    state = .value
                    value.append(c)
                }
            case .value:
                if isNewline(c) {
                    push()
                    state = .preKey
                } else if c == "\\" {
                    state = .valueEscape
                    valueEnd = nil
                } else {
                    if !isBlank(c) {
                        valueEnd = nil
                    } else if valueEnd == nil {
                        valueEnd = value.endIndex
                    }
                    value.append(c)
                }
            case .valueEscape:
                state = .value
                if !isNewline(c) { value.append(c) }
            case .single:
                if c == "'" { state = .preValue } else { value.append(c) }
            case .double:
                if c == "\"" {
                    state = .preValue
                } else if c == "\\" {
                    state = .doubleEscape
                } else {
                    value.append(c)
                }
            case .doubleEscape:
                state = .double
                if "\"\\`$".contains(c) {
                    value.append(c)
                } else if c != "\n" {
                    value.append("\\")
                    value.append(c)
                }
            case .comment:
                if c == "\\" {
                    state = .commentEscape
                } else if isNewline(c) {
                    state = .preKey
                }
            case .commentEscape:
                state = .comment
            }
        }
        switch state {
        case .preKey, .comment, .commentEscape: break
        case .key:
            throw lineWithoutAssignment()
        default: push()
        }
        return values
    }

    /// A value split into arguments as systemd splits an unbraced `$VAR` on a command line
    /// (extract_first_word with EXTRACT_RELAX|EXTRACT_UNQUOTE): at whitespace outside quotes,
    /// quotes removed, `\` keeping the next character; `''` is an empty argument.
    static func words(_ value: String) -> [String] {
        var words: [String] = []
        var word: String? = nil  // nil between words; "" once a word has begun
        var quote: Character? = nil
        var escaped = false
        for scalar in value.unicodeScalars {
            let c = Character(scalar)
            if escaped {
                word = (word ?? "") + String(c)
                escaped = false
            } else if c == "\\" {
                escaped = true
                word = word ?? ""
            } else if let open = quote {
                if c == open { quote = nil } else { word = (word ?? "") + String(c) }
            } else if c == "'" || c == "\"" {
                quote = c
                word = word ?? ""
            } else if c == " " || c == "\t" || c == "\n" || c == "\r" {
                if let done = word { words.append(done) }
                word = nil
            } else {
                word = (word ?? "") + String(c)
            }
        }
        if let done = word { words.append(done) }
        return words
    }
}

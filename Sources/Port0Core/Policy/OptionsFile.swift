/// /etc/default/port0, as `port0 guard --options-file` reads it: the same file port0.service
/// hands systemd as an EnvironmentFile. `PORT0_TABLE_OPTS` and `PORT0_OPTS` hold ruleset
/// options; values are split at whitespace into arguments, exactly as systemd splits an
/// unbraced `$VAR`. Other variables are ignored, as they would be by the unit.
public enum OptionsFile {
    public static let variables = ["PORT0_TABLE_OPTS", "PORT0_OPTS"]

    /// Reads the file and returns its ruleset arguments.
    public static func read(path: String) throws(Port0Error) -> [String] {
        let bytes = try ExemptFile.readBytes(path: path, timeout: ExemptFile.defaultTimeout)
        return try arguments(String(decoding: bytes, as: UTF8.self), path: path)
    }

    /// The ruleset arguments the file gives, table options first.
    public static func arguments(_ text: String, path: String) throws(Port0Error) -> [String] {
        var values: [String: String] = [:]
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = String(rawLine).trimmingWhitespace
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            guard let eq = line.firstIndex(of: "=") else {
                throw .invalidValue(
                    option: "--options-file", value: "\(path) line \(index + 1): \(line)",
                    expected: "VAR=\"value\" lines and '#' comments (the /etc/default/port0 format)")
            }
            let key = String(line[..<eq]).trimmingWhitespace
            var value = String(line[line.index(after: eq)...]).trimmingWhitespace
            if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
                value = String(value.dropFirst().dropLast())
            }
            values[key] = value
        }
        return variables.flatMap { values[$0].map { $0.split(whereSeparator: \.isWhitespace).map(String.init) } ?? [] }
    }
}

extension String {
    fileprivate var trimmingWhitespace: String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}

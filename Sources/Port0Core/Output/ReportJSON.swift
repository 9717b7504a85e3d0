/// Just enough JSON for port0's reports (`apply --json`, `plan`/`status --format json`):
/// objects keep their key order, output is one line.
public indirect enum ReportJSON: Sendable {
    case string(String)
    case number(UInt64)
    case bool(Bool)
    case array([ReportJSON])
    case object([(String, ReportJSON)])

    public var text: String {
        switch self {
        case .string(let value): return Self.quoted(value)
        case .number(let value): return String(value)
        case .bool(let value): return value ? "true" : "false"
        case .array(let values): return "[" + values.map(\.text).joined(separator: ", ") + "]"
        case .object(let members):
            return "{" + members.map { "\(Self.quoted($0.0)): \($0.1.text)" }.joined(separator: ", ") + "}"
        }
    }

    static func quoted(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case _ where scalar.value < 0x20 || scalar.value == 0x7f:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

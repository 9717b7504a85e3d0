/// A JSON value whose objects keep their keys in the order written, so output is
/// byte-for-byte deterministic (Foundation's JSONSerialization does not promise an order).
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int64)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.int(let x), .int(let y)): return x == y
        case (.string(let x), .string(let y)): return x == y
        case (.array(let x), .array(let y)): return x == y
        case (.object(let x), .object(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    /// `{"key": value}`, the shape most of nft's JSON nests in.
    public static func single(_ key: String, _ value: JSONValue) -> JSONValue { .object([(key, value)]) }

    /// Compact JSON text (no spaces), as `nft -j` prints it.
    public var text: String {
        var out = ""
        write(to: &out)
        return out
    }

    /// One line with a space after each `,` and `:`: port0's own reports (`apply --json`,
    /// `plan`/`status --format json`), easier on the eye in a terminal or a log.
    public var spacedText: String {
        var out = ""
        write(to: &out, spaced: true)
        return out
    }

    public func write(to out: inout String, spaced: Bool = false) {
        let comma = spaced ? ", " : ","
        switch self {
        case .null: out += "null"
        case .bool(let value): out += value ? "true" : "false"
        case .int(let value): out += String(value)
        case .string(let value): Self.writeString(value, to: &out)
        case .array(let values):
            out += "["
            for (index, value) in values.enumerated() {
                if index > 0 { out += comma }
                value.write(to: &out, spaced: spaced)
            }
            out += "]"
        case .object(let members):
            out += "{"
            for (index, (key, value)) in members.enumerated() {
                if index > 0 { out += comma }
                Self.writeString(key, to: &out)
                out += spaced ? ": " : ":"
                value.write(to: &out, spaced: spaced)
            }
            out += "}"
        }
    }

    /// RFC 8259 string escaping: `"`, `\` and every control character (U+0000–U+001F, and
    /// DEL) are escaped; other characters are written as UTF-8, which Swift strings always are.
    static func writeString(_ value: String, to out: inout String) {
        out += "\""
        // Almost every string (names, addresses) needs no escape: append it whole.
        guard value.utf8.contains(where: needsEscape) else {
            out += value
            out += "\""
            return
        }
        var plainStart = value.utf8.startIndex
        let utf8 = value.utf8
        var index = utf8.startIndex
        while index != utf8.endIndex {
            let byte = utf8[index]
            if needsEscape(byte) {
                out += value[plainStart..<index]
                switch byte {
                case 0x22: out += "\\\""
                case 0x5c: out += "\\\\"
                case 0x0a: out += "\\n"
                case 0x0d: out += "\\r"
                case 0x09: out += "\\t"
                default:
                    let hex = String(byte, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                }
                plainStart = utf8.index(after: index)
            }
            index = utf8.index(after: index)
        }
        out += value[plainStart..<utf8.endIndex]
        out += "\""
    }

    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte == 0x22 || byte == 0x5c || byte < 0x20 || byte == 0x7f
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
}

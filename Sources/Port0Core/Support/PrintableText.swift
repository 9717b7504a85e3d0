/// The one escaper for text port0 prints that it did not write itself: values users gave,
/// names and comments read from the kernel (another tool may have put anything there), the
/// argument parser's messages. `\`, newline, carriage return and tab print as C escapes,
/// every other control or non-ASCII character as `\u{…}`, so that a newline cannot split or
/// forge a line and a bidi mark or a look-alike cannot disguise one.
public enum PrintableText {
    /// `quote`, when given, is escaped too (the caller prints the text inside it). After
    /// `limit` characters the rest is cut, with the full size noted.
    public static func escaped(_ text: String, quote: Unicode.Scalar? = nil, limit: Int = .max) -> String {
        var out = ""
        for (count, scalar) in text.unicodeScalars.enumerated() {
            if count == limit { return out + "…(\(text.utf8.count) bytes)" }
            switch scalar {
            case "\\": out += "\\\\"
            case _ where scalar == quote: out += "\\" + String(scalar)
            case " "..."~": out.unicodeScalars.append(scalar)
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default: out += "\\u{\(String(scalar.value, radix: 16))}"
            }
        }
        return out
    }
}

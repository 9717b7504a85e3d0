/// Names, comments and prefixes read from the kernel can hold anything another tool put
/// there. Before they are printed, control and non-ASCII characters are escaped so that a
/// newline cannot split a diff line and a bidi mark cannot disguise one.
enum PrintableText {
    static func escaped(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case " "..."~": out.unicodeScalars.append(scalar)
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default: out += "\\u{\(String(scalar.value, radix: 16))}"
            }
        }
        return out
    }
}

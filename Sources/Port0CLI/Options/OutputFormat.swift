import Port0Core

/// Checks a `--format` value against the formats a command offers, with port0's one-line error.
func checkedFormat(_ text: String, _ accepted: [String]) throws(Port0Error) -> String {
    guard accepted.contains(text) else {
        throw .invalidValue(option: "--format", value: text, expected: accepted.joined(separator: ", "))
    }
    return text
}

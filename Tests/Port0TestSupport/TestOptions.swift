import Port0Core

extension [ExemptPrefix] {
    /// `--exempt` values written in a test; one that does not parse is a mistake in the test.
    public static func parsing(_ texts: [String]) -> Self {
        texts.map { try! ExemptPrefix(parsing: $0) }
    }
}

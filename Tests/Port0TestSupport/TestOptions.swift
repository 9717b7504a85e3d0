import Port0Core

extension [ExemptPrefix] {
    /// `--exempt` values written in a test; one that does not parse is a mistake in the test.
    public static func parsing(_ texts: [String]) -> Self {
        texts.map { try! ExemptPrefix(parsing: $0) }
    }
}

extension RulesetOptions {
    /// The edge profile on eth0 (ingress only).
    public static let edge = RulesetOptions().with {
        $0.profile = .edge
        $0.devices = ["eth0"]
    }

    /// These options with what a test changes.
    public func with(_ change: (inout Self) throws -> Void) rethrows -> Self {
        var options = self
        try change(&options)
        return options
    }
}

extension Table {
    /// The builder's table for `options` with what a test changes.
    public static func built(
        _ options: RulesetOptions = RulesetOptions(), with change: (inout RulesetOptions) throws -> Void = { _ in }
    ) throws -> Table {
        try RulesetBuilder.build(options.with(change))
    }
}

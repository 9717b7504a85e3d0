/// What a convergent apply did.
public struct ApplyOutcome: Sendable, Equatable {
    /// false: the live table already was the desired one and nothing was committed.
    public var changed: Bool
    public var summary: ApplySummary
    /// 1, or more when a concurrent ruleset change made the kernel refuse a commit.
    public var attempts: Int

    /// `applied table inet port0: …` or `unchanged table inet port0: …`
    public var line: String { "\(changed ? "applied" : "unchanged") \(summary.line)" }

    /// `{"changed": true, "table": "inet port0", "chains": 6, "rules": 18, "set_elements": 0}`
    public var json: String {
        JSONValue.object([
            ("changed", .bool(changed)), ("table", .string(summary.table)), ("chains", .int(Int64(summary.chains))),
            ("rules", .int(Int64(summary.rules))), ("set_elements", .int(Int64(summary.setElements))),
        ]).spacedText
    }
}

/// What a replace installed: the one-line summary `apply` prints.
public struct ApplySummary: Sendable, Equatable, Codable {
    public var table: String
    public var chains: Int
    public var rules: Int
    public var setElements: Int

    public init(table: Table) {
        self.table = "\(table.family.rawValue) \(table.name)"
        chains = table.chains.count
        rules = table.ruleCount
        setElements = table.setElementCount
    }

    public var line: String {
        "table \(table): \(chains) chains, \(rules) rules, \(setElements) set elements"
    }
}

/// Each ruleset option's value parsed from its text, or refused in one line naming the value
/// and what is accepted. The CLI parses with these (so does the guard's options file, through
/// the CLI); what depends on other options is checked by the builder (`OptionChecks`).
public enum OptionValue {
    public static func profile(_ text: String) throws(Port0Error) -> Profile {
        try parsed(Profile(rawValue: text), "--profile", text, "host or edge")
    }

    public static func table(_ text: String) throws(Port0Error) -> String {
        try parsed(NameRules.isValidTableName(text) ? text : nil, "--table", text, NameRules.tableExpected)
    }

    public static func device(_ text: String) throws(Port0Error) -> String {
        try parsed(NameRules.isValidDeviceName(text) ? text : nil, "--device", text, NameRules.deviceExpected)
    }

    /// A hook of `profile`'s family.
    public static func hook(_ text: String, profile: Profile) throws(Port0Error) -> Hook {
        let family = profile.family
        return try parsed(
            Hook(rawValue: text).flatMap { $0.family == family ? $0 : nil }, "--hook", text,
            "\(family == .inet ? "an" : "a") \(family.rawValue) hook for --profile \(profile.rawValue): \(family.hooks.map(\.rawValue).joined(separator: ", "))"
        )
    }

    public static func action(_ text: String) throws(Port0Error) -> Action {
        try parsed(Action(rawValue: text), "--action", text, "drop or reject")
    }

    public static func logPrefix(_ text: String) throws(Port0Error) -> String {
        try parsed(NameRules.isValidLogPrefix(text) ? text : nil, "--log-prefix", text, NameRules.logPrefixExpected)
    }

    public static func logRate(_ text: String) throws(Port0Error) -> LogRate {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        let rate = number(parts[0], in: UInt64(1)...1_000_000).flatMap { count in
            parts.count == 2 ? LogRate.Unit(rawValue: String(parts[1])).map { LogRate(count: count, unit: $0) } : nil
        }
        return try parsed(rate, "--log-rate", text, "N/second, N/minute or N/hour with N from 1 to 1000000")
    }

    public static func logGroup(_ text: String) throws(Port0Error) -> UInt16 {
        try parsed(number(text, in: .min ... .max), "--log-group", text, "an NFLOG group number from 0 to 65535")
    }

    public static func logSnaplen(_ text: String) throws(Port0Error) -> UInt32 {
        try parsed(
            number(text, in: 1...65_535), "--log-snaplen", text, "a number of bytes from 1 to 65535 to copy per packet")
    }

    /// "default" (or empty): the CLI's spelling of a bare `--track-sources`.
    public static func trackSize(_ text: String) throws(Port0Error) -> UInt32 {
        if text.isEmpty || text == "default" { return RulesetOptions.defaultTrackSize }
        return try parsed(
            number(text, in: 1...RulesetOptions.maxTrackSize), "--track-sources", text,
            "a set size from 1 to \(RulesetOptions.maxTrackSize) sources per address family (default \(RulesetOptions.defaultTrackSize))"
        )
    }

    public static func inputTimeout(_ text: String) throws(Port0Error) -> Int {
        try parsed(number(text, in: 1...86_400), "--input-timeout", text, "whole seconds from 1 to 86400")
    }

    /// `all` (true) inspects VLAN, PPPoE and MPLS frames, `none` plain IP only.
    public static func encap(_ text: String) throws(Port0Error) -> Bool {
        try parsed(["all": true, "none": false][text], "--encap", text, "all or none")
    }

    private static func parsed<T>(_ value: T?, _ option: String, _ text: String, _ expected: String)
        throws(Port0Error) -> T
    {
        guard let value else { throw .invalidValue(option: option, value: text, expected: expected) }
        return value
    }

    /// Decimal digits only (no sign, no spaces) within `range`.
    private static func number<T: FixedWidthInteger>(_ text: some StringProtocol, in range: ClosedRange<T>) -> T? {
        guard text.allSatisfy({ $0.isASCII && $0.isNumber }), let value = T(text), range.contains(value) else {
            return nil
        }
        return value
    }
}

/// Each ruleset option's value parsed from its text, or refused in one line naming the value
/// and what is accepted. The CLI parses with these (so does the guard's options file, through
/// the CLI); what depends on other options is checked by the builder (`OptionChecks`).
public enum OptionValue {
    public static func profile(_ text: String) throws(Port0Error) -> Profile {
        guard let profile = Profile(rawValue: text) else {
            throw .invalidValue(option: "--profile", value: text, expected: "host or edge")
        }
        return profile
    }

    public static func table(_ text: String) throws(Port0Error) -> String {
        guard NameRules.isValidTableName(text) else {
            throw .invalidValue(option: "--table", value: text, expected: NameRules.tableExpected)
        }
        return text
    }

    public static func device(_ text: String) throws(Port0Error) -> String {
        guard NameRules.isValidDeviceName(text) else {
            throw .invalidValue(option: "--device", value: text, expected: NameRules.deviceExpected)
        }
        return text
    }

    /// Any hook name; whether the profile's family has it is the builder's to check.
    public static func hook(_ text: String) throws(Port0Error) -> Hook {
        guard let hook = Hook(rawValue: text) else {
            let names = { (family: Family) in family.hooks.map(\.rawValue).joined(separator: ", ") }
            throw .invalidValue(
                option: "--hook", value: text,
                expected: "an inet hook (\(names(.inet))) or a netdev hook (\(names(.netdev)))")
        }
        return hook
    }

    public static func action(_ text: String) throws(Port0Error) -> Action {
        guard let action = Action(rawValue: text) else {
            throw .invalidValue(option: "--action", value: text, expected: "drop or reject")
        }
        return action
    }

    public static func logPrefix(_ text: String) throws(Port0Error) -> String {
        guard NameRules.isValidLogPrefix(text) else {
            throw .invalidValue(option: "--log-prefix", value: text, expected: NameRules.logPrefixExpected)
        }
        return text
    }

    public static func logRate(_ text: String) throws(Port0Error) -> LogRate {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let count = number(parts[0], in: UInt64(1)...1_000_000),
            let unit = LogRate.Unit(rawValue: String(parts[1]))
        else {
            throw .invalidValue(
                option: "--log-rate", value: text, expected: "N/second, N/minute or N/hour with N from 1 to 1000000")
        }
        return LogRate(count: count, unit: unit)
    }

    public static func logGroup(_ text: String) throws(Port0Error) -> UInt16 {
        guard let group = number(text, in: UInt16.min...UInt16.max) else {
            throw .invalidValue(option: "--log-group", value: text, expected: "an NFLOG group number from 0 to 65535")
        }
        return group
    }

    public static func logSnaplen(_ text: String) throws(Port0Error) -> UInt32 {
        guard let length = number(text, in: UInt32(1)...65_535) else {
            throw .invalidValue(
                option: "--log-snaplen", value: text, expected: "a number of bytes from 1 to 65535 to copy per packet")
        }
        return length
    }

    /// "default" (or empty): the CLI's spelling of a bare `--track-sources`.
    public static func trackSize(_ text: String) throws(Port0Error) -> UInt32 {
        if text.isEmpty || text == "default" { return RulesetOptions.defaultTrackSize }
        guard let size = number(text, in: 1...RulesetOptions.maxTrackSize) else {
            throw .invalidValue(
                option: "--track-sources", value: text,
                expected:
                    "a set size from 1 to \(RulesetOptions.maxTrackSize) sources per address family (default \(RulesetOptions.defaultTrackSize))"
            )
        }
        return size
    }

    public static func inputTimeout(_ text: String) throws(Port0Error) -> Int {
        guard let seconds = number(text, in: 1...86_400) else {
            throw .invalidValue(option: "--input-timeout", value: text, expected: "whole seconds from 1 to 86400")
        }
        return seconds
    }

    /// `all` inspects VLAN, PPPoE and MPLS frames, `none` plain IP only.
    public static func encap(_ text: String) throws(Port0Error) -> Bool {
        guard text == "all" || text == "none" else {
            throw .invalidValue(option: "--encap", value: text, expected: "all or none")
        }
        return text == "all"
    }

    /// Decimal digits only (no sign, no spaces) within `range`.
    static func number<T: FixedWidthInteger>(_ text: some StringProtocol, in range: ClosedRange<T>) -> T? {
        guard text.allSatisfy({ $0.isASCII && $0.isNumber }), let value = T(text), range.contains(value) else {
            return nil
        }
        return value
    }
}

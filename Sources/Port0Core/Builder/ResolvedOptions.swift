/// `RulesetOptions` checked and turned into typed values. Every refusal names the value
/// and what is accepted, before anything is written or sent.
struct ResolvedOptions {
    var profile: Profile
    var hooks: [Hook]
    var devices: [String]
    var priority: ChainPriority
    var table: String
    var action: Action
    var log: (prefix: String?, rate: LogRate)?
    var counters: Bool
    var exempt: [IPVersion: [AddressRange]]
    /// Edge: look into VLAN, PPPoE and MPLS frames.
    var encap: Bool
    /// `--log-group`: NFLOG group and optional snaplen (with `log` set: rate and prefix).
    var logGroup: (group: UInt16, snaplen: UInt32?)?
    /// `--track-sources`: elements per address family.
    var trackSources: UInt32?

    static let defaultLogRate = LogRate(count: 10, unit: .minute)
    /// 65,536 sources per family: a full IPv4 set costs a few MB of kernel memory (about
    /// 100 bytes an element with its counter and timeout) and reads back in well under 0.2 s.
    static let defaultTrackSize: UInt32 = 65_536
    static let maxTrackSize: UInt32 = 1_048_576
    /// A source not seen for an hour is forgotten: long enough to span a scan, short enough
    /// that a full set makes room again within the hour.
    static let trackTimeoutSeconds: UInt32 = 3_600

    init(_ options: RulesetOptions) throws(Port0Error) {
        profile = try Self.profile(options.profile)
        table = try Self.tableName(options.table)
        devices = try Self.devices(options.devices, profile: profile)
        hooks = try Self.hooks(options.hooks, egress: options.egress, profile: profile)
        priority = try Self.priority(options.priority, profile: profile, hooks: hooks)
        action = try Self.action(options.action, hooks: hooks)
        counters = options.counters
        if let text = options.logGroup {
            logGroup = (try Self.logGroup(text), try options.logSnaplen.map(Self.logSnaplen))
        } else if let text = options.logSnaplen {
            throw .invalidCombination(
                "--log-snaplen \(Quoted(text)) needs --log-group: the kernel log takes no snaplen, only NFLOG does")
        }
        if let text = options.trackSources { trackSources = try Self.trackSize(text) }
        if options.log || options.logPrefix != nil || options.logRate != nil || logGroup != nil {
            log = (
                try options.logPrefix.map(Self.logPrefix), try options.logRate.map(Self.logRate) ?? Self.defaultLogRate
            )
        }
        let timeout = try options.inputTimeout.map(Self.inputTimeout) ?? ExemptFile.defaultTimeout
        exempt = try Self.exempt(
            options.exempt, files: options.exemptFiles, allowAll: options.allowExemptAll, timeout: timeout)
        encap = try Self.encap(options.encap, profile: profile)
    }

    static func encap(_ text: String?, profile: Profile) throws(Port0Error) -> Bool {
        guard let text else { return profile == .edge }
        guard text == "all" || text == "none" else {
            throw .invalidValue(option: "--encap", value: text, expected: "all or none")
        }
        if text == "all" && profile != .edge {
            throw .invalidCombination(
                "--encap all inspects VLAN, PPPoE and MPLS frames in netdev chains: it needs --profile edge")
        }
        return text == "all"
    }

    static func profile(_ text: String) throws(Port0Error) -> Profile {
        guard let profile = Profile(rawValue: text) else {
            throw .invalidValue(option: "--profile", value: text, expected: "host or edge")
        }
        return profile
    }

    static func tableName(_ text: String) throws(Port0Error) -> String {
        guard NameRules.isValidTableName(text) else {
            throw .invalidValue(option: "--table", value: text, expected: NameRules.tableExpected)
        }
        return text
    }

    static func devices(_ names: [String], profile: Profile) throws(Port0Error) -> [String] {
        if profile == .host {
            guard names.isEmpty else {
                throw .invalidCombination("--device binds netdev chains: it needs --profile edge")
            }
            return []
        }
        guard !names.isEmpty else {
            throw .invalidCombination("--profile edge needs at least one --device IFNAME (the link to protect)")
        }
        for name in names where !NameRules.isValidDeviceName(name) {
            throw .invalidValue(option: "--device", value: name, expected: NameRules.deviceExpected)
        }
        return Array(Set(names)).sorted()
    }

    static func hooks(_ texts: [String], egress: Bool, profile: Profile) throws(Port0Error) -> [Hook] {
        let family = profile.family
        let accepted = family.hooks.map(\.rawValue).joined(separator: ", ")
        if egress && profile != .edge {
            throw .invalidCombination("--egress adds a netdev egress chain: it needs --profile edge")
        }
        var hooks = texts.isEmpty ? profile.defaultHooks : []
        for text in texts {
            guard let hook = Hook(rawValue: text), hook.family == family else {
                throw .invalidValue(
                    option: "--hook", value: text,
                    expected: "a \(family.rawValue) hook for --profile \(profile.rawValue): \(accepted)")
            }
            hooks.append(hook)
        }
        if egress { hooks.append(.egress) }
        let unique = Hook.allCases.filter(hooks.contains)
        for direction in Direction.allCases {
            let same = unique.filter { $0.direction == direction }
            if same.count > 1 {
                throw .invalidCombination(
                    "--hook \(same.map(\.rawValue).joined(separator: " and ")) both filter \(direction.rawValue) traffic; choose one"
                )
            }
        }
        return unique
    }

    static func priority(_ text: String?, profile: Profile, hooks: [Hook]) throws(Port0Error) -> ChainPriority {
        guard let text else { return profile.defaultPriority }
        let names = ChainPriority.names(family: profile.family, hook: hooks.count == 1 ? hooks[0] : nil)
        let parsed = hooks.map { ChainPriority.parse(text, family: profile.family, hook: $0) }
        guard let first = parsed.first ?? nil, parsed.allSatisfy({ $0 == first }) else {
            throw .invalidValue(
                option: "--priority", value: text,
                expected:
                    "an integer or one of \(names.map(\.name).joined(separator: ", ")) with an optional offset, e.g. 'raw - 10'"
            )
        }
        return first
    }

    static func action(_ text: String, hooks: [Hook]) throws(Port0Error) -> Action {
        guard let action = Action(rawValue: text) else {
            throw .invalidValue(option: "--action", value: text, expected: "drop or reject")
        }
        if action == .reject, let hook = hooks.first(where: { !$0.allowsReject }) {
            throw .invalidCombination(
                "--action reject is not possible in hook \(hook.rawValue): the kernel allows reject only in prerouting, input, forward, output and ingress"
            )
        }
        return action
    }

    static func logPrefix(_ text: String) throws(Port0Error) -> String {
        guard NameRules.isValidLogPrefix(text) else {
            throw .invalidValue(option: "--log-prefix", value: text, expected: NameRules.logPrefixExpected)
        }
        return text
    }

    static func logRate(_ text: String) throws(Port0Error) -> LogRate {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].allSatisfy({ $0.isASCII && $0.isNumber }), let count = UInt64(parts[0]),
            (1...1_000_000).contains(count), let unit = LogRate.Unit(rawValue: String(parts[1]))
        else {
            throw .invalidValue(
                option: "--log-rate", value: text, expected: "N/second, N/minute or N/hour with N from 1 to 1000000")
        }
        return LogRate(count: count, unit: unit)
    }

    static func logGroup(_ text: String) throws(Port0Error) -> UInt16 {
        guard text.allSatisfy({ $0.isASCII && $0.isNumber }), let group = UInt16(text) else {
            throw .invalidValue(option: "--log-group", value: text, expected: "an NFLOG group number from 0 to 65535")
        }
        return group
    }

    static func logSnaplen(_ text: String) throws(Port0Error) -> UInt32 {
        guard text.allSatisfy({ $0.isASCII && $0.isNumber }), let length = UInt32(text), (1...65_535).contains(length)
        else {
            throw .invalidValue(
                option: "--log-snaplen", value: text, expected: "a number of bytes from 1 to 65535 to copy per packet")
        }
        return length
    }

    static func trackSize(_ text: String) throws(Port0Error) -> UInt32 {
        if text.isEmpty || text == "default" { return defaultTrackSize }
        guard text.allSatisfy({ $0.isASCII && $0.isNumber }), let size = UInt32(text), (1...maxTrackSize).contains(size)
        else {
            throw .invalidValue(
                option: "--track-sources", value: text,
                expected:
                    "a set size from 1 to \(maxTrackSize) sources per address family (default \(defaultTrackSize))")
        }
        return size
    }

    static func inputTimeout(_ text: String) throws(Port0Error) -> Int {
        guard text.allSatisfy({ $0.isASCII && $0.isNumber }), let seconds = Int(text), (1...86_400).contains(seconds)
        else {
            throw .invalidValue(option: "--input-timeout", value: text, expected: "whole seconds from 1 to 86400")
        }
        return seconds
    }

    static func exempt(_ texts: [String], files: [String], allowAll: Bool, timeout: Int) throws(Port0Error)
        -> [IPVersion:
        [AddressRange]]
    {
        var prefixes: [Prefix] = []
        for text in texts {
            switch Prefix.parse(text) {
            case .success(let prefix):
                if !allowAll && prefix.coversWholeFamily {
                    throw .invalidValue(option: "--exempt", value: text, expected: prefix.wholeFamilyExpected)
                }
                prefixes.append(prefix)
            case .failure(let error): throw .invalidValue(option: "--exempt", value: text, expected: error.expected)
            }
        }
        for path in files {
            prefixes += try ExemptFile.read(path: path, allowWholeFamily: allowAll, timeout: timeout)
        }
        var byVersion: [IPVersion: [AddressRange]] = [:]
        for version in IPVersion.allCases {
            var ranges: [AddressRange] = []
            for prefix in prefixes where prefix.version == version { ranges.append(prefix.range) }
            let merged = RangeMerger.merge(ranges)
            if !allowAll, merged.count == 1, Prefix(version: version, range: merged[0]).coversWholeFamily {
                let family = version == .ipv4 ? "IPv4" : "IPv6"
                throw .invalidCombination(
                    "the exempt prefixes together cover every \(family) address, switching port0 off for \(family); narrow them (--allow-exempt-all if that is meant)"
                )
            }
            byVersion[version] = merged
        }
        return byVersion
    }
}

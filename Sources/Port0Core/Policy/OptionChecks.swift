/// How the options combine, checked before anything is written or sent; each refusal is one
/// line. Values set in code (not parsed) go through the same `OptionValue` checks here.
extension RulesetOptions {
    /// The options as the builder uses them: checked, with the profile's hooks, devices and
    /// encapsulation filled in and logging switched on by any option that implies it.
    func checked() throws(Port0Error) -> RulesetOptions {
        var options = self
        _ = try OptionValue.table(table)
        options.devices = try checkedDevices()
        options.hooks = try checkedHooks()
        if action == .reject, let hook = options.hooks.first(where: { !$0.allowsReject }) {
            throw .invalidCombination(
                "--action reject is not possible in hook \(hook.rawValue): the kernel allows reject only in prerouting, input, forward, output and ingress"
            )
        }
        if let logSnaplen, logGroup == nil {
            throw .invalidCombination(
                "--log-snaplen \(Quoted(String(logSnaplen))) needs --log-group: the kernel log takes no snaplen, only NFLOG does"
            )
        }
        if let logPrefix { _ = try OptionValue.logPrefix(logPrefix) }
        options.log = log || logPrefix != nil || logRate != nil || logGroup != nil
        if encap == true && profile != .edge {
            throw .invalidCombination(
                "--encap all inspects VLAN, PPPoE and MPLS frames in netdev chains: it needs --profile edge")
        }
        options.encap = encap ?? (profile == .edge)
        return options
    }

    /// Logging as the drop chains do it: nil when off.
    var logging: (prefix: String?, rate: LogRate)? {
        log ? (logPrefix, logRate ?? Self.defaultLogRate) : nil
    }

    private func checkedDevices() throws(Port0Error) -> [String] {
        if profile == .host {
            guard devices.isEmpty else {
                throw .invalidCombination("--device binds netdev chains: it needs --profile edge")
            }
            return []
        }
        guard !devices.isEmpty else {
            throw .invalidCombination("--profile edge needs at least one --device IFNAME (the link to protect)")
        }
        for name in devices { _ = try OptionValue.device(name) }
        let unique = Array(Set(devices)).sorted()
        // The kernel refuses a netdev chain with NFT_NETDEVICE_MAX (256) devices or more
        // (EFBIG, "File too large"): say so before anything is written or sent.
        if unique.count > Self.maxDevices {
            throw .invalidCombination(
                "--device given for \(unique.count) links: a netdev chain takes at most \(Self.maxDevices) devices (the kernel's limit); split them over tables (--table)"
            )
        }
        return unique
    }

    /// The most devices the kernel binds to one netdev base chain (NFT_NETDEVICE_MAX - 1).
    static let maxDevices = 255

    private func checkedHooks() throws(Port0Error) -> [Hook] {
        if egress && profile != .edge {
            throw .invalidCombination("--egress adds a netdev egress chain: it needs --profile edge")
        }
        for hook in hooks { _ = try OptionValue.hook(hook.rawValue, profile: profile) }
        let wanted = (hooks.isEmpty ? profile.defaultHooks : hooks) + (egress ? [.egress] : [])
        let unique = Hook.allCases.filter(wanted.contains)
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

    /// `--priority` for `hooks` (already checked): the same value in every hook, or refused.
    func chainPriority(hooks: [Hook]) throws(Port0Error) -> ChainPriority {
        guard let priority else { return profile.defaultPriority }
        let parsed = hooks.map { ChainPriority.parse(priority, family: profile.family, hook: $0) }
        guard let first = parsed.first ?? nil, parsed.allSatisfy({ $0 == first }) else {
            // The names valid in every chain's hook (nft: dstnat only in prerouting, srcnat
            // only in postrouting), and where the others are.
            let perHook = hooks.map { ChainPriority.names(family: profile.family, hook: $0).map(\.name) }
            let all = ChainPriority.names(family: profile.family, hook: nil).map(\.name)
            let common = all.filter { name in perHook.allSatisfy { $0.contains(name) } }
            let elsewhere = all.filter { !common.contains($0) }.map { name in
                let valid = profile.family.hooks.filter { hook in
                    ChainPriority.names(family: profile.family, hook: hook).contains { $0.name == name }
                }
                return "\(name) only with --hook \(valid.map(\.rawValue).joined(separator: " or ")) alone"
            }
            let limits = elsewhere.isEmpty ? "" : " (\(elsewhere.joined(separator: ", ")))"
            throw .invalidValue(
                option: "--priority", value: priority,
                expected:
                    "an integer or \(common.count == 1 ? "" : "one of ")\(common.joined(separator: ", ")) with an optional offset\(limits), e.g. '\(common.first ?? "filter") - 10'"
            )
        }
        return first
    }

    /// The `--exempt` prefixes and `--exempt-file` contents, merged per IP version. Each
    /// prefix goes straight into its version's ranges as it is read (32 bytes each; no list
    /// of prefixes, no copy of the file), and they are merged in place.
    func exemptRanges() throws(Port0Error) -> [IPVersion: [AddressRange]] {
        if exempt.isEmpty && exemptFiles.isEmpty { return [:] }
        var byVersion: [IPVersion: [AddressRange]] = [:]
        func add(_ prefix: Prefix) { byVersion[prefix.version, default: []].append(prefix.range) }
        for given in exempt {
            if !allowExemptAll && given.prefix.coversWholeFamily {
                throw .invalidValue(option: "--exempt", value: given.text, expected: given.prefix.wholeFamilyExpected)
            }
            add(given.prefix)
        }
        for path in exemptFiles {
            try ExemptFile.read(path: path, allowWholeFamily: allowExemptAll, timeout: inputTimeout) { add($0) }
        }
        for version in IPVersion.allCases {
            // Merged in place through the dictionary's own storage (the only reference: no copy).
            RangeMerger.merge(&byVersion[version, default: []])
            if !allowExemptAll, let merged = byVersion[version], merged.count == 1,
                Prefix(version: version, range: merged[0]).coversWholeFamily
            {
                let family = version == .ipv4 ? "IPv4" : "IPv6"
                throw .invalidCombination(
                    "the exempt prefixes together cover every \(family) address, switching port0 off for \(family); narrow them (--allow-exempt-all if that is meant)"
                )
            }
        }
        return byVersion
    }
}

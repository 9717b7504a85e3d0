/// The one place where port0's policy lives: options in, ruleset model out.
///
/// Shape of every table (see README, "Rule shape"): each base chain holds two rules,
/// `th dport 0 meta l4proto { tcp, udp } jump <direction>_dport` and the same for sport.
/// A benign packet fails the first 2-byte compare of each and leaves after four cheap
/// expressions. Only packets with a zero port field jump to a small regular chain that
/// lets later fragments and exempt addresses go, then logs, counts and drops.
public enum RulesetBuilder {
    public static func build(_ options: RulesetOptions) throws(Port0Error) -> Table {
        let options = try options.checked()
        let priority = try options.chainPriority(hooks: options.hooks)
        return table(options, priority, try options.exemptRanges())
    }

    /// Family and table name only: enough for `remove`, which must not need the rest.
    public static func tableIdentity(_ options: RulesetOptions) throws(Port0Error) -> (Family, String) {
        (options.profile.family, try OptionValue.table(options.table))
    }

    /// `options` as `checked()` returns them; `exempt` as `exemptRanges()` does.
    static func table(_ options: RulesetOptions, _ priority: ChainPriority, _ exempt: [IPVersion: [AddressRange]])
        -> Table
    {
        let fields: [PortField] = [.dport, .sport]
        let encap = options.encap == true
        var table = Table(
            family: options.profile.family, name: options.table,
            comment: "port0 \(Port0Version.current): drops TCP/UDP packets with source or destination port 0")
        table.sets = IPVersion.allCases.compactMap { version in
            let ranges = exempt[version] ?? []
            return ranges.isEmpty ? nil : AddressSet(name: exemptSetName(version), version: version, elements: ranges)
        }
        if encap {
            // Encapsulated frames are read with raw loads, which only an integer set takes.
            table.sets += table.sets.map {
                AddressSet(
                    name: "\($0.name)_encap", version: $0.version, elements: $0.elements,
                    rawKey: AddressSet.rawKey($0.version))
            }
        }
        if options.counters {
            table.counters = options.hooks.flatMap { hook in
                counterKinds(exempt: !table.sets.isEmpty).map {
                    NamedCounter(name: NamedCounter.name(hook.direction, $0))
                }
            }
            if encap {
                table.counters += Encapsulation.allCases.map { NamedCounter(name: $0.counterName) }
            }
        }
        table.sourceSets = SourceShards.sets(options) + SourceShards.innerSets(options)
        table.chains = options.hooks.map { hook in
            Chain(
                name: hook.rawValue,
                base: BaseChainHook(hook: hook, priority: priority, devices: options.devices),
                rules: fields.map { field in
                    Rule(
                        [.transportPortZero(field), .l4protoIn([.tcp, .udp])], [],
                        .jump(NamedCounter.name(hook.direction, field)))
                } + (encap ? [EncapChains.dispatch(hook.direction)] : []))
        }
        for hook in options.hooks {
            for field in fields {
                table.chains.append(dropChain(hook.direction, field, options, sets: table.sets))
            }
        }
        table.chains += SourceShards.chains(options)
        if encap {
            for hook in options.hooks {
                table.chains += EncapChains.chains(hook, options, sets: table.sets)
            }
        }
        return table
    }

    static func exemptSetName(_ version: IPVersion) -> String {
        version == .ipv4 ? "exempt_v4" : "exempt_v6"
    }

    /// The chain a port-0 candidate jumps to: it is already known to be TCP or UDP with a
    /// zero in `field`'s two bytes.
    private static func dropChain(
        _ direction: Direction, _ field: PortField, _ options: RulesetOptions, sets: [AddressSet]
    ) -> Chain {
        let name = NamedCounter.name(direction, field)
        var rules = passRules(direction, field, options, sets: sets)
        rules += SourceShards.dispatch(options)
        if let log = logStatements(direction, field, options) { rules.append(Rule([], log)) }
        let count: [Statement] = options.counters ? [.counter(name: name)] : []
        switch options.action {
        case .drop:
            rules.append(Rule([], count, .drop))
        case .reject:
            rules.append(Rule([.l4proto(.tcp)], count, .reject(.tcpReset)))
            rules.append(Rule([], count, .reject(.portUnreachable)))
        }
        return Chain(name: name, rules: rules)
    }

    /// The named counters of one direction: drops per field, then what its drop chains let go.
    static func counterKinds(exempt: Bool) -> [CounterKind] {
        [.dropped(.dport), .dropped(.sport), .passedFragments] + (exempt ? [.exempt] : [])
    }

    /// The rules at the top of a drop chain that let a candidate go, counted when counters are on.
    ///
    /// A later fragment has no transport header: those two bytes are payload (the kernel's
    /// fast payload path reads them anyway). It is let go, as are exempt addresses. In the
    /// sport chain a packet with a zero dport can only have come back from the dport chain
    /// (a fragment or exempt: anything else was dropped there), so it returns at once and is
    /// counted once.
    private static func passRules(
        _ direction: Direction, _ field: PortField, _ options: RulesetOptions, sets: [AddressSet]
    ) -> [Rule] {
        func counted(_ kind: CounterKind) -> [Statement] {
            options.counters ? [.counter(name: NamedCounter.name(direction, kind))] : []
        }
        var rules: [Rule] = []
        if options.counters && field == .sport {
            rules.append(Rule([.transportPortZero(.dport)], [], .return))
        }
        rules.append(Rule([.ipv4LaterFragment], counted(.passedFragments), .return))
        rules.append(Rule([.ipv6LaterFragment], counted(.passedFragments), .return))
        for set in sets where set.rawKey == nil {
            for address in [AddressField.saddr, .daddr] {
                rules.append(Rule([.addressInSet(set.version, address, set: set.name)], counted(.exempt), .return))
            }
        }
        if options.action == .reject && options.profile.family == .inet && direction != .forward {
            // A reset mirrors the ports of what it answers, so port0's own reset carries the
            // port 0 too. It leaves through the output hook and, answering a local sender,
            // comes back in on lo: let it go there, or no reset ever arrives. Resets from
            // the wire (or forwarded) with a port 0 are still dropped.
            rules.append(Rule(direction == .outbound ? [.tcpReset] : [.loopbackInput, .tcpReset], [], .return))
        }
        return rules
    }

    /// `--log`: rate-limited, to the kernel log or (`--log-group`) to an NFLOG group; the same
    /// for plain and encapsulated packets.
    static func logStatements(_ direction: Direction, _ field: PortField, _ options: RulesetOptions) -> [Statement]? {
        guard let log = options.logging else { return nil }
        let prefix = log.prefix ?? "port0 \(direction.rawValue) \(field.rawValue): "
        let statement: Statement =
            options.logGroup.map { .nflog(prefix: prefix, group: $0, snaplen: options.logSnaplen) }
            ?? .log(prefix: prefix)
        return [.limit(log.rate), statement]
    }
}

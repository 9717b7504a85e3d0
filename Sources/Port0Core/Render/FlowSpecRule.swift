/// One BGP Flow Specification rule (RFC 8955 for IPv4, RFC 8956 for IPv6): a packet matches
/// when every component matches; a matching packet is discarded (traffic-rate 0).
public struct FlowSpecRule: Sendable, Equatable {
    /// Which of the two NLRI families (AFI 1 or 2, SAFI 133) carries the rule.
    public var version: IPVersion
    /// Type 3: IPv4 "IP protocol" / IPv6 "upper-layer protocol" (next header), any of these.
    public var protocols: [L4Protocol]
    /// Type 4 (source or destination port), 5 (destination) or 6 (source), compared with 0.
    public var port: PortComponent
    /// Type 12, `!IsF || FF`: the packet is not a fragment other than the first. Without it a
    /// router reads two payload bytes of a later fragment as a "port".
    public var excludesLaterFragments: Bool

    public enum PortComponent: Sendable, Equatable {
        /// Type 4: the source OR the destination port (RFC 8955 §4.2.2.4).
        case either
        /// Type 5 or 6.
        case only(PortField)
    }
}

/// The FlowSpec form of port0's ruleset model. It is read from the `Table` the one builder
/// made, so the policy (which protocols, which port fields, the later-fragment guard) is
/// never derived twice; what FlowSpec cannot say is refused before, by option.
public enum FlowSpecPolicy {
    /// Options that describe how nftables runs the policy on one Linux host, with why a
    /// FlowSpec rule cannot carry them. Any of these is refused with one line.
    public static func refuseNftOnlyOptions(_ options: RulesetOptions) throws(Port0Error) {
        func refuse(_ option: String, _ why: String) -> Port0Error {
            .invalidCombination("\(option) cannot be used with --format flowspec: \(why)")
        }
        if options.profile != .host {
            throw refuse(
                "--profile \(options.profile.rawValue)",
                "a FlowSpec rule has no device or hook; each router applies it where FlowSpec filtering is enabled")
        }
        if !options.devices.isEmpty {
            throw refuse(
                "--device", "a FlowSpec rule is not bound to links; the receiving router chooses its interfaces")
        }
        if options.egress { throw refuse("--egress", "FlowSpec rules have no direction; routers filter on ingress") }
        if !options.hooks.isEmpty { throw refuse("--hook", "FlowSpec rules have no netfilter hooks") }
        if options.priority != nil {
            throw refuse("--priority", "FlowSpec rules are ordered by their components (RFC 8955 section 5.1)")
        }
        if options.action != .drop {
            throw refuse(
                "--action \(options.action.rawValue)",
                "FlowSpec can only discard (traffic-rate 0); it has no reject action")
        }
        let logOptions = [
            (options.log, "--log"), (options.logPrefix != nil, "--log-prefix"), (options.logRate != nil, "--log-rate"),
            (options.logGroup != nil, "--log-group"), (options.logSnaplen != nil, "--log-snaplen"),
        ]
        if let given = logOptions.first(where: \.0) { throw refuse(given.1, "FlowSpec has no logging action") }
        if options.trackSources != nil {
            throw refuse("--track-sources", "FlowSpec has no per-source sets (routers count matches per rule)")
        }
        if !options.counters {
            throw refuse("--no-counters", "FlowSpec has no counters to turn off (routers count matches per rule)")
        }
        if !options.exempt.isEmpty || !options.exemptFiles.isEmpty {
            throw refuse(
                options.exempt.isEmpty ? "--exempt-file" : "--exempt",
                "FlowSpec cannot negate a prefix, and an accept rule would rely on precedence and validation (RFC 8955 sections 5.1, 6): a router that rejects it still discards the exempt traffic (see README)"
            )
        }
    }

    /// The rules that say what `table` says, one per IP version, in a fixed order.
    public static func rules(_ table: Table) throws(Port0Error) -> [FlowSpecRule] {
        var fields: Set<PortField> = []
        var protocols: [L4Protocol] = []
        var guarded: Set<IPVersion> = []
        for chain in table.baseChains {
            for rule in chain.rules {
                guard case .jump(let target)? = rule.verdict,
                    let drop = table.chains.first(where: { $0.name == target })
                else { throw unexpressible("a base-chain rule that does not jump to a drop chain") }
                for match in rule.matches {
                    switch match {
                    case .transportPortZero(let field): fields.insert(field)
                    case .l4protoIn(let list): protocols += list
                    case .l4proto(let single): protocols.append(single)
                    default: throw unexpressible("a base-chain match other than protocol and port 0")
                    }
                }
                guarded.formUnion(try laterFragmentGuards(drop))
            }
        }
        guard !fields.isEmpty, !protocols.isEmpty else { throw unexpressible("a ruleset without port-0 rules") }
        let port: FlowSpecRule.PortComponent =
            fields.count == PortField.allCases.count ? .either : .only(fields.first ?? .dport)
        let protocolSet = L4Protocol.allCases.filter(protocols.contains)
        return IPVersion.allCases.map { version in
            FlowSpecRule(
                version: version, protocols: protocolSet, port: port,
                excludesLaterFragments: guarded.contains(version))
        }
    }

    /// The IP versions whose later fragments a drop chain lets go; anything in it besides
    /// those guards, counters and the final drop has no FlowSpec form.
    private static func laterFragmentGuards(_ chain: Chain) throws(Port0Error) -> Set<IPVersion> {
        var guarded: Set<IPVersion> = []
        for rule in chain.rules {
            switch (rule.matches, rule.verdict) {
            case ([.ipv4LaterFragment], .return?): guarded.insert(.ipv4)
            case ([.ipv6LaterFragment], .return?): guarded.insert(.ipv6)
            case ([.transportPortZero(.dport)], .return?) where rule.statements.isEmpty:
                // The sport chain's first rule: a zero-dport packet reaching it came back from
                // the dport chain (a later fragment), so returning it again changes nothing.
                continue
            case ([], .drop?) where rule.statements.allSatisfy({ if case .counter = $0 { true } else { false } }):
                continue
            default: throw unexpressible("rule \(rule) in chain \(chain.name)")
            }
        }
        return guarded
    }

    private static func unexpressible(_ what: String) -> Port0Error {
        .invalidCombination("the ruleset has \(what), which BGP FlowSpec cannot express")
    }
}

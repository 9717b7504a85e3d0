import Port0TestSupport
import Testing

@testable import Port0Core

/// The policy, stated as the tables the builder produces.
@Suite struct BuilderTests {
    @Test func defaultIsOneInetTableWithPreroutingAndOutputAtRaw() throws {
        let table = try Table.built()
        #expect(table.family == .inet)
        #expect(table.name == "port0")
        #expect(table.comment?.contains("port0 \(Port0Version.current)") == true)
        let bases = table.baseChains.compactMap(\.base)
        #expect(bases.map(\.hook) == [.prerouting, .output])
        #expect(bases.allSatisfy { $0.priority == ChainPriority(-300) && $0.devices.isEmpty })
        #expect(
            table.counters.map(\.name) == [
                "inbound_dport", "inbound_sport", "inbound_fragments", "outbound_dport", "outbound_sport",
                "outbound_fragments",
            ])
        #expect(table.sets.isEmpty)
        #expect(table.sourceSets.isEmpty)
    }

    /// Benign packets must leave each base chain after the cheap 2-byte compares: every base
    /// rule starts with the port test, and checks the protocol only after it.
    @Test func baseRulesStartWithThePortCompareThenTheProtocol() throws {
        for chain in try Table.built().baseChains {
            #expect(chain.rules.count == 2)
            for (rule, field) in zip(chain.rules, [PortField.dport, .sport]) {
                #expect(rule.matches == [.transportPortZero(field), .l4protoIn([.tcp, .udp])])
                #expect(rule.verdict == .jump("\(chain.base!.hook.direction.rawValue)_\(field.rawValue)"))
            }
        }
    }

    /// Later fragments are let go (and counted per direction) before anything can log or
    /// drop them. In a sport chain a zero dport means the dport chain already let the packet
    /// go (fragment or exempt): it returns first, so nothing is counted twice.
    @Test func dropChainsReturnLaterFragmentsFirst() throws {
        let table = try Table.built {
            $0.log = true
            $0.exempt = .parsing(["192.0.2.0/24"])
        }
        for chain in table.chains where chain.base == nil {
            let direction = String(chain.name.prefix { $0 != "_" })
            let fragments: [Statement] = [.counter(name: "\(direction)_fragments")]
            let rules = chain.name.hasSuffix("_sport") ? Array(chain.rules.dropFirst()) : chain.rules
            if chain.name.hasSuffix("_sport") {
                #expect(chain.rules[0] == Rule([.transportPortZero(.dport)], [], .return))
            }
            #expect(rules[0] == Rule([.ipv4LaterFragment], fragments, .return))
            #expect(rules[1] == Rule([.ipv6LaterFragment], fragments, .return))
            #expect(rules[2].statements == [.counter(name: "\(direction)_exempt")])
            #expect(chain.rules.last?.statements == [.counter(name: chain.name)])
            #expect(chain.rules.last?.verdict == .drop)
        }
    }

    /// Without counters the drop chains keep their uncounted shape.
    @Test func noCountersMeansNoPassCounters() throws {
        let table = try Table.built { $0.counters = false }
        #expect(table.counters.isEmpty)
        let chain = try #require(table.chains.first { $0.name == "inbound_sport" })
        #expect(chain.rules[0] == Rule([.ipv4LaterFragment], [], .return))
        #expect(chain.rules.allSatisfy { $0.statements.isEmpty })
    }

    /// `--track-sources`: 16 dynamic sets per IP version (shards, so each dumps fast), each
    /// filled by its own chain; one chain picks the shard by a hash of the source (one hash
    /// per version: each hash expression has its own random seed), and the drop chains jump
    /// to it in a rule of its own after the pass rules and before the drop, so only dropped
    /// packets are tracked.
    @Test func trackedSourcesAreUpdatedOnlyBeforeTheDrop() throws {
        let table = try Table.built {
            $0.trackSources = RulesetOptions.defaultTrackSize
            $0.exempt = .parsing(["192.0.2.0/24"])
        }
        let v4 = (0..<16).map { "sources_v4_\($0)" }
        let v6 = (0..<16).map { "sources_v6_\($0)" }
        #expect(
            table.sourceSets
                == (v4.map { SourceSet(name: $0, version: .ipv4, size: 4_096, timeoutSeconds: 3_600) }
                    + v6.map { SourceSet(name: $0, version: .ipv6, size: 4_096, timeoutSeconds: 3_600) }))
        for name in v4 + v6 {
            let chain = try #require(table.chains.first { $0.name == name })
            #expect(chain.rules == [Rule([], [.updateSourceSet(name.contains("v4") ? .ipv4 : .ipv6, set: name)])])
        }
        #expect(
            table.chains.first { $0.name == "sources" }?.rules == [
                Rule([], [.jumpToSourceShard(.ipv4, chains: v4)]), Rule([], [.jumpToSourceShard(.ipv6, chains: v6)]),
            ])
        for chain in table.chains where !chain.name.hasPrefix("sources") {
            let jumps = chain.rules.enumerated().filter { $0.element.verdict == .jump("sources") }
            if chain.base != nil {
                #expect(jumps.isEmpty)
                continue
            }
            #expect(jumps.map(\.element) == [Rule([], [], .jump("sources"))])
            #expect(jumps.map(\.offset) == [chain.rules.count - 2])
            #expect(chain.rules[..<jumps[0].offset].allSatisfy { $0.verdict == .return })
        }
        // ceil(SIZE / 16) per shard; fewer shards than 16 only when SIZE is smaller.
        #expect(try Table.built { $0.trackSources = 42 }.sourceSets.map(\.size) == Array(repeating: 3, count: 32))
        #expect(
            try Table.built { $0.trackSources = 3 }.sourceSets.map(\.name) == [
                "sources_v4_0", "sources_v4_1", "sources_v4_2", "sources_v6_0", "sources_v6_1", "sources_v6_2",
            ])
    }

    @Test func logGroupSendsToNflogWithTheRateLimit() throws {
        let chain = try #require(
            try Table.built {
                $0.logGroup = 7
                $0.logSnaplen = 96
            }.chains.first { $0.name == "outbound_dport" })
        let log = try #require(chain.rules.first { $0.statements.first == .limit(LogRate(count: 10, unit: .minute)) })
        #expect(log.statements.last == .nflog(prefix: "port0 outbound dport: ", group: 7, snaplen: 96))
        #expect(log.verdict == nil)
    }

    /// The edge's chains for encapsulated packets log where the plain ones do: to the NFLOG
    /// group, never to the kernel log, once `--log-group` is given.
    @Test func encapsulatedDropsLogToTheGroupToo() throws {
        let table = try Table.built(.edge) {
            $0.egress = true
            $0.logGroup = 7
        }
        let logs = table.chains.flatMap(\.rules).flatMap(\.statements).filter {
            switch $0 {
            case .log, .nflog: true
            default: false
            }
        }
        #expect(logs.count > 4)
        #expect(logs.allSatisfy { if case .nflog(_, 7, nil) = $0 { true } else { false } })
    }

    @Test func exemptionsAreReturnedForSourceAndDestination() throws {
        let table = try Table.built { $0.exempt = .parsing(["192.0.2.0/24", "2001:db8::/32"]) }
        let chain = try #require(table.chains.first { $0.name == "inbound_dport" })
        let exempt = chain.rules.filter { if case .addressInSet = $0.matches.first { true } else { false } }
        #expect(exempt.count == 4)
        #expect(table.sets.map(\.name) == ["exempt_v4", "exempt_v6"])
    }

    @Test func rejectAnswersTcpWithResetAndTheRestWithPortUnreachable() throws {
        let chain = try #require(try Table.built { $0.action = .reject }.chains.first { $0.name == "outbound_sport" })
        #expect(chain.rules.suffix(2).map(\.verdict) == [.reject(.tcpReset), .reject(.portUnreachable)])
        #expect(chain.rules.suffix(2).first?.matches == [.l4proto(.tcp)])
    }

    @Test func logIsRateLimitedAndDoesNotDecide() throws {
        let chain = try #require(
            try Table.built { $0.logPrefix = "edge0 " }.chains.first { $0.name == "inbound_dport" })
        let log = try #require(chain.rules.first { !$0.statements.isEmpty && $0.verdict == nil })
        #expect(log.statements == [.limit(LogRate(count: 10, unit: .minute)), .log(prefix: "edge0 ")])
    }

    @Test func noCountersMeansNoCounterObjectsOrReferences() throws {
        let table = try Table.built { $0.counters = false }
        #expect(table.counters.isEmpty)
        #expect(table.chains.allSatisfy { $0.rules.allSatisfy { $0.statements.isEmpty } })
    }

    @Test func edgeBindsIngressAndEgressToSortedDevices() throws {
        let table = try Table.built {
            $0.profile = .edge
            $0.devices = ["eth1", "eth0"]
            $0.egress = true
        }
        #expect(table.family == .netdev)
        #expect(table.baseChains.compactMap(\.base?.hook) == [.ingress, .egress])
        #expect(table.baseChains.allSatisfy { $0.base?.devices == ["eth0", "eth1"] })
        #expect(table.counters.map(\.name).first == "inbound_dport")
    }

    /// Every `{ … }` in a rule is an anonymous set: one more object in each commit and one
    /// more element dump each time port0 reads the table back (docs/encapsulation.md). The
    /// IPv4 header-length rules leave the TCP/UDP test to their drop chain's first rule,
    /// two compares.
    @Test func edgeEncapsulationKeepsAnonymousSetsFew() throws {
        let table = try Table.built(.edge) { $0.egress = true }
        func sets(_ chain: Chain) -> Int {
            chain.rules.reduce(0) { count, rule in
                count
                    + rule.matches.filter {
                        switch $0 {
                        case .payloadIn, .etherTypeIn, .l4protoIn: true
                        default: false
                        }
                    }.count
            }
        }
        let ipv4 = table.chains.filter { $0.name.contains("_ip4_") && !$0.name.hasSuffix("port") }
        #expect(!ipv4.isEmpty && ipv4.allSatisfy { sets($0) == 0 }, "\(ipv4.map { ($0.name, sets($0)) })")
        #expect(table.chains.map(sets).reduce(0, +) == 198)
    }

    @Test func explicitHooksAndPriority() throws {
        let table = try Table.built {
            $0.hooks = [.forward, .input]
            $0.priority = "filter - 10"
            $0.table = "edge_drop"
        }
        #expect(table.name == "edge_drop")
        #expect(table.baseChains.compactMap(\.base?.hook) == [.input, .forward])
        #expect(table.baseChains.allSatisfy { $0.base?.priority == ChainPriority(-10) })
    }

    @Test("a priority name nft allows only in another hook is refused without offering it")
    func priorityNamesOfOtherHooks() {
        for (hooks, priority, accepted) in [
            ([Hook.prerouting, .output], "dstnat", "raw, mangle, filter, security with an optional offset"),
            ([.input, .postrouting], "srcnat + 1", "raw, mangle, filter, security with an optional offset"),
            ([.postrouting], "dstnat", "raw, mangle, filter, security, srcnat with an optional offset"),
        ] {
            #expect {
                _ = try Table.built {
                    $0.hooks = hooks
                    $0.priority = priority
                }
            } throws: { error in
                let text = (error as? Port0Error)?.description ?? ""
                return text.hasPrefix("invalid --priority '\(priority)': expected an integer or one of \(accepted)")
                    && text.contains("dstnat only with --hook prerouting alone") && !text.contains("\n")
            }
        }
        #expect(
            (try? Table.built {
                $0.hooks = [.prerouting]
                $0.priority = "dstnat"
            })?.baseChains.first?.base?.priority == ChainPriority(-100))
        #expect {
            _ = try Table.built {
                $0.profile = .edge
                $0.devices = ["eth0"]
                $0.priority = "raw"
            }
        } throws: { error in
            (error as? Port0Error)?.description
                == "invalid --priority 'raw': expected an integer or filter with an optional offset, e.g. 'filter - 10'"
        }
    }

    @Test func invalidValuesAreNamedInOneLine() {
        let cases: [(String, (inout RulesetOptions) throws -> Void)] = [
            ("--profile", { $0.profile = try OptionValue.profile("router") }),
            ("--hook", { $0.hooks = [try OptionValue.hook("prerouting ", profile: .host)] }),
            ("--hook", { $0.hooks = [.ingress] }),
            ("--priority", { $0.priority = "conntrack" }),
            ("--table", { $0.table = "table" }),
            ("--action", { $0.action = try OptionValue.action("deny") }),
            ("--log-rate", { $0.logRate = try OptionValue.logRate("10/day") }),
            ("--exempt", { $0.exempt = [try ExemptPrefix(parsing: "10.0.0.0/33")] }),
            ("--exempt", { $0.exempt = [try ExemptPrefix(parsing: "10.0.0.1/8")] }),
            ("--exempt", { $0.exempt = [try ExemptPrefix(parsing: "::/0")] }),
            (
                "--device",
                {
                    $0.profile = .edge
                    $0.devices = ["a-very-long-interface-name"]
                }
            ),
            ("--log-prefix", { $0.logPrefix = "x\" ; drop" }),
        ]
        for (option, configure) in cases {
            #expect {
                _ = try Table.built(with: configure)
            } throws: { error in
                let text = (error as? Port0Error)?.description ?? ""
                return text.contains(option) && !text.contains("\n")
            }
        }
    }

    @Test func conflictingOptionsAreRefused() {
        #expect(throws: Port0Error.self) { try Table.built { $0.profile = .edge } }
        var rejectInPostrouting = RulesetOptions()
        rejectInPostrouting.hooks = [.postrouting]
        rejectInPostrouting.action = .reject
        #expect(throws: Port0Error.self) { try RulesetBuilder.build(rejectInPostrouting) }
        #expect(throws: Port0Error.self) { try Table.built { $0.hooks = [.prerouting, .input] } }
    }
}

/// The edge profile's look into encapsulated frames (docs/encapsulation.md). The kernel sets
/// up no transport header for VLAN, PPPoE and MPLS frames, so one rule per base chain,
/// `meta protocol { … } jump <direction>_encap`, sends them (plain IP pays two expressions)
/// to chains that read the inner ports with raw loads at the enumerated fixed offsets: up to
/// three VLAN tags, three MPLS labels, IPv4 header lengths 5 to 15, IPv6 with TCP/UDP directly
/// or behind a fragment header. What they cannot read passes, counted in
/// `uninspected_<encap>`. Egress reads VLAN frames from `@ll` (the network header may already
/// be past the tags there), PPPoE and MPLS from `@nh`.
enum EncapChains {
    /// Where a header starts: a mark and a byte offset from it.
    struct Position: Hashable {
        var base: PayloadBase
        var offset: UInt32

        func advanced(by bytes: UInt32) -> Position { Position(base: base, offset: offset + bytes) }
        func field(_ offset: UInt32, _ length: UInt32) -> RawPayload { RawPayload(base, self.offset + offset, length) }
        /// `nh4`, `ll18`: names the chains that read a header here.
        var tag: String { "\(base == .link ? "ll" : "nh")\(offset)" }
    }

    static let maxVLANTags: UInt32 = 3
    static let maxMPLSLabels: UInt32 = 3
    /// IPv6 extension headers the rules do not walk: a frame carrying one is uninspected.
    static let ipv6ExtensionHeaders: [UInt8] = [0, 43, 44, 51, 60, 135, 139, 140, 253, 254]
    static let transport: [[UInt8]] = [[L4Protocol.tcp.number], [L4Protocol.udp.number]]

    /// The base chain's dispatch rule.
    static func dispatch(_ direction: Direction) -> Rule {
        Rule(
            [.etherTypeIn([EtherType.vlan, EtherType.mpls, EtherType.pppoeSession, EtherType.qinq])], [],
            .jump("\(direction.rawValue)_encap"))
    }

    /// Every chain the dispatch rule of `hook` leads to.
    static func chains(_ hook: Hook, _ options: RulesetOptions, sets: [AddressSet]) -> [Chain] {
        var builder = Builder(hook: hook, options: options, sets: sets)
        return builder.build()
    }

    private struct Builder {
        let hook: Hook
        let options: RulesetOptions
        let sets: [AddressSet]
        var direction: Direction { hook.direction }
        var prefix: String { direction.rawValue }

        /// IPv4 headers reached at these positions; IPv6 headers per encapsulation.
        var ipv4: [Position] = []
        var ipv6: [(Encapsulation, Position)] = []
        /// PPPoE and MPLS chains behind VLAN tags.
        var nested: [Chain] = []

        mutating func build() -> [Chain] {
            let dispatch = Chain(
                name: "\(prefix)_encap",
                rules: [
                    Rule([.etherType(EtherType.vlan)], [], .goto(name(.vlan))),
                    Rule([.etherType(EtherType.qinq)], [], .goto(name(.vlan))),
                    Rule([.etherType(EtherType.pppoeSession)], [], .goto(name(.pppoe))),
                    Rule([.etherType(EtherType.mpls)], [], .goto(name(.mpls))),
                ])
            let direct = Position(base: .network, offset: 0)
            var chains = [dispatch, vlan(), pppoe(at: direct, name: name(.pppoe)), mpls(at: direct, name: name(.mpls))]
            chains += nested
            for position in ipv4 {
                chains += ipv4Chains(position)
            }
            var ipv6Drops: [Position] = []
            for (encap, position) in ipv6 {
                chains += ipv6Chains(encap, position)
                if !ipv6Drops.contains(position) { ipv6Drops.append(position) }
            }
            for position in ipv6Drops {
                chains += PortField.allCases.map { dropChain(.ipv6, position, $0) }
                if options.counters { chains.append(laterFragmentChain(position)) }
            }
            return chains
        }

        func name(_ encap: Encapsulation) -> String { "\(prefix)_\(encap.rawValue)" }
        func ipv4Name(_ position: Position) -> String { "\(prefix)_ip4_\(position.tag)" }
        func ipv6Name(_ encap: Encapsulation, _ position: Position) -> String {
            "\(prefix)_\(encap.rawValue)_ip6_\(position.tag)"
        }
        func dropName(_ version: IPVersion, _ position: Position, _ field: PortField) -> String {
            "\(prefix)_\(version == .ipv4 ? "ip4" : "ip6")_\(position.tag)_\(field.rawValue)"
        }

        /// `counter name "uninspected_vlan"` as the last rule of a chain, if counters are on.
        func uninspected(_ encap: Encapsulation, _ matches: [Match] = []) -> [Rule] {
            options.counters ? [Rule(matches, [.counter(name: encap.counterName)])] : []
        }

        /// The rules sending the inner IP header at `position` on, for this encapsulation.
        mutating func inner(
            _ encap: Encapsulation, _ position: Position, ipv4 ipv4Match: [Match], ipv6 ipv6Match: [Match]
        ) -> [Rule] {
            if !ipv4.contains(position) { ipv4.append(position) }
            if !ipv6.contains(where: { $0 == encap && $1 == position }) { ipv6.append((encap, position)) }
            return [
                Rule(ipv4Match, [], .goto(ipv4Name(position))),
                Rule(ipv6Match, [], .goto(ipv6Name(encap, position))),
            ]
        }

        /// Tags: 2 bytes TCI, 2 bytes inner ethertype. The first tag's TCI is at `@nh` at
        /// ingress (the outer tag was stripped), at `@ll` + 14 at egress.
        mutating func vlan() -> Chain {
            let first = hook == .egress ? Position(base: .link, offset: 14) : Position(base: .network, offset: 0)
            let tags: [[UInt8]] = [EtherType.bytes(EtherType.vlan), EtherType.bytes(EtherType.qinq)]
            var rules: [Rule] = []
            for depth in 1...EncapChains.maxVLANTags {
                let outer: [Match] = (0..<depth - 1).map { .payloadIn(first.field(4 * $0 + 2, 2), tags) }
                let type = first.field(4 * (depth - 1) + 2, 2)
                let next = first.advanced(by: 4 * depth)
                rules += inner(
                    .vlan, next,
                    ipv4: outer + [.payload(type, mask: nil, .eq, EtherType.bytes(EtherType.ipv4))],
                    ipv6: outer + [.payload(type, mask: nil, .eq, EtherType.bytes(EtherType.ipv6))])
                // PPPoE or MPLS behind the tags (S-VLAN + C-VLAN broadband access, MPLS on QinQ).
                let pppoeName = "\(prefix)_vlan_pppoe_\(next.tag)"
                let mplsName = "\(prefix)_vlan_mpls_\(next.tag)"
                rules += [
                    Rule(
                        outer + [.payload(type, mask: nil, .eq, EtherType.bytes(EtherType.pppoeSession))], [],
                        .goto(pppoeName)),
                    Rule(
                        outer + [.payload(type, mask: nil, .eq, EtherType.bytes(EtherType.mpls))], [], .goto(mplsName)),
                ]
                nested += [pppoe(at: next, name: pppoeName), mpls(at: next, name: mplsName)]
            }
            return Chain(name: name(.vlan), rules: rules + uninspected(.vlan))
        }

        /// PPPoE session header (version/type 0x11, code 0, session, length), then the
        /// 2-byte PPP protocol: 0x0021 IPv4, 0x0057 IPv6.
        mutating func pppoe(at header: Position, name: String) -> Chain {
            let session: Match = .payload(header.field(0, 2), mask: nil, .eq, [0x11, 0x00])
            let rules = inner(
                .pppoe, header.advanced(by: 8),
                ipv4: [.payload(header.field(6, 2), mask: nil, .eq, [0x00, 0x21]), session],
                ipv6: [.payload(header.field(6, 2), mask: nil, .eq, [0x00, 0x57]), session])
            return Chain(name: name, rules: rules + uninspected(.pppoe))
        }

        /// Label entries of 4 bytes; bit 0 of byte 2 is bottom-of-stack. After the bottom
        /// label, the IP version nibble says which header follows.
        mutating func mpls(at first: Position, name: String) -> Chain {
            var rules: [Rule] = []
            for depth in 1...EncapChains.maxMPLSLabels {
                let stack: [Match] = (0..<depth).map { label in
                    .payload(first.field(4 * label + 2, 1), mask: [0x01], .eq, [label == depth - 1 ? 1 : 0])
                }
                let ip = first.advanced(by: 4 * depth)
                rules += inner(
                    .mpls, ip,
                    ipv4: stack + [.payload(ip.field(0, 1), mask: [0xf0], .eq, [0x40])],
                    ipv6: stack + [.payload(ip.field(0, 1), mask: [0xf0], .eq, [0x60])])
            }
            return Chain(name: name, rules: rules + uninspected(.mpls))
        }

        /// IPv4 at `position`: the transport header starts at 4 × IHL. Header length 20 (by
        /// far the most common) is tried first in this chain; 24 to 60 in `…_options`. The
        /// protocol (TCP/UDP) is tested once, first in the drop chain, not in each of these
        /// (an anonymous set per IHL rule would cost a set in the commit and a dump when port0
        /// reads the table back).
        func ipv4Chains(_ ip: Position) -> [Chain] {
            func rules(_ ihl: UInt32) -> [Rule] {
                PortField.allCases.map { field in
                    Rule(
                        [
                            .payload(ip.field(4 * ihl + field.transportOffset, 2), mask: nil, .eq, [0, 0]),
                            .payload(ip.field(0, 1), mask: nil, .eq, [0x40 | UInt8(ihl)]),
                        ], [], .goto(dropName(.ipv4, ip, field)))
                }
            }
            let options = "\(ipv4Name(ip))_options"
            let entry = Chain(
                name: ipv4Name(ip),
                rules: rules(5) + [Rule([.payload(ip.field(0, 1), mask: nil, .neq, [0x45])], [], .goto(options))])
            return [entry, Chain(name: options, rules: (6...15).flatMap(rules))]
                + PortField.allCases.map { dropChain(.ipv4, ip, $0) }
        }

        /// IPv6 at `position`, TCP/UDP right after the fixed header or behind a fragment header.
        func ipv6Chains(_ encap: Encapsulation, _ ip: Position) -> [Chain] {
            let fragmentName = "\(prefix)_\(encap.rawValue)_frag_\(ip.tag)"
            func ports(next: RawPayload, transport: UInt32) -> [Rule] {
                PortField.allCases.map { field in
                    Rule(
                        [
                            .payload(ip.field(transport + field.transportOffset, 2), mask: nil, .eq, [0, 0]),
                            .payloadIn(next, EncapChains.transport),
                        ], [], .goto(dropName(.ipv6, ip, field)))
                }
            }
            let extensions = EncapChains.ipv6ExtensionHeaders.map { [$0] }
            let next = ip.field(6, 1)
            let entry = Chain(
                name: ipv6Name(encap, ip),
                rules: ports(next: next, transport: 40) + [
                    Rule([.payload(next, mask: nil, .eq, [44])], [], .goto(fragmentName))
                ]
                    + uninspected(encap, [.payloadIn(next, extensions)]))
            // Fragment header: next header, reserved, 13-bit offset and flags, identification.
            let fragmentNext = ip.field(40, 1)
            let later: Verdict = options.counters ? .goto(laterFragmentName(ip)) : .return
            let fragment = Chain(
                name: fragmentName,
                rules: [Rule([.payload(ip.field(42, 2), mask: [0xff, 0xf8], .neq, [0, 0])], [], later)]
                    + ports(next: fragmentNext, transport: 48)
                    + uninspected(encap, [.payloadIn(fragmentNext, extensions)]))
            return [entry, fragment]
        }

        func laterFragmentName(_ position: Position) -> String { "\(prefix)_ip6_\(position.tag)_later" }

        /// A later IPv6 fragment (counters on): let go, and counted in `<direction>_fragments`
        /// when it is what the plain rules count, TCP/UDP with zero bytes where a port would be
        /// (the two bytes after the fragment header; there is no transport header in it).
        func laterFragmentChain(_ ip: Position) -> Chain {
            let next = ip.field(40, 1)
            return Chain(
                name: laterFragmentName(ip),
                rules: [Rule(EncapChains.transport.map { .payload(next, mask: nil, .neq, $0) }, [], .return)]
                    + PortField.allCases.map { field in
                        Rule(
                            [.payload(ip.field(48 + field.transportOffset, 2), mask: nil, .eq, [0, 0])],
                            counted(.passedFragments), .return)
                    })
        }

        /// `counter name "<direction>_<kind>"`, if counters are on.
        func counted(_ kind: CounterKind) -> [Statement] {
            options.counters ? [.counter(name: NamedCounter.name(direction, kind))] : []
        }

        /// Reached only with a zero port (IPv6: in a TCP/UDP header). IPv4 of a protocol other
        /// than TCP/UDP (an ICMP checksum, an ESP SPI) goes back to the base chain (policy
        /// accept) first, before anything counts or records it: two compares, no anonymous
        /// set. Then later IPv4 fragments and exempt addresses go back, counted as in the
        /// plain drop chains (`<direction>_fragments`, `<direction>_exempt`); then record the
        /// source, log, count and drop (always drop: a reject built from an encapsulated frame
        /// would not reach its sender).
        func dropChain(_ version: IPVersion, _ ip: Position, _ field: PortField) -> Chain {
            var rules: [Rule] = []
            if version == .ipv4 {
                let proto = ip.field(9, 1)
                rules.append(Rule(EncapChains.transport.map { .payload(proto, mask: nil, .neq, $0) }, [], .return))
                rules.append(
                    Rule(
                        [.payload(ip.field(6, 2), mask: [0x1f, 0xff], .neq, [0, 0])], counted(.passedFragments),
                        .return))
            }
            let addresses: [UInt32] = version == .ipv4 ? [12, 16] : [8, 24]
            for set in sets where set.rawKey != nil && set.version == version {
                for offset in addresses {
                    rules.append(
                        Rule(
                            [.payloadInSet(ip.field(offset, set.keyLength), set: set.name)], counted(.exempt), .return))
                }
            }
            rules += SourceShards.innerUpdate(version, header: ip.field, options)
            if let log = RulesetBuilder.logStatements(direction, field, options) {
                rules.append(Rule([], log))
            }
            rules.append(Rule([], counted(.dropped(field)), .drop))
            return Chain(name: dropName(version, ip, field), rules: rules)
        }
    }
}

/// One case port0 must get right on the wire: a name, the verdict every port0 ruleset must
/// give it, and its packets. `port0 selftest` sends them through its namespaces; the tests
/// run them through the bytecode evaluator and through nf_tables. `PacketCases.all` is the list.
public struct PacketCase: Sendable {
    /// Where the packets come from and go to: the example addresses for the evaluator, the
    /// topology's for the selftest.
    public struct Endpoints: Sendable {
        public var sourceV4: [UInt8]
        public var destinationV4: [UInt8]
        public var sourceV6: [UInt8]
        public var destinationV6: [UInt8]

        public init(sourceV4: [UInt8], destinationV4: [UInt8], sourceV6: [UInt8], destinationV6: [UInt8]) {
            self.sourceV4 = sourceV4
            self.destinationV4 = destinationV4
            self.sourceV6 = sourceV6
            self.destinationV6 = destinationV6
        }

        public static let example = Endpoints(
            sourceV4: WirePacket.exampleV4Source, destinationV4: WirePacket.exampleV4Destination,
            sourceV6: WirePacket.exampleV6Source, destinationV6: WirePacket.exampleV6Destination)
    }

    public var name: String
    /// The VLAN/PPPoE/MPLS wrapping (a name from `PacketCases.wrappings`), nil for plain IP.
    public var wrapping: String?
    /// The port counter (`dport`, `sport`) whose rule drops it; nil: it must pass.
    public var drops: String?
    /// A frame the rules cannot read through: the encapsulation whose `uninspected_*` counter
    /// counts it (it always passes).
    public var uninspected: String?
    /// Whole datagrams with the marker in them: the receiving stack hands them to raw sockets,
    /// so delivery can be judged there (later fragments alone and truncated packets never are).
    public var reachesSockets: Bool
    let make: @Sendable (_ endpoints: Endpoints, _ marker: [UInt8]) -> [WirePacket]

    init(
        _ name: String, drops: String? = nil, reachesSockets: Bool = true,
        _ make: @escaping @Sendable (Endpoints, [UInt8]) -> [WirePacket]
    ) {
        self.name = name
        self.drops = drops
        self.reachesSockets = reachesSockets
        self.make = make
    }

    /// The packets, in sending order; `marker` (at most 8 bytes) goes into each whole
    /// datagram's data, where no rule looks.
    public func packets(_ endpoints: Endpoints = .example, marker: [UInt8] = []) -> [WirePacket] {
        make(endpoints, marker)
    }

    /// The first (usually the only) packet, between the example addresses.
    public var packet: WirePacket { packets()[0] }

    /// Whether a port0 ruleset drops it: port 0 always in plain IP; inside a wrapping only when
    /// the edge profile looks into encapsulations — or, without that, behind one 802.1Q tag
    /// at ingress, where the kernel has already taken the tag off.
    public func isDropped(atIngress ingress: Bool = false, inspectingEncapsulation: Bool = true) -> Bool {
        guard drops != nil else { return false }
        guard let wrapping, !inspectingEncapsulation else { return true }
        return ingress && wrapping == "802.1Q"
    }
}

extension PacketCase.Endpoints {
    func ipv4(
        _ proto: UInt8, _ transport: [UInt8], fragmentOffset: UInt16 = 0, moreFragments: Bool = false,
        options: [UInt8] = [], identification: UInt16 = 0x1234
    ) -> WirePacket {
        .ipv4(
            proto, transport, source: sourceV4, destination: destinationV4, fragmentOffset: fragmentOffset,
            moreFragments: moreFragments, options: options, identification: identification)
    }

    func ipv6(_ proto: UInt8, _ transport: [UInt8], extensions: [(type: UInt8, bytes: [UInt8])] = []) -> WirePacket {
        .ipv6(proto, transport, extensions: extensions, source: sourceV6, destination: destinationV6)
    }

    func ip(_ version: WirePacket.Version, _ proto: UInt8, _ transport: [UInt8]) -> WirePacket {
        version == .ipv4 ? ipv4(proto, transport) : ipv6(proto, transport)
    }
}

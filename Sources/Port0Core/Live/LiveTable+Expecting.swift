extension LiveTable {
    /// What the kernel reports after port0 installed `table`: rules as `Lowering` compiles
    /// them, sets as `IntervalElements` sends them, counters with the values given.
    public init(expecting table: Table) {
        self.init(
            family: table.family, name: table.name, comment: table.comment, counters: table.counters,
            sets: table.sets.map(LiveSet.init(expecting:)) + table.sourceSets.map(LiveSet.init(expecting:)),
            chains: table.chains.map { chain in
                LiveChain(
                    name: chain.name,
                    base: chain.base.map {
                        LiveBaseChain(
                            type: "filter", hook: $0.hook, priority: $0.priority.value, devices: $0.devices,
                            policy: LiveBaseChain.accept)
                    },
                    rules: chain.rules.map { LiveRule(exprs: Lowering.exprs($0, family: table.family)) })
            }, flags: table.flags)
    }
}

extension LiveTable {
    /// NFT_TABLE_F_DORMANT: the table's chains are unregistered from their hooks.
    public static let dormantFlag: UInt32 = 0x1
    /// NFT_TABLE_F_OWNER: only the owning netlink socket may change or delete the table.
    public static let ownerFlag: UInt32 = 0x2
    /// NFT_TABLE_F_PERSIST (Linux 6.9): an owned table outlives its owner's socket, unowned
    /// ("orphaned"), and a new process may claim it.
    public static let persistFlag: UInt32 = 0x4
    /// What `port0 guard --own-table` installs.
    public static let guardOwnership: UInt32 = ownerFlag | persistFlag

    /// Owned with PERSIST (`port0 guard --own-table`), or left unowned with PERSIST by a
    /// guard that stopped: a state to report, not a difference from the configuration.
    public var heldByGuard: Bool { flags & Self.persistFlag != 0 }

    /// `dormant, owner`, `none`, or unknown bits in hex.
    public static func flagNames(_ flags: UInt32) -> String {
        let known: [(UInt32, String)] = [(0x1, "dormant"), (0x2, "owner"), (0x4, "persist")]
        var names = known.filter { flags & $0.0 != 0 }.map(\.1)
        let unknown = flags & ~known.reduce(0) { $0 | $1.0 }
        if unknown != 0 { names.append("0x\(String(unknown, radix: 16))") }
        return names.isEmpty ? "none" : names.joined(separator: ", ")
    }
}

extension LiveSet {
    /// NFT_SET_INTERVAL: the only flag port0's sets carried before they were made constant.
    public static let intervalFlag: UInt32 = 0x4
    /// NFT_SET_CONSTANT.
    public static let constantFlag: UInt32 = 0x2

    public init(expecting set: AddressSet) {
        self.init(
            name: set.name, keyType: set.keyType, keyLength: set.keyLength, flags: AddressSet.flags,
            elements: IntervalElements.elements(set))
    }

    public init(expecting set: SourceSet) {
        self.init(
            name: set.name, keyType: set.version == .ipv4 ? NftDatatype.ipv4Address : NftDatatype.ipv6Address,
            keyLength: set.version == .ipv4 ? 4 : 16, flags: Self.dynamicFlags, elements: [], size: set.size,
            timeoutMilliseconds: UInt64(set.timeoutSeconds) * 1000, expressions: ["counter"])
    }

    /// The source set this is, if it has the shape `--track-sources` gives it; nil otherwise.
    public var sourceSet: SourceSet? {
        let version: IPVersion
        switch (keyType, keyLength) {
        case (NftDatatype.ipv4Address, 4): version = .ipv4
        case (NftDatatype.ipv6Address, 16): version = .ipv6
        default: return nil
        }
        guard flags == Self.dynamicFlags, expressions == ["counter"], timeoutMilliseconds % 1000 == 0,
            let seconds = UInt32(exactly: timeoutMilliseconds / 1000), size > 0
        else { return nil }
        return SourceSet(name: name, version: version, size: size, timeoutSeconds: seconds)
    }

    /// The address set this is, if it has the shape port0 gives its sets; nil otherwise.
    public var addressSet: AddressSet? {
        let version: IPVersion
        var rawKey: RawPayload?
        switch (keyType, keyLength) {
        case (NftDatatype.ipv4Address, 4): version = .ipv4
        case (NftDatatype.ipv6Address, 16): version = .ipv6
        // port0's only integer sets: the raw-keyed exempt copies.
        case (NftDatatype.integer, 4): (version, rawKey) = (.ipv4, AddressSet.rawKey(.ipv4))
        case (NftDatatype.integer, 16): (version, rawKey) = (.ipv6, AddressSet.rawKey(.ipv6))
        default: return nil
        }
        // Also an older port0's sets, `flags interval` only (drift, shown as such).
        guard flags == AddressSet.flags || flags == Self.intervalFlag,
            let ranges = IntervalRanges.ranges(elements, version: version)
        else {
            return nil
        }
        return AddressSet(name: name, version: version, elements: ranges, rawKey: rawKey)
    }
}

extension LiveBaseChain {
    /// NF_ACCEPT, port0's chain policy.
    public static let accept: UInt32 = 1
}

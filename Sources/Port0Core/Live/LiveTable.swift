/// port0's table as the kernel reports it, decoded from netlink dumps into the same
/// expression IR that `Lowering` produces. Comparing it with `LiveTable(expecting:)` of the
/// desired model tells whether the live table is exactly what port0 would install.
public struct LiveTable: Sendable, Equatable, Codable {
    public var family: Family
    public var name: String
    public var comment: String?
    /// NFT_TABLE_F_* (dormant 0x1, owner 0x2, persist 0x4). port0 installs its table with
    /// none: a dormant table filters nothing.
    public var flags: UInt32 = 0
    /// With NFT_TABLE_F_OWNER: the netlink port id of the socket that owns the table.
    public var owner: UInt32?
    /// The process holding that socket, as `pid 1234 (nft)`, when it could be found.
    public var ownerProcess: String?
    public var counters: [NamedCounter]
    /// Named sets only; anonymous sets appear inline in `Expr.lookup(.anonymous)`.
    public var sets: [LiveSet]
    public var chains: [LiveChain]
    /// What the dynamic source sets hold now (`--track-sources`): state, never drift.
    public var sources: [TrackedSource]
    /// The `CommitStamp` port0 wrote with its last replace, if the table carries one.
    public var stamp: CommitStamp?
    /// The handles of the chains, counters, sets and rules read (nil when unknown, e.g. a
    /// saved listing): with the stamp, they prove the sets without reading them.
    public var handles: HandleCensus?
    /// The ruleset generation this read is a consistent snapshot of (nil when unknown, e.g.
    /// a saved listing).
    public var generation: UInt32?

    public init(
        family: Family, name: String, comment: String?, counters: [NamedCounter], sets: [LiveSet],
        chains: [LiveChain], sources: [TrackedSource] = [], flags: UInt32 = 0, owner: UInt32? = nil
    ) {
        self.family = family
        self.name = name
        self.comment = comment
        self.flags = flags
        self.owner = owner
        self.counters = counters
        self.sets = sets
        self.chains = chains
        self.sources = sources
    }

    /// The table's contents: how it was read (stamp, generation) is not part of it.
    public static func == (a: LiveTable, b: LiveTable) -> Bool {
        a.family == b.family && a.name == b.name && a.comment == b.comment && a.flags == b.flags
            && a.owner == b.owner && a.ownerProcess == b.ownerProcess && a.counters == b.counters && a.sets == b.sets
            && a.chains == b.chains && a.sources == b.sources
    }
}

/// One source address in a dynamic set, with what its element's counter holds.
public struct TrackedSource: Sendable, Equatable, Codable {
    public var set: String
    public var version: IPVersion
    public var address: UInt128
    public var packets: UInt64
    public var bytes: UInt64
    /// Time left before the kernel forgets the source (the set's timeout, restarted at each
    /// packet): `timeout - expires` is how long ago it was last seen.
    public var expiresInMilliseconds: UInt64?

    public init(
        set: String, version: IPVersion, address: UInt128, packets: UInt64, bytes: UInt64,
        expiresInMilliseconds: UInt64?
    ) {
        self.set = set
        self.version = version
        self.address = address
        self.packets = packets
        self.bytes = bytes
        self.expiresInMilliseconds = expiresInMilliseconds
    }

    public var addressText: String { IPAddressText.format(address, version) }
}

public struct LiveSet: Sendable, Equatable, Codable {
    public var name: String
    /// nft datatype id (NFTA_SET_KEY_TYPE) and key length in bytes.
    public var keyType: UInt32
    public var keyLength: UInt32
    /// NFT_SET_* flags (interval = 0x4).
    public var flags: UInt32
    /// Elements sorted by key, interval-end flags kept, as `IntervalElements` produces them.
    /// Always empty for a dynamic set (its elements are `LiveTable.sources`).
    public var elements: [IntervalElement]
    /// Dynamic sets only (0 / [] otherwise): NFTA_SET_DESC size, timeout in ms, and the
    /// names of the expressions each element gets.
    public var size: UInt32
    public var timeoutMilliseconds: UInt64
    public var expressions: [String]

    public init(
        name: String, keyType: UInt32, keyLength: UInt32, flags: UInt32, elements: [IntervalElement],
        size: UInt32 = 0, timeoutMilliseconds: UInt64 = 0, expressions: [String] = []
    ) {
        self.name = name
        self.keyType = keyType
        self.keyLength = keyLength
        self.flags = flags
        self.elements = elements
        self.size = size
        self.timeoutMilliseconds = timeoutMilliseconds
        self.expressions = expressions
    }

    /// NFT_SET_TIMEOUT | NFT_SET_EVAL: `flags dynamic,timeout`.
    public static let dynamicFlags: UInt32 = 0x30
    public var isDynamic: Bool { flags & 0x20 != 0 }
}

public struct LiveChain: Sendable, Equatable, Codable {
    public var name: String
    /// nil for a regular chain.
    public var base: LiveBaseChain?
    public var rules: [LiveRule]

    public init(name: String, base: LiveBaseChain?, rules: [LiveRule]) {
        self.name = name
        self.base = base
        self.rules = rules
    }
}

public struct LiveBaseChain: Sendable, Equatable, Codable {
    /// "filter", "nat", "route".
    public var type: String
    /// Kernel hook number and the hook it means in this family (nil if unknown).
    public var hook: Hook?
    public var priority: Int32
    /// Sorted device names (netdev).
    public var devices: [String]
    /// NF_ACCEPT (1) or NF_DROP (0).
    public var policy: UInt32

    public init(type: String, hook: Hook?, priority: Int32, devices: [String], policy: UInt32) {
        self.type = type
        self.hook = hook
        self.priority = priority
        self.devices = devices
        self.policy = policy
    }
}

public struct LiveRule: Sendable, Equatable, Codable {
    public var exprs: [Expr]
    /// Kernel rule handle; not part of equality with a desired table.
    public var handle: UInt64

    public init(exprs: [Expr], handle: UInt64 = 0) {
        self.exprs = exprs
        self.handle = handle
    }

    /// Same expressions; the handle only says where the kernel keeps the rule.
    public static func == (a: LiveRule, b: LiveRule) -> Bool { a.exprs == b.exprs }
}

extension LiveTable {
    /// The mark of a table port0 created, `port0 0.1.0: drops …`: "port0 ", a version
    /// without spaces, then ": ".
    public static func isPort0Comment(_ comment: String?) -> Bool {
        guard let comment, comment.hasPrefix("port0 ") else { return false }
        let rest = comment.dropFirst("port0 ".count)
        guard let colon = rest.firstIndex(of: ":") else { return false }
        let version = rest[..<colon]
        return !version.isEmpty && !version.contains(" ") && rest[colon...].hasPrefix(": ")
    }
}

/// What port0 writes into its table's user data when it commits a replace: the generation
/// id the ruleset has right after that commit, how many handles the commit drew from the new
/// table's counter, and a digest of the named sets' elements. It proves the elements without
/// reading them (docs/design.md, "Large exempt sets"): at `generation` nothing was committed
/// since; after other commits, the constant exempt sets can only have changed if every rule
/// looking them up was replaced, and a new rule takes a handle above `handles` (`stampProves`).
public struct CommitStamp: Sendable, Equatable, Codable {
    public var generation: UInt32
    /// SHA-256 of the sets' names, key types and ranges (`Table.elementDigest`).
    public var digest: [UInt8]
    /// `Table.handleCount` of the committed table; nil in a stamp written before port0 recorded it.
    public var handles: UInt32?

    public init(generation: UInt32, digest: [UInt8], handles: UInt32? = nil) {
        self.generation = generation
        self.digest = digest
        self.handles = handles
    }

    /// The stamp of a commit guarded by `generation`, or nil for an unguarded one (its
    /// resulting generation is not known).
    public init?(committingAt generation: UInt32?, digest: [UInt8], handles: UInt32? = nil) {
        guard let generation else { return nil }
        self.init(generation: Self.after(generation), digest: digest, handles: handles)
    }

    /// The generation a commit moves the ruleset to: the kernel skips 0 when it wraps.
    public static func after(_ generation: UInt32) -> UInt32 {
        generation == UInt32.max ? 1 : generation + 1
    }

    /// The user-data TLV type: nft's table user data uses 0 (comment) and, from nft 1.1, 1-2;
    /// nft ignores types it does not know.
    public static let udataType: UInt8 = 0x70

    /// Format 1: format byte, generation (big endian), digest. Format 2 adds the handle count
    /// (big endian) after the generation. Both are read.
    public var bytes: [UInt8] {
        let generationBytes = Self.bigEndian(generation)
        guard let handles else { return [1] + generationBytes + digest }
        return [2] + generationBytes + Self.bigEndian(handles) + digest
    }

    public init?(bytes: [UInt8]) {
        switch (bytes.first, bytes.count) {
        case (1, 37):
            generation = Self.word(bytes[1...4])
            digest = Array(bytes[5...])
        case (2, 41):
            generation = Self.word(bytes[1...4])
            handles = Self.word(bytes[5...8])
            digest = Array(bytes[9...])
        default: return nil
        }
    }

    private static func bigEndian(_ value: UInt32) -> [UInt8] {
        [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: value >> $0) }
    }

    private static func word(_ bytes: ArraySlice<UInt8>) -> UInt32 { bytes.reduce(0) { $0 << 8 | UInt32($1) } }
}

/// The handles a read found on the table's chains, counters, sets (anonymous ones too) and
/// rules: how many, and the highest.
public struct HandleCensus: Sendable, Equatable, Codable {
    public var count: Int
    public var highest: UInt64

    public init(count: Int = 0, highest: UInt64 = 0) {
        self.count = count
        self.highest = highest
    }

    public mutating func add(_ handle: UInt64) {
        count += 1
        highest = max(highest, handle)
    }
}

extension Table {
    /// How many handles port0's replace draws from the new table's counter
    /// (nf_tables_alloc_handle): one per chain, counter, named set, rule, and anonymous set or
    /// map of a rule (`Lowering.anonymousSets`). The table's own handle comes from another counter.
    public var handleCount: UInt32 {
        var count = chains.count + counters.count + sets.count + sourceSets.count
        for chain in chains {
            for rule in chain.rules { count += 1 + Lowering.anonymousSets(rule) }
        }
        return UInt32(truncatingIfNeeded: count)
    }
}

extension Table {
    /// SHA-256 over every named interval set: name, key type and length, ranges in order.
    /// Equal digests mean equal sets (the dynamic source sets hold state, not policy).
    public var elementDigest: [UInt8] {
        var hash = SHA256()
        hash.update(UInt32(sets.count))
        for set in sets {
            hash.update(UInt32(set.name.utf8.count))
            hash.update(set.name.utf8)
            hash.update(set.keyType)
            hash.update(set.keyLength)
            hash.update(UInt32(truncatingIfNeeded: set.elements.count))
            // IPv4 ranges as 4-byte bounds: a quarter of the bytes to hash.
            for range in set.elements {
                if set.keyLength == 4 {
                    hash.update(UInt32(truncatingIfNeeded: range.first))
                    hash.update(UInt32(truncatingIfNeeded: range.last))
                } else {
                    hash.update(range.first)
                    hash.update(range.last)
                }
            }
        }
        return hash.finish()
    }
}

extension Table {
    /// The same table with empty named sets: what a read without set elements is compared with.
    public var withoutSetElements: Table {
        var table = self
        for index in table.sets.indices { table.sets[index].elements = [] }
        return table
    }
}

extension LiveTable {
    /// The outline read (sets without elements) completed with `desired`'s elements, once
    /// `stampProves` showed that the live sets hold them.
    public func completed(withElementsOf desired: Table) -> LiveTable {
        var table = self
        let byName = Dictionary(desired.sets.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for index in table.sets.indices where !table.sets[index].isDynamic {
            if let set = byName[table.sets[index].name] {
                table.sets[index].elements = IntervalElements.elements(set)
            }
        }
        return table
    }
}

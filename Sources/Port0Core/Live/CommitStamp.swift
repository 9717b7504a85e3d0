/// What port0 writes into its table's user data when it commits a replace: the generation
/// id the ruleset has right after that commit and a digest of the named sets' elements.
///
/// Why it proves the elements without reading them: the batch is guarded by the generation
/// it was planned at (NFNL_BATCH_GENID), the kernel checks it and commits under one mutex,
/// and every commit by anyone bumps the id by one, so the commit leaves the ruleset at
/// exactly `generation`. While the ruleset is still at that generation, nothing has been
/// committed since, and the sets hold what port0 sent (interval sets change only through
/// commits). Any other program's change, to this table or any other, moves the id on, and
/// port0 reads the elements again. Only 2^32 commits in between could bring the same id back.
public struct CommitStamp: Sendable, Equatable, Codable {
    public var generation: UInt32
    /// SHA-256 of the sets' names, key types and ranges (`Table.elementDigest`).
    public var digest: [UInt8]

    public init(generation: UInt32, digest: [UInt8]) {
        self.generation = generation
        self.digest = digest
    }

    /// The stamp of a commit guarded by `generation`, or nil for an unguarded one (its
    /// resulting generation is not known).
    public init?(committingAt generation: UInt32?, digest: [UInt8]) {
        guard let generation else { return nil }
        self.init(generation: Self.after(generation), digest: digest)
    }

    /// The generation a commit moves the ruleset to: the kernel skips 0 when it wraps.
    public static func after(_ generation: UInt32) -> UInt32 {
        generation == UInt32.max ? 1 : generation + 1
    }

    /// The user-data TLV type: nft's table user data uses 0 (comment) and, from nft 1.1, 1-2;
    /// nft ignores types it does not know.
    public static let udataType: UInt8 = 0x70
    private static let format: UInt8 = 1

    /// Format byte, generation (big endian), digest.
    public var bytes: [UInt8] {
        [Self.format] + [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: generation >> $0) } + digest
    }

    public init?(bytes: [UInt8]) {
        guard bytes.count == 37, bytes[0] == Self.format else { return nil }
        generation = bytes[1...4].reduce(0) { $0 << 8 | UInt32($1) }
        digest = Array(bytes[5...])
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
    /// True when this read proves, by its commit stamp, that the named sets hold exactly the
    /// elements of `digest`'s table (see `CommitStamp`).
    public func stampProves(digest: [UInt8]) -> Bool {
        guard let stamp, let generation else { return false }
        return stamp.generation == generation && stamp.digest == digest
    }

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

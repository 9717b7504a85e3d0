/// The elements nft 1.0.6 sends for an interval set: each range becomes a start key and,
/// unless it ends at the top of the address space, an end key one past its last address
/// flagged NFT_SET_ELEM_INTERVAL_END. nft also sends an end key at address 0 when the
/// first range does not start there.
public struct IntervalElement: Sendable, Equatable, Codable {
    public init(key: [UInt8], intervalEnd: Bool) {
        self.key = key
        self.intervalEnd = intervalEnd
    }

    public var key: [UInt8]
    public var intervalEnd: Bool
}

public enum IntervalElements {
    public static func elements(_ set: AddressSet) -> [IntervalElement] {
        elements(set.elements, width: set.version == .ipv4 ? 4 : 16)
    }

    /// Sorted, disjoint ranges of `width`-byte big-endian keys (at most 16).
    static func elements(_ ranges: [AddressRange], width: Int) -> [IntervalElement] {
        let top = width >= 16 ? UInt128.max : (UInt128(1) << (8 * width)) - 1
        var out: [IntervalElement] = []
        out.reserveCapacity(ranges.count * 2 + 1)
        if let first = ranges.first, first.first != 0 {
            out.append(IntervalElement(key: bytes(0, width), intervalEnd: true))
        }
        for range in ranges {
            out.append(IntervalElement(key: bytes(range.first, width), intervalEnd: false))
            if range.last != top {
                out.append(IntervalElement(key: bytes(range.last + 1, width), intervalEnd: true))
            }
        }
        return out
    }

    /// `value`'s low `width` bytes (at most 16), big-endian: a key as the kernel holds it.
    public static func bytes(_ value: UInt128, _ width: Int) -> [UInt8] {
        (0..<width).map { UInt8(truncatingIfNeeded: value >> (8 * (width - 1 - $0))) }
    }
}

/// The keys `IntervalElements.elements` gives a set, one at a time as integers: a set of a
/// million ranges is written into a batch without first becoming millions of small arrays.
/// The ranges come in chunks, each released as soon as its keys are taken: held by nothing
/// else, a large set's ranges are freed while its elements are written.
public struct IntervalKeys: Sequence, IteratorProtocol {
    private var chunks: [[AddressRange]]
    private let top: UInt128
    private var chunk = 0
    private var index = 0
    private var leadingEnd: Bool
    private var pendingEnd: UInt128?
    /// Chunks passed and let go of so far.
    public private(set) var releasedChunks = 0

    public init(_ set: AddressSet) {
        self.init(chunks: [set.elements], version: set.version)
    }

    /// `chunks`: one set's sorted, disjoint ranges, in order.
    public init(chunks: consuming [[AddressRange]], version: IPVersion) {
        top = version == .ipv4 ? UInt128(UInt32.max) : UInt128.max
        leadingEnd = chunks.first(where: { !$0.isEmpty }).map { $0[0].first != 0 } ?? false
        self.chunks = chunks
    }

    /// The ranges moved into chunks of 65,536 (2 MiB): the array is consumed, so when it
    /// was the only reference its memory goes as soon as the chunks are made.
    public static func chunks(_ ranges: consuming [AddressRange]) -> [[AddressRange]] {
        let size = 1 << 16
        guard ranges.count > size else { return [ranges] }
        return stride(from: 0, to: ranges.count, by: size).map {
            Array(ranges[$0..<Swift.min($0 + size, ranges.count)])
        }
    }

    public mutating func next() -> (value: UInt128, intervalEnd: Bool)? {
        if leadingEnd {
            leadingEnd = false
            return (0, true)
        }
        if let end = pendingEnd {
            pendingEnd = nil
            return (end, true)
        }
        while chunk < chunks.count && index == chunks[chunk].count {
            chunks[chunk] = []
            releasedChunks += 1
            chunk += 1
            index = 0
        }
        guard chunk < chunks.count else { return nil }
        let range = chunks[chunk][index]
        index += 1
        if range.last != top { pendingEnd = range.last + 1 }
        return (range.first, false)
    }
}

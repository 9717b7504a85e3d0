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

    static func bytes(_ value: UInt128, _ width: Int) -> [UInt8] {
        (0..<width).map { UInt8(truncatingIfNeeded: value >> (8 * (width - 1 - $0))) }
    }
}

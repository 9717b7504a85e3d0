/// The inverse of `IntervalElements`: interval-set elements back to inclusive ranges.
enum IntervalRanges {
    /// nil when the elements are not a well-formed interval list (two starts or two ends in
    /// a row, a range that would be empty, a key of the wrong width).
    static func ranges(_ elements: [IntervalElement], version: IPVersion) -> [AddressRange]? {
        let width = version == .ipv4 ? 4 : 16
        // By key; at equal keys the end of one range comes before the start of the next.
        let sorted = elements.sorted { a, b in
            a.key.lexicographicallyPrecedes(b.key) || (a.key == b.key && a.intervalEnd && !b.intervalEnd)
        }
        var ranges: [AddressRange] = []
        var open: UInt128?
        for (index, element) in sorted.enumerated() {
            guard element.key.count == width else { return nil }
            let key = element.key.reduce(UInt128(0)) { $0 << 8 | UInt128($1) }
            if element.intervalEnd {
                if let first = open, key > first {
                    ranges.append(AddressRange(first: first, last: key - 1))
                    open = nil
                } else if !(index == 0 && key == 0) {
                    // Only the very first element may be a lone end (at address 0).
                    return nil
                }
            } else {
                guard open == nil else { return nil }
                open = key
            }
        }
        if let first = open { ranges.append(AddressRange(first: first, last: version.maxValue)) }
        return ranges
    }
}

/// The inverse of `IntervalElements`: interval-set elements back to inclusive ranges.
enum IntervalRanges {
    /// nil when the elements are not a well-formed interval list (two starts or two ends in
    /// a row, a range that would be empty, a key of the wrong width).
    static func ranges(_ elements: [IntervalElement], version: IPVersion) -> [AddressRange]? {
        let width = version == .ipv4 ? 4 : 16
        var keys: [(value: UInt128, end: Bool)] = []
        keys.reserveCapacity(elements.count)
        for element in elements {
            guard element.key.count == width else { return nil }
            var value: UInt128 = 0
            for byte in element.key { value = value << 8 | UInt128(byte) }
            keys.append((value, element.intervalEnd))
        }
        // By key; at equal keys the end of one range comes before the start of the next.
        // Read-back and `IntervalElements` already give this order.
        func precedes(_ a: (value: UInt128, end: Bool), _ b: (value: UInt128, end: Bool)) -> Bool {
            a.value < b.value || (a.value == b.value && a.end && !b.end)
        }
        if !zip(keys, keys.dropFirst()).allSatisfy({ !precedes($1, $0) }) { keys.sort(by: precedes) }
        var ranges: [AddressRange] = []
        var open: UInt128?
        for (index, key) in keys.enumerated() {
            if key.end {
                if let first = open, key.value > first {
                    ranges.append(AddressRange(first: first, last: key.value - 1))
                    open = nil
                } else if !(index == 0 && key.value == 0) {
                    // Only the very first element may be a lone end (at address 0).
                    return nil
                }
            } else {
                guard open == nil else { return nil }
                open = key.value
            }
        }
        if let first = open { ranges.append(AddressRange(first: first, last: version.maxValue)) }
        return ranges
    }

    /// Elements in the order `ranges` reads them, for comparing sets that do not decode.
    static func inKeyOrder(_ elements: [IntervalElement]) -> [IntervalElement] {
        elements.sorted { a, b in
            a.key.lexicographicallyPrecedes(b.key) || (a.key == b.key && a.intervalEnd && !b.intervalEnd)
        }
    }
}

/// Sorts ranges and merges overlapping and adjacent ones, so the kernel's interval set
/// gets disjoint elements (overlaps are an error to the kernel, and duplicates are common
/// in hand-kept lists).
enum RangeMerger {
    static func merge(_ ranges: [AddressRange]) -> [AddressRange] {
        var merged = ranges
        merge(&merged)
        return merged
    }

    /// In place: sorted, then folded from the front; a list that shrank a lot (duplicates)
    /// moves to a buffer of its own size.
    static func merge(_ ranges: inout [AddressRange]) {
        ranges.sort()
        var count = 0
        for index in ranges.indices {
            let range = ranges[index]
            if count > 0, ranges[count - 1].last == .max || range.first <= ranges[count - 1].last + 1 {
                ranges[count - 1].last = max(ranges[count - 1].last, range.last)
            } else {
                ranges[count] = range
                count += 1
            }
        }
        if count < ranges.count / 2 {
            ranges = [AddressRange](unsafeUninitializedCapacity: count) { buffer, initialized in
                ranges.withUnsafeBufferPointer { old in
                    _ = buffer.initialize(fromContentsOf: old[0..<count])
                }
                initialized = count
            }
        } else {
            ranges.removeLast(ranges.count - count)
        }
    }
}

/// How nft writes one interval-set element.
public enum AddressNotation: Sendable, Equatable {
    /// `192.0.2.1`
    case address(String)
    /// `192.0.2.0/24`
    case prefix(String, length: Int)
    /// `192.0.2.3-192.0.2.9`
    case range(String, String)
}

extension AddressRange {
    /// A prefix when the range is one, else an address or a range: the form nft lists it in.
    public func notation(_ version: IPVersion) -> AddressNotation {
        let size = last - first
        // A prefix when size+1 is a power of two and `first` is aligned to it.
        if size == .max || (size & (size &+ 1)) == 0 && first & size == 0 {
            let hostBits = size == .max ? 128 : (size == 0 ? 0 : 128 - size.leadingZeroBitCount)
            let address = IPAddressText.format(first, version)
            return hostBits == 0 ? .address(address) : .prefix(address, length: version.bitWidth - hostBits)
        }
        return .range(IPAddressText.format(first, version), IPAddressText.format(last, version))
    }

    /// nft's notation: `192.0.2.1`, `192.0.2.0/24`, or `192.0.2.3-192.0.2.9`.
    public func nftText(_ version: IPVersion) -> String {
        switch notation(version) {
        case .address(let address): return address
        case .prefix(let address, let length): return "\(address)/\(length)"
        case .range(let low, let high): return "\(low)-\(high)"
        }
    }
}

/// The Internet checksum (RFC 1071): ones'-complement sum of 16-bit big-endian words.
enum Checksum {
    /// The folded ones'-complement sum, not yet complemented.
    static func sum(_ chunks: [UInt8]...) -> UInt16 {
        var total: UInt32 = 0
        for bytes in chunks {
            var index = 0
            while index + 1 < bytes.count {
                total += UInt32(bytes[index]) << 8 | UInt32(bytes[index + 1])
                index += 2
            }
            if index < bytes.count { total += UInt32(bytes[index]) << 8 }
        }
        while total > 0xffff { total = (total & 0xffff) + (total >> 16) }
        return UInt16(total)
    }

    /// The value to store in a checksum field whose bytes are zero in `chunks`.
    static func internet(_ chunks: [UInt8]...) -> UInt16 {
        var total: UInt32 = 0
        for chunk in chunks { total += UInt32(sum(chunk)) }
        while total > 0xffff { total = (total & 0xffff) + (total >> 16) }
        return ~UInt16(total)
    }

    /// TCP/UDP/ICMPv6 pseudo-header for a transport segment of `length` bytes.
    static func pseudoHeader(source: IPAddress, destination: IPAddress, protocol number: UInt8, length: Int)
        -> [UInt8]
    {
        switch source.version {
        case .ipv4:
            return source.bytes + destination.bytes + [0, number] + UInt16(length).bigEndianBytes
        case .ipv6:
            return source.bytes + destination.bytes + UInt32(length).bigEndianBytes + [0, 0, 0, number]
        }
    }
}

extension FixedWidthInteger {
    var bigEndianBytes: [UInt8] {
        (0..<(Self.bitWidth / 8)).reversed().map { UInt8(truncatingIfNeeded: self >> ($0 * 8)) }
    }
}

extension Array where Element == UInt8 {
    mutating func store(_ value: UInt16, at offset: Int) {
        self[offset] = UInt8(value >> 8)
        self[offset + 1] = UInt8(value & 0xff)
    }
}

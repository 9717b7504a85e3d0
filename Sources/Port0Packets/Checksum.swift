/// The Internet checksum (RFC 1071): ones'-complement sum of 16-bit big-endian words.
public enum Checksum {
    /// The folded ones'-complement sum of `chunks` (each odd one padded with a zero byte), not
    /// yet complemented.
    public static func sum(_ chunks: [UInt8]...) -> UInt16 { sum(chunks) }

    /// The value to store in a checksum field whose bytes are zero in `chunks`.
    public static func internet(_ chunks: [UInt8]...) -> UInt16 { ~sum(chunks) }

    static func sum(_ chunks: [[UInt8]]) -> UInt16 {
        var total: UInt32 = 0
        for bytes in chunks {
            var index = 0
            while index + 1 < bytes.count {
                total += UInt32(bytes[index]) << 8 | UInt32(bytes[index + 1])
                index += 2
            }
            if index < bytes.count { total += UInt32(bytes[index]) << 8 }
            while total > 0xffff { total = (total & 0xffff) + (total >> 16) }
        }
        return UInt16(total)
    }

    /// The TCP/UDP/ICMPv6 pseudo-header for a segment of `length` bytes; the address length
    /// says the family.
    public static func pseudoHeader(source: [UInt8], destination: [UInt8], protocol number: UInt8, length: Int)
        -> [UInt8]
    {
        source.count == 4
            ? source + destination + [0, number] + UInt16(length).bigEndianBytes
            : source + destination + UInt32(length).bigEndianBytes + [0, 0, 0, number]
    }
}

extension FixedWidthInteger {
    /// The value's bytes in network order.
    public var bigEndianBytes: [UInt8] {
        (0..<(Self.bitWidth / 8)).reversed().map { UInt8(truncatingIfNeeded: self >> ($0 * 8)) }
    }
}

extension Array where Element == UInt8 {
    mutating func store(_ value: UInt16, at offset: Int) {
        self[offset] = UInt8(value >> 8)
        self[offset + 1] = UInt8(value & 0xff)
    }
}

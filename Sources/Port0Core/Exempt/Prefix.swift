/// One exempt prefix, e.g. `192.0.2.0/24` or `2001:db8::/32`.
public struct Prefix: Sendable, Hashable {
    public var version: IPVersion
    public var range: AddressRange

    static let expected =
        "an IPv4 or IPv6 address or CIDR prefix such as 192.0.2.0/24 or 2001:db8::/32"

    /// Parses a prefix. Host bits set are an error (a typo like 10.0.0.1/8 would exempt far
    /// more or less than meant); the message names the prefix that was probably intended.
    /// An IPv4-mapped IPv6 prefix (`::ffff:192.0.2.0/120`) becomes its IPv4 prefix: mapped
    /// addresses never appear in IPv6 headers on the wire, the IPv4 packets they stand for do.
    public static func parse(_ text: String) -> Result<Prefix, PrefixError> {
        var text = text
        return text.withUTF8 { parse(bytes: $0) }
    }

    /// The same, from the UTF-8 bytes of one line: exempt files of 100,000 prefixes are read
    /// without making a String per line.
    static func parse(bytes: UnsafeBufferPointer<UInt8>) -> Result<Prefix, PrefixError> {
        let slash = bytes.firstIndex(of: UInt8(ascii: "/"))
        guard
            let (version, address) = IPAddressText.parse(
                UnsafeBufferPointer(rebasing: bytes[..<(slash ?? bytes.endIndex)]))
        else {
            return .failure(.malformed)
        }
        var length = version.bitWidth
        if let slash {
            // One or more ASCII digits, nothing else (a second '/' included), at most the width.
            let digits = bytes[(slash + 1)...]
            var parsed = 0
            guard !digits.isEmpty else { return .failure(.malformed) }
            for byte in digits {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return .failure(.malformed) }
                parsed = parsed * 10 + Int(byte - UInt8(ascii: "0"))
                if parsed > version.bitWidth { return .failure(.malformed) }
            }
            length = parsed
        }
        let hostBits = version.bitWidth - length
        let hostMask: UInt128 = hostBits == 0 ? 0 : (hostBits == 128 ? .max : (UInt128(1) << hostBits) - 1)
        if address & hostMask != 0 {
            let network = IPAddressText.format(address & ~hostMask, version)
            return .failure(.hostBitsSet(canonical: "\(network)/\(length)"))
        }
        var prefix = Prefix(version: version, range: AddressRange(first: address, last: address | hostMask))
        let mapped: UInt128 = 0xffff_0000_0000
        if version == .ipv6, length >= 96, address >> 32 == mapped >> 32 {
            prefix = Prefix(
                version: .ipv4,
                range: AddressRange(first: prefix.range.first & 0xffff_ffff, last: prefix.range.last & 0xffff_ffff))
        }
        return .success(prefix)
    }
}

public enum PrefixError: Error, Equatable, Sendable {
    case malformed
    case hostBitsSet(canonical: String)

    public var expected: String {
        switch self {
        case .malformed: return Prefix.expected
        case .hostBitsSet(let canonical): return "no host bits set, e.g. \(canonical)"
        }
    }
}

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
        return text.withUTF8 { parse(utf8: $0) }
    }

    /// Parses the UTF-8 bytes of a prefix without making a String: an exempt file of a
    /// million lines goes through here.
    static func parse(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Result<Prefix, PrefixError> {
        // Only the characters of address notation, before anything reaches inet_pton: a NUL
        // would end the C string early and quietly drop the rest of the line.
        guard bytes.count <= maxLength, bytes.allSatisfy(isNotationByte) else { return .failure(.malformed) }
        let slash = bytes.firstIndex(of: UInt8(ascii: "/"))
        let parsedAddress = withUnsafeTemporaryAllocation(of: CChar.self, capacity: maxLength + 1) { cString in
            let end = slash ?? bytes.count
            for index in 0..<end { cString[index] = CChar(bitPattern: bytes[index]) }
            cString[end] = 0
            return IPAddressText.parse(cString: cString.baseAddress!)
        }
        guard let (version, address) = parsedAddress else { return .failure(.malformed) }
        var length = version.bitWidth
        if let slash {
            let digits = bytes[(slash + 1)...]
            guard (1...3).contains(digits.count), digits.allSatisfy({ (0x30...0x39).contains($0) }) else {
                return .failure(.malformed)
            }
            length = digits.reduce(0) { $0 * 10 + Int($1 - 0x30) }
            guard length <= version.bitWidth else { return .failure(.malformed) }
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

    /// 0.0.0.0/0 or ::/0 (or ::ffff:0:0/96, which becomes 0.0.0.0/0): exempting it switches
    /// port0 off for the whole family, which is refused unless `--allow-exempt-all` says so.
    public var coversWholeFamily: Bool {
        range.first == 0 && range.last == (version == .ipv4 ? UInt128(UInt32.max) : UInt128.max)
    }

    var wholeFamilyExpected: String {
        let family = version == .ipv4 ? "IPv4" : "IPv6"
        return
            "a narrower prefix: this one exempts every \(family) packet, switching port0 off for \(family) (--allow-exempt-all if that is meant)"
    }

    /// The longest prefix text, `ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255/128`, is 49 bytes.
    static let maxLength = 64

    static func isNotationByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"),
            UInt8(ascii: "A")...UInt8(ascii: "F"), UInt8(ascii: "."), UInt8(ascii: ":"), UInt8(ascii: "/"):
            return true
        default:
            return false
        }
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

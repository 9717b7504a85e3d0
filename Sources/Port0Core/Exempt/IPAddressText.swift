#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// Address text in and out, through libc's inet_pton/inet_ntop: they are strict (no octal,
/// no short forms) and print IPv6 exactly as nft does.
enum IPAddressText {
    static func parse(_ text: String) -> (IPVersion, UInt128)? {
        var text = text
        return text.withUTF8 { parse($0) }
    }

    /// From UTF-8 bytes, without a String: copied NUL-terminated into a stack buffer (the
    /// longest valid address text, an IPv4-mapped IPv6 address, is 45 bytes).
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> (IPVersion, UInt128)? {
        guard bytes.count < 64 else { return nil }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: 64) { buffer in
            for (index, byte) in bytes.enumerated() { buffer[index] = CChar(bitPattern: byte) }
            buffer[bytes.count] = 0
            return parse(cString: buffer.baseAddress!)
        }
    }

    private static func parse(cString text: UnsafePointer<CChar>) -> (IPVersion, UInt128)? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            return (.ipv4, UInt128(UInt32(bigEndian: v4.s_addr)))
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 {
            let value = withUnsafeBytes(of: &v6) { raw in
                raw.reduce(UInt128(0)) { ($0 << 8) | UInt128($1) }
            }
            return (.ipv6, value)
        }
        return nil
    }

    static func format(_ value: UInt128, _ version: IPVersion) -> String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        switch version {
        case .ipv4:
            var address = in_addr(s_addr: UInt32(truncatingIfNeeded: value).bigEndian)
            inet_ntop(AF_INET, &address, &buffer, socklen_t(buffer.count))
        case .ipv6:
            var address = in6_addr()
            withUnsafeMutableBytes(of: &address) { raw in
                for index in 0..<16 { raw[index] = UInt8(truncatingIfNeeded: value >> (8 * (15 - index))) }
            }
            inet_ntop(AF_INET6, &address, &buffer, socklen_t(buffer.count))
        }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

extension IPVersion {
    public var bitWidth: Int { self == .ipv4 ? 32 : 128 }
    var maxValue: UInt128 { self == .ipv4 ? UInt128(UInt32.max) : UInt128.max }
}

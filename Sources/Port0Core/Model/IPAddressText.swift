import Glibc

/// Address text in and out, through libc's inet_pton/inet_ntop: they are strict (no octal,
/// no short forms) and print IPv6 exactly as nft does.
enum IPAddressText {
    static func parse(cString text: UnsafePointer<CChar>) -> (IPVersion, UInt128)? {
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
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: Int(INET6_ADDRSTRLEN)) { buffer in
            let size = socklen_t(buffer.count)
            switch version {
            case .ipv4:
                var address = in_addr(s_addr: UInt32(truncatingIfNeeded: value).bigEndian)
                inet_ntop(AF_INET, &address, buffer.baseAddress, size)
            case .ipv6:
                var address = in6_addr()
                withUnsafeMutableBytes(of: &address) { raw in
                    for index in 0..<16 { raw[index] = UInt8(truncatingIfNeeded: value >> (8 * (15 - index))) }
                }
                inet_ntop(AF_INET6, &address, buffer.baseAddress, size)
            }
            return String(cString: buffer.baseAddress!)
        }
    }
}

extension IPVersion {
    public var bitWidth: Int { self == .ipv4 ? 32 : 128 }
    var maxValue: UInt128 { self == .ipv4 ? UInt128(UInt32.max) : UInt128.max }
}

import Glibc
import Port0Core

public struct IPv4Address: Sendable, Equatable, CustomStringConvertible {
    public var bytes: [UInt8]

    public init(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) { bytes = [a, b, c, d] }

    public var description: String { bytes.map(String.init).joined(separator: ".") }
}

public struct IPv6Address: Sendable, Equatable, CustomStringConvertible {
    public var bytes: [UInt8]

    public init(_ groups: UInt16...) {
        precondition(groups.count == 8)
        bytes = groups.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xff)] }
    }

    /// Groups in hex without leading zeros; the longest run of zero groups as "::".
    public var description: String {
        let groups = stride(from: 0, to: 16, by: 2).map { UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]) }
        var best = (start: -1, length: 0)
        var index = 0
        while index < 8 {
            var end = index
            while end < 8 && groups[end] == 0 { end += 1 }
            if end - index > best.length && end - index > 1 { best = (index, end - index) }
            index = max(end, index + 1)
        }
        let hex = groups.map { String($0, radix: 16) }
        guard best.start >= 0 else { return hex.joined(separator: ":") }
        return hex[..<best.start].joined(separator: ":") + "::"
            + hex[(best.start + best.length)...].joined(separator: ":")
    }
}

/// An address of either family, with the socket address the kernel wants for it.
public enum IPAddress: Sendable, Equatable, CustomStringConvertible {
    case v4(IPv4Address)
    case v6(IPv6Address)

    public var version: IPVersion {
        if case .v4 = self { return .ipv4 }
        return .ipv6
    }

    public var bytes: [UInt8] {
        switch self {
        case .v4(let address): return address.bytes
        case .v6(let address): return address.bytes
        }
    }

    public var description: String {
        switch self {
        case .v4(let address): return address.description
        case .v6(let address): return address.description
        }
    }

    var family: Int32 { version == .ipv4 ? AF_INET : AF_INET6 }

    /// Calls `body` with a sockaddr_in/sockaddr_in6 for this address and `port`.
    func withSockaddr<R>(port: UInt16, _ body: (UnsafePointer<sockaddr>, socklen_t) -> R) -> R {
        func call<Address>(_ address: Address) -> R {
            withUnsafePointer(to: address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<Address>.size)) }
            }
        }
        switch self {
        case .v4(let address):
            var sin = sockaddr_in()
            sin.sin_family = sa_family_t(AF_INET)
            sin.sin_port = port.bigEndian
            withUnsafeMutableBytes(of: &sin.sin_addr) { $0.copyBytes(from: address.bytes) }
            return call(sin)
        case .v6(let address):
            var sin6 = sockaddr_in6()
            sin6.sin6_family = sa_family_t(AF_INET6)
            sin6.sin6_port = port.bigEndian
            withUnsafeMutableBytes(of: &sin6.sin6_addr) { $0.copyBytes(from: address.bytes) }
            return call(sin6)
        }
    }
}

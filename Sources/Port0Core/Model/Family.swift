/// The nftables address family of port0's table.
///
/// `inet` covers IPv4 and IPv6 in one table (hosts and routers); `netdev` binds to
/// devices and sees packets before the IP stack does (ISP edge links).
public enum Family: String, Sendable, CaseIterable, Codable {
    case inet
    case netdev

    /// Hooks this family can attach a base chain to.
    public var hooks: [Hook] {
        switch self {
        case .inet: return [.prerouting, .input, .forward, .output, .postrouting]
        case .netdev: return [.ingress, .egress]
        }
    }
}

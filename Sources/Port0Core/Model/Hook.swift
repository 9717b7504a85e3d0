/// A netfilter hook a base chain attaches to.
public enum Hook: String, Sendable, CaseIterable, Codable {
    case prerouting, input, forward, output, postrouting
    case ingress, egress

    /// The family that owns the hook.
    public var family: Family {
        switch self {
        case .ingress, .egress: return .netdev
        default: return .inet
        }
    }

    /// Which traffic the hook filters; names the chain's counters and metrics.
    public var direction: Direction {
        switch self {
        case .prerouting, .input, .ingress: return .inbound
        case .forward: return .forward
        case .output, .postrouting, .egress: return .outbound
        }
    }

    /// The kernel's `reject` expression only validates in these hooks (measured on 6.18:
    /// postrouting and netdev egress fail with EOPNOTSUPP).
    public var allowsReject: Bool {
        switch self {
        case .prerouting, .input, .forward, .output, .ingress: return true
        case .postrouting, .egress: return false
        }
    }

    /// Kernel hook number (NF_INET_* / NF_NETDEV_*).
    public var number: UInt32 {
        switch self {
        case .prerouting: return 0
        case .input: return 1
        case .forward: return 2
        case .output: return 3
        case .postrouting: return 4
        case .ingress: return 0
        case .egress: return 1
        }
    }
}

/// The traffic a chain sees, as reported in counter names and metrics.
public enum Direction: String, Sendable, CaseIterable, Codable {
    case inbound, forward, outbound
}

/// The transport-header field that carries port 0.
public enum PortField: String, Sendable, CaseIterable, Codable {
    case dport, sport

    /// Byte offset of the field in the TCP and UDP headers.
    public var transportOffset: UInt32 { self == .sport ? 0 : 2 }
}

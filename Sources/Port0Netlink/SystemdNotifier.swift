import CPort0Sys
import Glibc

/// systemd's notify protocol (sd_notify(3)) without libsystemd: one datagram per message to
/// the AF_UNIX socket named by $NOTIFY_SOCKET. $NOTIFY_SOCKET and $WATCHDOG_USEC (with
/// $WATCHDOG_PID) are how systemd configures a service: the only environment port0 reads.
public struct SystemdNotifier: Sendable {
    public let socketPath: String?
    /// Half the watchdog timeout, when systemd asked for pings.
    public let watchdogInterval: Double?

    public init() {
        let socket = getenv("NOTIFY_SOCKET").map { String(cString: $0) }
        socketPath = socket?.isEmpty == false ? socket : nil
        let owner = getenv("WATCHDOG_PID").map { String(cString: $0) }.flatMap { Int32($0) }
        if let usec = getenv("WATCHDOG_USEC").map({ String(cString: $0) }).flatMap({ UInt64($0) }), usec > 0,
            owner == nil || owner == getpid()
        {
            watchdogInterval = Double(usec) / 2_000_000
        } else {
            watchdogInterval = nil
        }
    }

    /// Sends `lines` (e.g. "READY=1", "STATUS=…") as one datagram; false if it could not
    /// be delivered (systemd gone, or not started by systemd at all).
    @discardableResult
    public func send(_ lines: [String]) -> Bool {
        guard let socketPath else { return false }
        let message = lines.map { $0.replacingNewlines }.joined(separator: "\n")
        return port0_notify_datagram(socketPath, message) == 0
    }
}

extension String {
    fileprivate var replacingNewlines: String { String(map { $0 == "\n" ? " " : $0 }) }
}

import CPort0Sys
import Glibc
import Port0Core
import Port0System

/// SIGTERM, SIGINT and SIGHUP as readable events on a descriptor (signalfd), so a
/// single-threaded poll loop handles them between repairs, never in the middle of one.
public final class SignalEvents {
    public let fd: Int32

    public init() throws(Port0Error) {
        fd = port0_signalfd_open()
        guard fd >= 0 else { throw .system(context: "signalfd", reason: Errno.current.description) }
    }

    deinit { close(fd) }

    /// The signals queued now.
    public func drain() -> [Int32] {
        var signals: [Int32] = []
        while true {
            let signal = port0_signalfd_next(fd)
            if signal <= 0 { return signals }
            signals.append(signal)
        }
    }
}

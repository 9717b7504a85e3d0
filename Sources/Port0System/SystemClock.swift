import Glibc

/// Seconds by the monotonic clock (for deadlines and intervals) and the wall clock (for
/// timestamps people read).
public enum SystemClock {
    public static var monotonic: Double { seconds(CLOCK_MONOTONIC) }
    public static var wall: Double { seconds(CLOCK_REALTIME) }

    private static func seconds(_ clock: clockid_t) -> Double {
        var spec = timespec()
        clock_gettime(clock, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1_000_000_000
    }
}

import Glibc
import Port0System

/// Pauses between commit attempts: 10 ms doubling to 400 ms, each with ±50 % jitter so two
/// programs retrying against each other fall out of step, within a total window measured
/// from the first pause.
public struct RetryBackoff {
    public let window: Double
    private var next = 0.01
    private var start: Double?

    public init(window: Double) { self.window = window }

    /// Sleeps and returns true, or returns false when the window is used up.
    public mutating func pause() -> Bool {
        let now = SystemClock.monotonic
        let start = self.start ?? now
        self.start = start
        let seconds = next * Double.random(in: 0.5...1.5)
        guard now + seconds - start <= window else { return false }
        next = min(next * 2, 0.4)
        var request = timespec(tv_sec: Int(seconds), tv_nsec: Int((seconds - Double(Int(seconds))) * 1e9))
        var remaining = timespec()
        while nanosleep(&request, &remaining) != 0 && errno == EINTR { request = remaining }
        return true
    }
}

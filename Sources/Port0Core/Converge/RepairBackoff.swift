/// When the guard may repair next. Repairs are immediate until another program keeps undoing
/// them (`burst` repairs within `window` seconds): then each further repair waits twice as
/// long as the last (from `initialDelay` up to `maxDelay`), so two tools fighting over the
/// table cost a few commits a minute, not a busy loop. A quiet `window` resets it.
///
/// Failed repairs (the kernel refused the table) back off the same way from their first
/// failure. Times are seconds on a monotonic clock.
public struct RepairBackoff: Sendable, Equatable {
    public var burst: Int
    public var window: Double
    public var initialDelay: Double
    public var maxDelay: Double

    /// Start times of recent repairs, oldest first (at most `burst`).
    private var recent: [Double] = []
    /// The delay imposed on the next repair, 0 when not fighting.
    public private(set) var delay: Double = 0
    private var lastEvent: Double?

    public init(burst: Int = 10, window: Double = 10, initialDelay: Double = 0.1, maxDelay: Double = 30) {
        self.burst = burst
        self.window = window
        self.initialDelay = initialDelay
        self.maxDelay = maxDelay
    }

    /// True while repairs are being delayed.
    public var isBackingOff: Bool { delay > 0 }

    /// The earliest time a repair wanted at `now` may run.
    public func earliestRepair(after now: Double) -> Double {
        guard delay > 0, let lastEvent else { return now }
        return max(now, lastEvent + delay)
    }

    /// Records a repair (or failed attempt) at `now`. Returns true when this repair made the
    /// guard start backing off or back off further (the caller logs it loudly).
    public mutating func record(at now: Double, failed: Bool = false) -> Bool {
        if let lastEvent, now - lastEvent > window + delay {
            recent.removeAll()
            delay = 0
        }
        lastEvent = now
        recent.append(now)
        recent.removeAll { now - $0 > window + delay }
        if recent.count > burst { recent.removeFirst(recent.count - burst) }
        if failed || recent.count >= burst {
            delay = delay == 0 ? initialDelay : min(maxDelay, delay * 2)
            return true
        }
        return false
    }

    /// Forgets the fight once nothing happened for a whole window.
    public mutating func settle(at now: Double) {
        if let lastEvent, now - lastEvent > window + delay {
            recent.removeAll()
            delay = 0
        }
    }
}

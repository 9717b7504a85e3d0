/// Brings port0's table to the desired state through a `RulesetKernel`, and reports on it:
/// `plan` (what apply would do), `apply` (convergent: nothing is committed when the live
/// table already is the desired one) and `status` (installed, drift, counters).
public struct Converger {
    public let kernel: any RulesetKernel
    /// Commits refused because the ruleset changed since it was read are retried this many
    /// times in all, each after a fresh read.
    public let maxAttempts: Int

    public init(kernel: any RulesetKernel, maxAttempts: Int = 5) {
        self.kernel = kernel
        self.maxAttempts = maxAttempts
    }

    public func plan(_ desired: Table) throws(Port0Error) -> PlanReport {
        let live = try kernel.read(family: desired.family, name: desired.name)
        return PlanReport(live: live, desired: desired, kernel: kernel.version)
    }

    /// Reads the live table; if it differs, replaces it in one batch guarded by the
    /// generation id read before planning, carrying the live counter values over. A
    /// concurrent change (`generationChanged`) means re-read and plan again.
    ///
    /// The first look leaves out named-set elements (slow to dump when large): if anything
    /// else differs the table is replaced at once; only a table equal in everything else
    /// has its elements read and compared.
    public func apply(_ desired: Table) throws(Port0Error) -> ApplyOutcome {
        var withoutElements = desired
        for index in withoutElements.sets.indices { withoutElements.sets[index].elements = [] }
        for attempt in 1...max(1, maxAttempts) {
            let generation = try kernel.generation()
            var live = try kernel.read(family: desired.family, name: desired.name, namedSetElements: false)
            if let outline = live, Drift(live: outline, desired: withoutElements).isEmpty {
                live = try kernel.read(family: desired.family, name: desired.name, namedSetElements: true)
                if let live, Drift(live: live, desired: desired).isEmpty {
                    return ApplyOutcome(changed: false, summary: ApplySummary(table: desired), attempts: attempt)
                }
            }
            do {
                let summary = try kernel.replace(desired.carryingCounters(from: live), ifGeneration: generation)
                return ApplyOutcome(changed: true, summary: summary, attempts: attempt)
            } catch .generationChanged {
                continue
            }
        }
        throw .generationKeptChanging(attempts: max(1, maxAttempts))
    }

    public func status(_ desired: Table) throws(Port0Error) -> StatusReport {
        let live = try kernel.read(family: desired.family, name: desired.name)
        return StatusReport(live: live, desired: desired, kernel: kernel.version)
    }
}

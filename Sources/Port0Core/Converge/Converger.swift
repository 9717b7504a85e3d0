/// Brings port0's table to the desired state through a `RulesetKernel`, and reports on it:
/// `plan` (what apply would do), `apply` (convergent: nothing is committed when the live
/// table already is the desired one) and `status` (installed, drift, counters).
public struct Converger {
    public let kernel: any RulesetKernel
    /// Commits refused because the ruleset changed since it was read are retried, each
    /// after a fresh read and a pause that grows (with jitter), for at most this long.
    public let retryWindow: Double
    /// Replace or remove a table of port0's name that port0 did not create (`--adopt`).
    public let adopt: Bool

    public init(kernel: any RulesetKernel, retryWindow: Double = 10, adopt: Bool = false) {
        self.kernel = kernel
        self.retryWindow = retryWindow
        self.adopt = adopt
    }

    /// Refused, as apply would refuse, when the table is not port0's (see `Ownership`).
    ///
    /// The set elements are not dumped when the table's commit stamp proves them
    /// (`CommitStamp`); they are listed only in a diff that needs them.
    public func plan(_ desired: Table) throws(Port0Error) -> PlanReport {
        let (live, proven) = try readProvingElements(desired, sources: false)
        try Ownership.check(live, action: "replace", adopt: adopt, ownPort: kernel.ownerPort)
        if let live, proven {
            let report = PlanReport(live: live, desired: desired.withoutSetElements, kernel: kernel.version)
            if !report.changesPending { return report }
            return PlanReport(live: live.completed(withElementsOf: desired), desired: desired, kernel: kernel.version)
        }
        return PlanReport(live: live, desired: desired, kernel: kernel.version)
    }

    /// Deletes the table if it is port0's (or `adopt`); false when it was absent.
    public func remove(family: Family, name: String) throws(Port0Error) -> Bool {
        let live = try kernel.read(family: family, name: name, namedSetElements: false)
        guard live != nil else { return false }
        try Ownership.check(live, action: "remove", adopt: adopt, ownPort: kernel.ownerPort)
        return try kernel.delete(family: family, name: name)
    }

    /// Reads the live table; if it differs, replaces it in one batch guarded by the
    /// generation id read before planning, carrying the live counter values over. A
    /// concurrent change (`generationChanged`) means re-read and plan again.
    ///
    /// The first look leaves out named-set elements (slow to dump when large): if anything
    /// else differs the table is replaced at once; only a table equal in everything else
    /// has its elements read and compared.
    ///
    /// A table whose commit stamp proves its sets (`CommitStamp`: nothing was committed
    /// since port0's own replace, which sent exactly these elements, or the table still holds
    /// exactly that replace's objects, so its constant sets cannot have changed) is not
    /// dumped: the elements of a large set are most of a read's cost.
    ///
    /// Under frequent commits by other programs the window between reading the generation
    /// and committing is what fails: the batch is built once (`prepare`) and only its head
    /// (tables, chains, counters) is rebuilt per attempt, and a retry does not re-read the
    /// elements it already found different.
    ///
    /// `desired` is consumed: handed on to `prepare` as the only reference, a large table's
    /// ranges can be freed while they are encoded (the batch is the big thing then).
    public func apply(_ desired: consuming Table) throws(Port0Error) -> ApplyOutcome {
        let (family, name) = (desired.family, desired.name)
        let withoutElements = desired.withoutSetElements
        let summary = ApplySummary(table: copy desired)
        var digest: [UInt8]?
        var prepared: PreparedReplace?
        var backoff = RetryBackoff(window: retryWindow)
        var attempt = 0
        while true {
            attempt += 1
            var (live, generation) = try kernel.readWithGeneration(
                family: family, name: name, namedSetElements: false)
            try Ownership.check(live, action: "replace", adopt: adopt, ownPort: kernel.ownerPort)
            if prepared == nil, let outline = live, outline.matches(withoutElements) {
                // Without named sets that hold elements (dynamic sets' are state, never
                // compared) the first look was the whole table; with them, the commit stamp
                // may prove the elements.
                if digest == nil { digest = desired.elementDigest }
                if outline.sets.allSatisfy({ $0.flags & LiveSet.dynamicFlags == LiveSet.dynamicFlags })
                    || outline.stampProvesMatchedOutline(digest: digest ?? [])
                {
                    return ApplyOutcome(changed: false, summary: summary, attempts: attempt)
                }
                do throws(Port0Error) {
                    live = try kernel.read(family: family, name: name, namedSetElements: true)
                    if let live, Drift(live: live, desired: copy desired).isEmpty {
                        return ApplyOutcome(changed: false, summary: summary, attempts: attempt)
                    }
                } catch .readKeptChanging {
                    // The elements could not be read consistently: replacing the table is
                    // right whether or not they differ (counters carry over from the outline).
                }
            }
            do throws(Port0Error) {
                let ready: PreparedReplace
                if let prepared {
                    ready = prepared
                } else {
                    // Moved out: `prepare` gets the only reference to the ranges.
                    let stampDigest = digest ?? desired.elementDigest
                    let table = consume desired
                    desired = withoutElements
                    ready = try kernel.prepare(consume table, elementDigest: stampDigest)
                }
                prepared = ready
                let counters = ready.table.carryingCounters(from: live).counters
                let committed = try kernel.commit(ready, counters: counters, ifGeneration: generation)
                return ApplyOutcome(changed: true, summary: committed, attempts: attempt)
            } catch .generationChanged {
                guard backoff.pause() else { throw .generationKeptChanging(attempts: attempt) }
            }
        }
    }

    /// What status proves: the table's structure, rules and counters from the kernel, always;
    /// the set elements by the commit stamp when it can (`LiveTable.stampProves`), else by
    /// dumping and comparing them.
    public func status(_ desired: Table) throws(Port0Error) -> StatusReport {
        let (live, proven) = try readProvingElements(desired, sources: true)
        return StatusReport(live: live, desired: proven ? desired.withoutSetElements : desired, kernel: kernel.version)
    }

    /// The table, and whether its commit stamp proves that its named sets hold exactly
    /// `desired`'s elements: then they are left out of the read (sets come back empty).
    /// Dynamic sets' sources (state, never compared) are read only for `sources` (status
    /// reports them; plan does not).
    func readProvingElements(_ desired: Table, sources: Bool) throws(Port0Error) -> (LiveTable?, proven: Bool) {
        guard !desired.sets.isEmpty else { return (try kernel.read(family: desired.family, name: desired.name), false) }
        let outline =
            sources && !desired.sourceSets.isEmpty
            ? try kernel.readWithoutIntervalElements(family: desired.family, name: desired.name)
            : try kernel.read(family: desired.family, name: desired.name, namedSetElements: false)
        guard let outline else { return (nil, false) }
        if outline.stampProves(desired, digest: desired.elementDigest) { return (outline, true) }
        return (try kernel.read(family: desired.family, name: desired.name), false)
    }
}

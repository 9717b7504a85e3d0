/// What port0 needs from the kernel, as plain model values. Port0Netlink implements it over
/// libnftnl/libmnl; tests can implement it to exercise orchestration (retries, convergence)
/// without a kernel.
public protocol RulesetKernel {
    /// The ruleset generation id (NFT_MSG_GETGEN); bumps on every committed change.
    func generation() throws(Port0Error) -> UInt32

    /// port0's table as it is now, or nil when absent. Consistent: re-read if the
    /// generation changed during the dumps. With `namedSetElements` false, named sets come
    /// back with no elements: a cheap first look (a 100,000-prefix set takes the kernel most
    /// of a second to dump).
    func read(family: Family, name: String, namedSetElements: Bool) throws(Port0Error) -> LiveTable?

    /// `read` without the interval sets' elements but with the dynamic sets' sources: what
    /// `status` needs once the commit stamp has proved the interval sets.
    func readWithoutIntervalElements(family: Family, name: String) throws(Port0Error) -> LiveTable?

    /// `read`, with the generation id the table was read at: a commit guarded by it is refused
    /// if anything changed since the read (one consistent look serves both the comparison and
    /// the counters carried over, with no separate NFT_MSG_GETGEN before it).
    func readWithGeneration(family: Family, name: String, namedSetElements: Bool) throws(Port0Error) -> (
        table: LiveTable?, generation: UInt32
    )

    /// Replaces the table atomically in one batch (create, delete, define). With a
    /// generation, the kernel refuses the batch (`Port0Error.generationChanged`) if the
    /// ruleset changed since it was read. Counter values in `table` are installed as given.
    func replace(_ table: Table, ifGeneration generation: UInt32?) throws(Port0Error) -> ApplySummary

    /// Builds the replace of `table` ahead of time, all but its counters, so that a commit
    /// retried after a concurrent change only has to add the head: the window between reading
    /// the generation and committing stays short however large the table is. Consumed: a
    /// kernel may free the set elements as it encodes them. `elementDigest` is
    /// `table.elementDigest`, for the commit stamp: apply has mostly computed it already.
    func prepare(_ table: consuming Table, elementDigest: [UInt8]) throws(Port0Error) -> PreparedReplace

    /// Commits a prepared replace with these counter values, as `replace` does.
    func commit(_ prepared: PreparedReplace, counters: [NamedCounter], ifGeneration generation: UInt32?)
        throws(Port0Error) -> ApplySummary

    /// Sends the batch without its end message: the kernel checks every object, then aborts.
    func validate(_ table: Table) throws(Port0Error)

    /// Deletes only this table; false when it was already absent.
    func delete(family: Family, name: String) throws(Port0Error) -> Bool

    /// The kernel's version, where its behaviour differs by release; nil when unknown.
    var version: KernelVersion? { get }

    /// The netlink port this kernel commits through when it keeps one socket to own tables
    /// with (`port0 guard --own-table`): a table owned by that port is its own. nil for any
    /// other kernel, also one that keeps its committing socket only to close it at exit.
    var ownerPort: UInt32? { get }
}

/// A replace built by `RulesetKernel.prepare`; `built` is the kernel's own (e.g. the encoded
/// batch body).
public struct PreparedReplace: @unchecked Sendable {
    public let table: Table
    public let built: AnyObject?

    public init(table: Table, built: AnyObject?) {
        self.table = table
        self.built = built
    }
}

extension RulesetKernel {
    public var version: KernelVersion? { nil }

    public var ownerPort: UInt32? { nil }

    /// Kernels with nothing to build ahead keep the table and replace it at commit.
    public func prepare(_ table: consuming Table, elementDigest: [UInt8]) throws(Port0Error) -> PreparedReplace {
        PreparedReplace(table: table, built: nil)
    }

    public func commit(_ prepared: PreparedReplace, counters: [NamedCounter], ifGeneration generation: UInt32?)
        throws(Port0Error) -> ApplySummary
    {
        var table = prepared.table
        table.counters = counters
        return try replace(table, ifGeneration: generation)
    }

    /// The generation read first, then the table: a change in between only makes a commit
    /// guarded by that generation fail and retry.
    public func readWithGeneration(family: Family, name: String, namedSetElements: Bool) throws(Port0Error) -> (
        table: LiveTable?, generation: UInt32
    ) {
        let generation = try generation()
        return (try read(family: family, name: name, namedSetElements: namedSetElements), generation)
    }

    /// Kernels without a cheaper read give the whole table.
    public func readWithoutIntervalElements(family: Family, name: String) throws(Port0Error) -> LiveTable? {
        try read(family: family, name: name, namedSetElements: true)
    }

    /// The whole table, set elements included.
    public func read(family: Family, name: String) throws(Port0Error) -> LiveTable? {
        try read(family: family, name: name, namedSetElements: true)
    }
}

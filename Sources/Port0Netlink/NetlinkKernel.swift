import CNftnl
import Glibc
import Port0Core
import Synchronization

/// `RulesetKernel` over libnftnl + libmnl, in one network namespace. Each call opens its own
/// socket inside the namespace and closes it before returning, except the commits of a kernel
/// made with `holdingSocket` or `closingAtExit`: those all go through one socket that stays
/// open as long as the process lives.
public struct NetlinkKernel: RulesetKernel, Sendable {
    public let namespace: NetworkNamespace
    private let held: HeldSocket?

    public init(namespace: NetworkNamespace = .current) {
        self.namespace = namespace
        held = nil
    }

    private init(namespace: NetworkNamespace, held: HeldSocket) {
        self.namespace = namespace
        self.held = held
    }

    /// A kernel whose commits all go through one socket opened now in `namespace` and kept
    /// open for the life of the process: what owns a table (`port0 guard --own-table`).
    public static func holdingSocket(in namespace: NetworkNamespace) throws(Port0Error) -> NetlinkKernel {
        let held = HeldSocket(owning: true)
        _ = try held.session(in: namespace)
        return NetlinkKernel(namespace: namespace, held: held)
    }

    /// A kernel for a command that ends soon after its commit (`apply`): its commits go
    /// through one socket, opened at the first, that port0 never closes; the kernel closes it
    /// when the process exits. Closing a socket that committed waits for the commit's
    /// deferred destroy work (nf_tables' NETLINK_URELEASE handler flushes it, and it starts
    /// with an RCU grace period: ~10 ms, two thirds of a changed default apply). The kernel
    /// closes an exiting process's files after tearing down its memory, so what port0 still
    /// does after its commit (the report, freeing, unmapping) overlaps that wait instead of
    /// following it. The table is not owned (no NFT_TABLE_F_OWNER), so nothing else changes.
    public static func closingAtExit(in namespace: NetworkNamespace) -> NetlinkKernel {
        let held = HeldSocket(owning: false)
        HeldSocket.untilExit.withLock { $0.append(held) }
        return NetlinkKernel(namespace: namespace, held: held)
    }

    public var ownerPort: UInt32? { held?.owning == true ? held?.opened?.socket.portID : nil }

    /// The socket a commit goes through: the held one, or a new one in the namespace.
    private func commitSession() throws(Port0Error) -> NetlinkSession {
        if let held { return try held.session(in: namespace) }
        return try namespace.run { () throws(Port0Error) in try NetlinkSession() }
    }

    /// The one socket a holding kernel commits through, opened at first use; used from one
    /// thread (the guard's, or the command's).
    final class HeldSocket: @unchecked Sendable {
        let owning: Bool
        private(set) var opened: NetlinkSession?
        init(owning: Bool) { self.owning = owning }

        func session(in namespace: NetworkNamespace) throws(Port0Error) -> NetlinkSession {
            if let opened { return opened }
            let session = try namespace.run { () throws(Port0Error) in try NetlinkSession() }
            opened = session
            return session
        }

        /// `closingAtExit`'s sockets: referenced until the process ends, never released.
        static let untilExit = Mutex<[HeldSocket]>([])
    }

    /// How long `read` retries, with growing pauses, when the ruleset changes during its dumps.
    static let readRetryWindow = 10.0

    /// Every network namespace runs on the one kernel.
    public var version: KernelVersion? { KernelVersion.running }

    public func generation() throws(Port0Error) -> UInt32 {
        try namespace.run { () throws(Port0Error) in try NetlinkSession().generation() }
    }

    public func read(family: Family, name: String, namedSetElements: Bool) throws(Port0Error) -> LiveTable? {
        try readWithGeneration(family: family, name: name, namedSetElements: namedSetElements).table
    }

    public func readWithoutIntervalElements(family: Family, name: String) throws(Port0Error) -> LiveTable? {
        try consistentRead(family: family, name: name, namedSetElements: false, trackedSources: true).table
    }

    public func readWithGeneration(family: Family, name: String, namedSetElements: Bool) throws(Port0Error) -> (
        table: LiveTable?, generation: UInt32
    ) {
        try consistentRead(
            family: family, name: name, namedSetElements: namedSetElements, trackedSources: namedSetElements)
    }

    /// The generation is the one read before the dumps, unchanged after them.
    private func consistentRead(family: Family, name: String, namedSetElements: Bool, trackedSources: Bool)
        throws(Port0Error) -> (table: LiveTable?, generation: UInt32)
    {
        try namespace.run { () throws(Port0Error) in
            let session = try NetlinkSession()
            // The generation id is bumped when a commit starts, before its objects change:
            // a read that overlaps a commit's last phase can see the same id before and after
            // and still a half-made table (a first install's placeholder without comment).
            // A commit's notifications come at its end, and an empty batch waits for it.
            let commits = try? NetlinkSocket()
            let watching = commits?.subscribeToCommits() ?? false
            var backoff = RetryBackoff(window: Self.readRetryWindow)
            var attempts = 0
            repeat {
                attempts += 1
                if watching { _ = commits?.takeNotifications() }
                let before = try session.generation()
                let table: LiveTable?
                do throws(Port0Error) {
                    table = try TableReader(
                        session: session, family: family, name: name, namedSetElements: namedSetElements,
                        trackedSources: trackedSources
                    ).read()
                } catch {
                    // A set or chain deleted between two dumps: read again if that is why.
                    if try session.generation() != before { continue }
                    throw error
                }
                if watching {
                    session.awaitCommitInProgress()
                    if commits?.takeNotifications() == true { continue }
                }
                if try session.generation() == before {
                    var table = table
                    table?.generation = before
                    return (Self.namingOwner(table), before)
                }
            } while backoff.pause()
            throw .readKeptChanging(table: "\(family.rawValue) \(name)", attempts: attempts)
        }
    }

    /// An owned table gets the process behind its owner's port id, while still in the namespace.
    private static func namingOwner(_ table: LiveTable?) -> LiveTable? {
        guard var table, table.flags & LiveTable.ownerFlag != 0, let owner = table.owner else { return table }
        table.ownerProcess = NetlinkOwner.process(portID: owner)
        return table
    }

    public func replace(_ table: Table, ifGeneration generation: UInt32?) throws(Port0Error) -> ApplySummary {
        try transact(table, generation: generation, commit: true)
        return ApplySummary(table: table)
    }

    /// Sequence numbers left for the head before a prepared body's: 3 table messages, a
    /// chain and two counters per hook, far below this.
    static let headSequences: UInt32 = 1 << 16

    /// The body (sets, elements, rules) encoded once; `commit` adds the head per attempt.
    /// The table's set elements are freed as they are encoded (when this holds the only
    /// reference), so a million-prefix apply peaks near the size of its batch.
    public func prepare(_ table: consuming Table, elementDigest: [UInt8]) throws(Port0Error) -> PreparedReplace {
        try table.requireFeatures(of: version)
        let start = UInt32(truncatingIfNeeded: time(nil))
        let body = Batch(firstSeq: start &+ Self.headSequences)
        let built = PreparedBody(
            batch: body, firstSeq: start, digest: elementDigest, handles: table.handleCount,
            summary: ApplySummary(table: copy table))
        let outline = table.withoutSetElements
        var writer = TableBatch(table)
        try writer.writeBody(to: body, releasingElements: true)
        return PreparedReplace(table: outline, built: built)
    }

    public func commit(_ prepared: PreparedReplace, counters: [NamedCounter], ifGeneration generation: UInt32?)
        throws(Port0Error) -> ApplySummary
    {
        var table = prepared.table
        table.counters = counters
        guard let body = prepared.built as? PreparedBody else { return try replace(table, ifGeneration: generation) }
        // Head, the body as built, end: sent together without copying the body.
        let head = Batch(firstSeq: body.firstSeq)
        head.begin(generation: generation)
        TableBatch(table).writeHead(
            to: head, stamp: CommitStamp(committingAt: generation, digest: body.digest, handles: body.handles))
        let end = Batch(capacity: 0, firstSeq: body.batch.sequence)
        end.end()
        try commitSession().transact([head, body.batch, end])
        return body.summary
    }

    public func validate(_ table: Table) throws(Port0Error) {
        // No BATCH_END: the kernel builds and checks every object, then aborts.
        try transact(table, generation: nil, commit: false)
    }

    /// The table's whole replace batch, ended only when it is to be committed.
    private func transact(_ table: Table, generation: UInt32?, commit: Bool) throws(Port0Error) {
        // One line naming the feature and the version, rather than the kernel's EOPNOTSUPP.
        try table.requireFeatures(of: version)
        let batch = Batch()
        batch.begin(generation: generation)
        var writer = TableBatch(table)
        let stamp =
            commit
            ? CommitStamp(committingAt: generation, digest: table.elementDigest, handles: table.handleCount) : nil
        try writer.write(to: batch, stamp: stamp)
        if commit { batch.end() }
        try commitSession().transact([batch])
    }

    /// A prepared body and where its head's sequence numbers start.
    final class PreparedBody {
        let batch: Batch
        let firstSeq: UInt32
        /// `Table.elementDigest` and `Table.handleCount` of the prepared table, for the commit stamp.
        let digest: [UInt8]
        let handles: UInt32
        /// What the table held before its elements were released into the batch.
        let summary: ApplySummary
        init(batch: Batch, firstSeq: UInt32, digest: [UInt8], handles: UInt32, summary: ApplySummary) {
            self.batch = batch
            self.firstSeq = firstSeq
            self.digest = digest
            self.handles = handles
            self.summary = summary
        }
    }

    public func delete(family: Family, name: String) throws(Port0Error) -> Bool {
        let batch = Batch()
        batch.begin(generation: nil)
        batch.message(NFT_MSG_DELTABLE, family: family, flags: 0, label: "table \(family.rawValue) \(name)") { nlh in
            mnl_attr_put_strz(nlh, UInt16(NFTA_TABLE_NAME.rawValue), name)
        }
        batch.end()
        guard let failure = try commitSession().firstFailure([batch]), let error = failure.error else { return true }
        let object = batch.label(for: failure.seq)
        if error == .noSuchEntry && object != nil { return false }
        throw NetlinkSession.describe(error, message: failure.message, object: object)
    }
}

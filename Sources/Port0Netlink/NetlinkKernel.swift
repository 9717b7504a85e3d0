import CNftnl
import Port0Core

/// `RulesetKernel` over libnftnl + libmnl, in one network namespace. Each call opens its own
/// socket inside the namespace and closes it before returning.
public struct NetlinkKernel: RulesetKernel, Sendable {
    public let namespace: NetworkNamespace

    public init(namespace: NetworkNamespace = .current) {
        self.namespace = namespace
    }

    /// How often `read` retries when the ruleset changes during its dumps.
    static let readAttempts = 5

    /// Every network namespace runs on the one kernel.
    public var version: KernelVersion? { KernelVersion.running }

    public func generation() throws(Port0Error) -> UInt32 {
        try namespace.run { () throws(Port0Error) in try NetlinkSession().generation() }
    }

    public func read(family: Family, name: String, namedSetElements: Bool) throws(Port0Error) -> LiveTable? {
        try namespace.run { () throws(Port0Error) in
            let session = try NetlinkSession()
            for _ in 0..<Self.readAttempts {
                let before = try session.generation()
                let table: LiveTable?
                do throws(Port0Error) {
                    table = try TableReader(
                        session: session, family: family, name: name, namedSetElements: namedSetElements
                    ).read()
                } catch {
                    // A set or chain deleted between two dumps: read again if that is why.
                    if try session.generation() != before { continue }
                    throw error
                }
                if try session.generation() == before { return table }
            }
            throw .system(
                context: "reading table \(family.rawValue) \(name)",
                reason: "the ruleset kept changing during \(Self.readAttempts) attempts; try again")
        }
    }

    public func replace(_ table: Table, ifGeneration generation: UInt32?) throws(Port0Error) -> ApplySummary {
        try transact(table, generation: generation, commit: true)
        return ApplySummary(table: table)
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
        try writer.write(to: batch)
        if commit { batch.end() }
        try namespace.run { () throws(Port0Error) in try NetlinkSession().transact(batch) }
    }

    public func delete(family: Family, name: String) throws(Port0Error) -> Bool {
        let batch = Batch()
        batch.begin(generation: nil)
        batch.message(NFT_MSG_DELTABLE, family: family, flags: 0, label: "table \(family.rawValue) \(name)") { nlh in
            mnl_attr_put_strz(nlh, UInt16(NFTA_TABLE_NAME.rawValue), name)
        }
        batch.end()
        return try namespace.run { () throws(Port0Error) in
            guard let failure = try NetlinkSession().firstFailure(batch), let error = failure.error else { return true }
            let object = batch.label(for: failure.seq)
            if error == .noSuchEntry && object != nil { return false }
            throw NetlinkSession.describe(error, message: failure.message, object: object)
        }
    }
}

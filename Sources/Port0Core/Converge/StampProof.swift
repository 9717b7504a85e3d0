/// The trust decision on a commit stamp (`CommitStamp`; docs/design.md, "Large exempt sets").
extension LiveTable {
    /// True when this read proves, by its commit stamp, that the named sets hold exactly the
    /// elements of `desired` (whose `elementDigest` is `digest`; see `CommitStamp`):
    /// - nothing was committed since port0's commit of those elements (same generation), or
    /// - the table is exactly what port0 committed: a stamp with its handle count, as many
    ///   chains, counters, sets and rules as that and no handle above it (so none was added
    ///   or re-added since), every exempt set constant, and all of it, elements aside, equal
    ///   to `desired`, so every rule that binds a set is still there and none of their
    ///   elements could change.
    public func stampProves(_ desired: Table, digest: [UInt8]) -> Bool {
        stampProves(digest: digest) { Drift(live: self, desired: desired.withoutSetElements).isEmpty }
    }

    /// `stampProves` for an outline that `matches` has already found equal to the desired
    /// table, elements aside (apply's first look): that comparison is not made twice.
    func stampProvesMatchedOutline(digest: [UInt8]) -> Bool {
        stampProves(digest: digest) { true }
    }

    private func stampProves(digest: [UInt8], outlineIsDesired: () -> Bool) -> Bool {
        guard let stamp, stamp.digest == digest else { return false }
        if let generation, stamp.generation == generation { return true }
        guard let expected = stamp.handles, let handles, handles.count == Int(expected),
            handles.highest <= UInt64(expected),
            sets.allSatisfy({ $0.isDynamic || $0.flags & LiveSet.constantFlag != 0 })
        else { return false }
        return outlineIsDesired()
    }
}

import Port0Core

/// A stand-in `RulesetKernel` that loads tables with the `nft` program inside a named
/// namespace (`ip netns exec NS nft -f -`). `NftTextRenderer.script` already replaces the
/// table in one transaction, so `replace` is atomic. Reading, generations and validation
/// belong to the netlink kernel and are refused here.
public struct NftCommandKernel: RulesetKernel, Sendable {
    public let netns: String

    public init(netns: String) {
        self.netns = netns
    }

    public func replace(_ table: Table, ifGeneration generation: UInt32?) throws(Port0Error) -> ApplySummary {
        if generation != nil { throw unsupported("replace with a generation check") }
        try Subprocess.check(["ip", "netns", "exec", netns, "nft", "-f", "-"], stdin: NftTextRenderer.script(table))
        return ApplySummary(table: table)
    }

    public func delete(family: Family, name: String) throws(Port0Error) -> Bool {
        let output = try Subprocess.run(["ip", "netns", "exec", netns, "nft", "delete", "table", family.rawValue, name])
        if output.status == 0 { return true }
        if output.stderr.contains("No such file or directory") { return false }
        throw .system(
            context: "nft delete table \(family.rawValue) \(name) in \(netns)",
            reason: output.stderr.split(separator: "\n").first.map(String.init) ?? "exit status \(output.status)")
    }

    public func generation() throws(Port0Error) -> UInt32 {
        throw unsupported("reading the ruleset generation")
    }

    public func read(family: Family, name: String, namedSetElements: Bool) throws(Port0Error) -> LiveTable? {
        throw unsupported("reading the live table")
    }

    public func validate(_ table: Table) throws(Port0Error) {
        throw unsupported("validation without commit")
    }

    private func unsupported(_ what: String) -> Port0Error {
        .system(
            context: "nft command kernel", reason: "\(what) needs the netlink kernel; this one only loads and deletes")
    }
}

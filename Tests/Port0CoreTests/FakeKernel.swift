import Port0TestSupport

@testable import Port0Core

/// An in-memory `RulesetKernel`: tables stored as the kernel would report them, a
/// generation id that bumps on every commit, and a way to make "another program" commit
/// just before port0 does.
final class FakeKernel: RulesetKernel {
    var tables: [String: LiveTable] = [:]
    var genid: UInt32 = 1
    private(set) var commits = 0
    private(set) var refusedCommits = 0
    /// How many of the next commits another program gets in first (bumping the generation).
    var concurrentChanges = 0
    private var nextHandle: UInt64 = 1

    func generation() throws(Port0Error) -> UInt32 { genid }

    /// Full reads (with named-set elements) so far: the cheap first look does not count.
    private(set) var elementReads = 0

    func read(family: Family, name: String, namedSetElements: Bool) throws(Port0Error) -> LiveTable? {
        guard var table = tables[key(family, name)] else { return nil }
        table.generation = genid
        if namedSetElements {
            elementReads += 1
        } else {
            for index in table.sets.indices { table.sets[index].elements = [] }
        }
        return table
    }

    func replace(_ table: Table, ifGeneration generation: UInt32?) throws(Port0Error) -> ApplySummary {
        if concurrentChanges > 0 {
            concurrentChanges -= 1
            genid += 1
        }
        if let generation, generation != genid {
            refusedCommits += 1
            throw .generationChanged
        }
        var live = LiveTable(expecting: table)
        for chain in live.chains.indices {
            for rule in live.chains[chain].rules.indices {
                live.chains[chain].rules[rule].handle = nextHandle
                nextHandle += 1
            }
        }
        // As NetlinkKernel does: a guarded commit records the generation it leads to.
        live.stamp = CommitStamp(committingAt: generation, digest: table.elementDigest)
        tables[key(table.family, table.name)] = live
        genid += 1
        commits += 1
        return ApplySummary(table: table)
    }

    /// Replaces prepared: apply prepares once however often it retries.
    private(set) var prepared = 0

    /// The element digests `prepare` was given, for the commit stamp.
    private(set) var preparedDigests: [[UInt8]] = []

    func prepare(_ table: Table, elementDigest: [UInt8]) throws(Port0Error) -> PreparedReplace {
        prepared += 1
        preparedDigests.append(elementDigest)
        return PreparedReplace(table: table, built: nil)
    }

    func validate(_ table: Table) throws(Port0Error) {}

    func delete(family: Family, name: String) throws(Port0Error) -> Bool {
        tables.removeValue(forKey: key(family, name)) != nil
    }

    /// Packets hitting a named counter, as the data plane would count them.
    func count(_ counter: String, packets: UInt64, bytes: UInt64, table: String = "inet port0") {
        guard let index = tables[table]?.counters.firstIndex(where: { $0.name == counter }) else { return }
        tables[table]!.counters[index].packets += packets
        tables[table]!.counters[index].bytes += bytes
    }

    /// Another tool's change to a live table (as `nft add rule …` would make it).
    func edit(_ table: String = "inet port0", _ change: (inout LiveTable) -> Void) {
        change(&tables[table]!)
        genid += 1
    }

    private func key(_ family: Family, _ name: String) -> String { "\(family.rawValue) \(name)" }
}

/// Tables built by the real builder, for the configurations the tests use.
enum Tables {
    static func build(_ change: (inout RulesetOptions) -> Void = { _ in }) -> Table { try! .built(with: change) }

    static let host = build()
    static let edge = build {
        $0.profile = .edge
        $0.devices = ["eth0", "eth1"]
        $0.egress = true
        $0.exempt = .parsing(["192.0.2.0/24", "2001:db8::/32"])
    }
    static let full = build {
        $0.action = .reject
        $0.log = true
        $0.logRate = LogRate(count: 5, unit: .minute)
        $0.exempt = .parsing(["0.0.0.0/8", "192.0.2.0/24", "198.51.100.7", "255.255.255.0/24", "2001:db8::/32", "::/3"])
    }
    static let all = [host, edge, full]

    /// `meta l4proto tcp tcp dport 22 accept`, as the kernel holds it: not port0's.
    static let foreignRule: [Expr] = [
        .meta(.l4proto), .cmp(.eq, [6]), .payload(.transport, offset: 2, length: 2), .cmp(.eq, [0, 22]),
        .immediate(.accept, chain: nil),
    ]
}

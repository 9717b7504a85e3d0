import Foundation
import Port0Core
import Port0Netlink
import Port0TestSupport
import Testing

/// The commit stamp on the real kernel: port0's replace records the generation it leads to,
/// which proves the sets until anyone commits anything, and the handles it drew, which prove
/// them after other programs' commits while no rule was re-added; nft ignores it.
@Suite(.serialized, .needsRoot) struct CommitStampTests {
    static let options = ["--exempt", "192.0.2.0/24", "--exempt", "10.0.0.1", "--exempt", "2001:db8::/32"]

    static func desired() throws -> Table {
        try Table.built { $0.exempt = .parsing(["192.0.2.0/24", "10.0.0.1", "2001:db8::/32"]) }
    }

    static func outline(_ ns: String) throws -> LiveTable? {
        try NetlinkKernel(namespace: .path(Netns.path(ns))).read(family: .inet, name: "port0", namedSetElements: false)
    }

    static func kernel(_ ns: String) -> NetlinkKernel { NetlinkKernel(namespace: .path(Netns.path(ns))) }

    @Test
    func anApplyIsProvedByGenerationThenByHandlesAfterAnotherProgramCommits() throws {
        try Support.withNetns { ns in
            let applied = try Netns.port0(ns, ["apply"] + Self.options)
            #expect(applied.status == 0, "\(applied.stderr)")
            let desired = try Self.desired()
            let digest = desired.elementDigest
            let fresh = try #require(try Self.outline(ns))
            #expect(fresh.stamp?.digest == digest)
            #expect(fresh.stamp?.generation == fresh.generation)
            // The replace drew exactly the handles the model counts: 1 … N.
            #expect(fresh.stamp?.handles == desired.handleCount)
            #expect(
                fresh.handles == HandleCensus(count: Int(desired.handleCount), highest: UInt64(desired.handleCount)))
            #expect(
                fresh.stampProves(desired, digest: digest),
                "stamp \(String(describing: fresh.stamp)), read at \(String(describing: fresh.generation))")
            #expect(try Netns.port0(ns, ["plan", "--detailed-exitcode"] + Self.options).stdout == "no changes\n")

            // nft lists the table as before: the stamp is user data nft does not know.
            let listing = try Netns.nft(ns, ["list", "table", "inet", "port0"])
            #expect(listing.contains("comment \"port0 ") && listing.contains("192.0.2.0/24"))
            #expect(listing.contains("flags constant,interval"))
            #expect(try Netns.nft(ns, ["-j", "list", "table", "inet", "port0"]).contains("\"name\": \"exempt_v4\""))

            // A commit to another table moves the generation on: the handles still prove the sets.
            try Netns.nft(ns, ["add", "table", "ip", "other"])
            let after = try #require(try Self.outline(ns))
            #expect(after.generation != after.stamp?.generation)
            #expect(after.stampProves(desired, digest: digest))
            let unchanged = try Netns.port0(ns, ["apply", "--json"] + Self.options)
            #expect(unchanged.stdout.contains(#""changed": false"#), "\(unchanged.stdout)\(unchanged.stderr)")

            // Another program's element, deletion or flush: the kernel refuses them (EBUSY) while
            // port0's rules look the set up, and plan stays clean.
            for change in [
                ["add", "element", "inet", "port0", "exempt_v4", "{ 203.0.113.0/24 }"],
                ["delete", "element", "inet", "port0", "exempt_v4", "{ 192.0.2.0/24 }"],
                ["flush", "set", "inet", "port0", "exempt_v4"],
            ] {
                let refused = try Support.inNetns(ns, ["nft"] + change)
                #expect(
                    refused.status != 0 && refused.stderr.contains("Device or resource busy"),
                    "nft \(change.joined(separator: " ")): \(refused.status) \(refused.stderr)")
            }
            #expect(try Netns.port0(ns, ["plan", "--detailed-exitcode"] + Self.options).stdout == "no changes\n")
            #expect(try Netns.port0(ns, ["status"] + Self.options).status == 0)
        }
    }

    /// The chains of the rendered table whose rules look `set` up, as `nft -f` blocks.
    static func chainsUsing(_ set: String, script: String) -> [(name: String, block: String)] {
        var out: [(String, String)] = []
        var lines: [Substring] = []
        for line in script.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("\tchain ") { lines = [line] } else if !lines.isEmpty { lines.append(line) }
            if line == "\t}", !lines.isEmpty {
                let block = lines.joined(separator: "\n")
                if block.contains("@\(set) ") {
                    out.append((String(lines[0].split(separator: " ")[1]), block))
                }
                lines = []
            }
        }
        return out
    }

    /// Another program empties the chains that use exempt_v4 (a commit: the set is bound no
    /// more), adds an element, then puts the very same rules back: they get new handles, so
    /// neither the generation nor the handles prove anything and the elements are compared.
    @Test
    func rulesDeletedAndReAddedAroundAnElementChangeAreFound() throws {
        try Support.withNetns { ns in
            #expect(try Netns.port0(ns, ["apply"] + Self.options).status == 0)
            let chains = Self.chainsUsing("exempt_v4", script: try Support.port0(["render"] + Self.options).stdout)
            #expect(chains.count == 4, "\(chains.map(\.name))")
            for chain in chains { try Netns.nft(ns, ["flush", "chain", "inet", "port0", chain.name]) }
            try Netns.nft(ns, ["add", "element", "inet", "port0", "exempt_v4", "{ 203.0.113.0/24 }"])
            try Netns.nft(
                ns, ["-f", "-"], stdin: "table inet port0 {\n" + chains.map(\.block).joined(separator: "\n") + "\n}\n")

            let desired = try Self.desired()
            let outline = try #require(try Self.outline(ns))
            #expect(outline.handles.map { $0.highest > UInt64(desired.handleCount) } == true)
            #expect(!outline.stampProves(desired, digest: desired.elementDigest))
            let plan = try Netns.port0(ns, ["plan", "--detailed-exitcode"] + Self.options)
            #expect(plan.status == 2 && plan.stdout.contains("203.0.113.0/24"), "\(plan.stdout)")
            let status = try Netns.port0(ns, ["status"] + Self.options)
            #expect(
                status.status == 4 && status.stdout.contains("1 element unexpected: 203.0.113.0/24"), "\(status.stdout)"
            )
            let repaired = try Netns.port0(ns, ["apply", "--json"] + Self.options)
            #expect(repaired.stdout.contains(#""changed": true"#), "\(repaired.stdout)\(repaired.stderr)")
            let again = try #require(try Self.outline(ns))
            #expect(again.stampProves(desired, digest: desired.elementDigest))
            #expect(try Netns.port0(ns, ["status"] + Self.options).status == 0)
            #expect(!(try Netns.nft(ns, ["list", "set", "inet", "port0", "exempt_v4"])).contains("203.0.113.0"))
        }
    }

    /// After an unrelated commit, plan, status and an unchanged apply prove the sets by their
    /// handles: not one read with set elements. A re-added rule makes the same calls dump them.
    @Test
    func anUnrelatedCommitLeavesPlanStatusAndApplyCleanWithoutAnElementDump() throws {
        try Support.withNetns { ns in
            #expect(try Netns.port0(ns, ["apply"] + Self.options).status == 0)
            try Netns.nft(ns, ["add", "table", "ip", "other"])
            try Netns.nft(ns, ["add", "chain", "ip", "other", "c"])
            let desired = try Self.desired()
            let kernel = ElementReadCounter(Self.kernel(ns))
            let converger = Converger(kernel: kernel)
            #expect(try converger.plan(desired).differences == [])
            #expect(try converger.status(desired).state == "matching")
            #expect(try !converger.apply(desired).changed)
            #expect(kernel.elementReads == 0 && kernel.outlineReads == 3)

            // The same rule deleted and added back: a handle above the stamp's count.
            let chain = try #require(
                Self.chainsUsing("exempt_v4", script: try Support.port0(["render"] + Self.options).stdout).first)
            try Netns.nft(ns, ["flush", "chain", "inet", "port0", chain.name])
            try Netns.nft(ns, ["-f", "-"], stdin: "table inet port0 {\n\(chain.block)\n}\n")
            #expect(try converger.plan(desired).differences == [])
            #expect(kernel.elementReads == 1)
        }
    }

    /// With source tracking too: plan reads no sources, status reads them without the
    /// interval sets' elements, and both stay proved after an unrelated commit.
    @Test
    func trackedSourcesAreReadWithoutTheExemptElements() throws {
        try Support.withNetns { ns in
            #expect(try Netns.port0(ns, ["apply", "--track-sources"] + Self.options).status == 0)
            try Netns.nft(ns, ["add", "table", "ip", "other"])
            try Netns.nft(ns, ["add", "element", "inet", "port0", "sources_v4_0", "{ 198.51.100.7 }"])
            var options = RulesetOptions()
            options.exempt = .parsing(["192.0.2.0/24", "10.0.0.1", "2001:db8::/32"])
            options.trackSources = RulesetOptions.defaultTrackSize
            let desired = try RulesetBuilder.build(options)
            let kernel = ElementReadCounter(Self.kernel(ns))
            let converger = Converger(kernel: kernel)
            #expect(try converger.plan(desired).differences == [])
            let status = try converger.status(desired)
            #expect(status.state == "matching")
            #expect(status.trackedSources.map(\.address) == [0xC633_6407])
            #expect(kernel.elementReads == 0 && kernel.outlineReads == 2)
        }
    }

    @Test
    func aTableLoadedWithNftHasNoStampAndIsComparedElementByElement() throws {
        try Support.withNetns { ns in
            let script = try Support.port0(["render"] + Self.options).stdout
            try Netns.nft(ns, ["-f", "-"], stdin: script)
            let live = try #require(try Self.outline(ns))
            #expect(live.stamp == nil && live.generation != nil)
            let unchanged = try Netns.port0(ns, ["apply", "--json"] + Self.options)
            #expect(unchanged.stdout.contains(#""changed": false"#), "\(unchanged.stdout)\(unchanged.stderr)")
            // A different list is a change, whatever stamp the table has.
            #expect(try Netns.port0(ns, ["plan", "--detailed-exitcode", "--exempt", "192.0.2.0/25"]).status == 2)
        }
    }
}

/// A `RulesetKernel` that counts reads with and without named-set elements: the read path's
/// own report of whether it dumped the sets.
final class ElementReadCounter: RulesetKernel {
    let base: NetlinkKernel
    private(set) var elementReads = 0
    private(set) var outlineReads = 0

    init(_ base: NetlinkKernel) { self.base = base }

    private func count(_ namedSetElements: Bool) {
        if namedSetElements { elementReads += 1 } else { outlineReads += 1 }
    }

    var version: KernelVersion? { base.version }
    func generation() throws(Port0Error) -> UInt32 { try base.generation() }

    func read(family: Family, name: String, namedSetElements: Bool) throws(Port0Error) -> LiveTable? {
        count(namedSetElements)
        return try base.read(family: family, name: name, namedSetElements: namedSetElements)
    }

    /// The interval sets left out, the sources read: counted as an outline.
    func readWithoutIntervalElements(family: Family, name: String) throws(Port0Error) -> LiveTable? {
        count(false)
        return try base.readWithoutIntervalElements(family: family, name: name)
    }

    func readWithGeneration(family: Family, name: String, namedSetElements: Bool) throws(Port0Error) -> (
        table: LiveTable?, generation: UInt32
    ) {
        count(namedSetElements)
        return try base.readWithGeneration(family: family, name: name, namedSetElements: namedSetElements)
    }

    func replace(_ table: Table, ifGeneration generation: UInt32?) throws(Port0Error) -> ApplySummary {
        try base.replace(table, ifGeneration: generation)
    }

    func prepare(_ table: Table, elementDigest: [UInt8]) throws(Port0Error) -> PreparedReplace {
        try base.prepare(table, elementDigest: elementDigest)
    }

    func commit(_ prepared: PreparedReplace, counters: [NamedCounter], ifGeneration generation: UInt32?)
        throws(Port0Error) -> ApplySummary
    {
        try base.commit(prepared, counters: counters, ifGeneration: generation)
    }

    func validate(_ table: Table) throws(Port0Error) { try base.validate(table) }

    func delete(family: Family, name: String) throws(Port0Error) -> Bool { try base.delete(family: family, name: name) }
}

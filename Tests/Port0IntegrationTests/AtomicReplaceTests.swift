import Port0CLI
import Port0Core
import Port0Selftest
import Port0TestSupport
import Testing

/// Re-applying the ruleset while port-0 packets stream in must never open a gap; a naive
/// delete-then-add replace does, which proves the flood would notice one.
@Suite("Atomic replace under fire", .needsRoot)
struct AtomicReplaceTests {
    static let replaces = 200

    /// Two tables that really differ (log statements, an exempt set of an unrelated prefix).
    static func tables() throws -> [Table] {
        [try Table.built { $0.exempt = .parsing(["203.0.113.0/24"]) }, try Table.built { $0.log = true }]
    }

    @Test("200 atomic replaces while port-0 packets stream in: none is delivered")
    func atomicReplaceLeaksNothing() throws {
        let tables = try Self.tables()
        #expect(tables[0] != tables[1])
        let outcome = try withTopology { topology in
            let kernel = makeSelftestKernel(netns: topology.server)
            _ = try kernel.replace(tables[0], ifGeneration: nil)
            return try PortZeroFlood(.inbound).run(in: topology) { () throws(Port0Error) in
                for round in 1...Self.replaces {
                    _ = try kernel.replace(tables[round % 2], ifGeneration: nil)
                }
            }
        }
        #expect(outcome.sent > 1000, "the flood must really run during the replaces")
        #expect(outcome.benignDelivered > 0, "benign packets prove path and receiver were alive")
        #expect(outcome.leaked == 0, "\(outcome)")
    }

    @Test("a naive delete-then-add replace does let port-0 packets through")
    func naiveReplaceLeaks() throws {
        let table = try Self.tables()[0]
        let outcome = try withTopology { topology in
            let kernel = makeSelftestKernel(netns: topology.server)
            _ = try kernel.replace(table, ifGeneration: nil)
            return try PortZeroFlood(.inbound).run(in: topology) {
                for _ in 1...20 {
                    // Two transactions: the table is absent in between.
                    try #require(try kernel.delete(family: table.family, name: table.name))
                    let added = try Support.inNetns(
                        topology.server, ["nft", "-f", "-"], stdin: NftTextRenderer.listing(table))
                    try #require(added.status == 0, "\(added.stderr)")
                }
            }
        }
        #expect(outcome.sent > 100)
        #expect(outcome.leaked > 0, "\(outcome)")
    }
}

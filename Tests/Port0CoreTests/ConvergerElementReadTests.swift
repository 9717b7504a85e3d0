import Testing

@testable import Port0Core

/// Apply looks at the table without its set elements first: large exempt sets are slow to
/// dump, and need reading only when everything else already matches.
@Suite struct ConvergerElementReadTests {
    static let exempting = Tables.build { $0.exempt = ["192.0.2.0/24", "2001:db8::/32"] }

    @Test func aChangeOutsideTheSetsIsAppliedWithoutReadingElements() throws {
        let kernel = FakeKernel()
        let converger = Converger(kernel: kernel)
        _ = try converger.apply(Self.exempting)
        let reads = kernel.elementReads
        let logging = Tables.build {
            $0.exempt = ["192.0.2.0/24", "2001:db8::/32"]
            $0.log = true
        }
        let outcome = try converger.apply(logging)
        #expect(outcome.changed && kernel.commits == 2)
        #expect(kernel.elementReads == reads)
        #expect(kernel.tables["inet port0"] == LiveTable(expecting: logging))
    }

    @Test func aChangeOfElementsOnlyIsFoundAndApplied() throws {
        let kernel = FakeKernel()
        let converger = Converger(kernel: kernel)
        _ = try converger.apply(Self.exempting)
        let more = Tables.build { $0.exempt = ["192.0.2.0/24", "198.51.100.0/24", "2001:db8::/32"] }
        let outcome = try converger.apply(more)
        #expect(outcome.changed && kernel.commits == 2)
        #expect(kernel.tables["inet port0"]?.sets.first?.elements == LiveTable(expecting: more).sets.first?.elements)
    }

    @Test func anUnchangedTableIsComparedElementByElementAndNotCommitted() throws {
        let kernel = FakeKernel()
        let converger = Converger(kernel: kernel)
        _ = try converger.apply(Self.exempting)
        let reads = kernel.elementReads
        let outcome = try converger.apply(Self.exempting)
        #expect(!outcome.changed && kernel.commits == 1)
        #expect(kernel.elementReads == reads + 1)
    }

    /// The default ruleset has no named sets: the first look is already the whole table.
    @Test(arguments: [Tables.host, Tables.build { $0.trackSources = "1024" }])
    func aTableWithoutElementSetsIsComparedInOneRead(table: Table) throws {
        let kernel = FakeKernel()
        let converger = Converger(kernel: kernel)
        _ = try converger.apply(table)
        let reads = kernel.elementReads
        let outcome = try converger.apply(table)
        #expect(!outcome.changed && kernel.commits == 1)
        #expect(kernel.elementReads == reads)
    }
}

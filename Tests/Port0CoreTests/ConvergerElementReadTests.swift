import Port0TestSupport
import Testing

@testable import Port0Core

/// Apply looks at the table without its set elements first: large exempt sets are slow to
/// dump, and need reading only when everything else already matches.
@Suite struct ConvergerElementReadTests {
    static let exempting = Tables.build { $0.exempt = .parsing(["192.0.2.0/24", "2001:db8::/32"]) }

    @Test func aChangeOutsideTheSetsIsAppliedWithoutReadingElements() throws {
        let kernel = FakeKernel()
        let converger = Converger(kernel: kernel)
        _ = try converger.apply(Self.exempting)
        let reads = kernel.elementReads
        let logging = Tables.build {
            $0.exempt = .parsing(["192.0.2.0/24", "2001:db8::/32"])
            $0.log = true
        }
        let outcome = try converger.apply(logging)
        #expect(outcome.changed && kernel.commits == 2)
        #expect(kernel.elementReads == reads)
        #expect(kernel.tables["inet port0"] == LiveTable(expecting: logging))
        #expect(kernel.preparedDigests == [Self.exempting.elementDigest, logging.elementDigest])
    }

    @Test func aChangeOfElementsOnlyIsFoundAndApplied() throws {
        let kernel = FakeKernel()
        let converger = Converger(kernel: kernel)
        _ = try converger.apply(Self.exempting)
        let more = Tables.build { $0.exempt = .parsing(["192.0.2.0/24", "198.51.100.0/24", "2001:db8::/32"]) }
        let outcome = try converger.apply(more)
        #expect(outcome.changed && kernel.commits == 2)
        #expect(kernel.tables["inet port0"]?.sets.first?.elements == LiveTable(expecting: more).sets.first?.elements)
        // The digest apply computed for the stamp proof is the one the commit stamp gets.
        #expect(kernel.preparedDigests == [Self.exempting.elementDigest, more.elementDigest])
    }

    @Test func anUnchangedTableIsComparedElementByElementAndNotCommitted() throws {
        let kernel = FakeKernel()
        let converger = Converger(kernel: kernel)
        _ = try converger.apply(Self.exempting)
        // Another program's commit anywhere leaves port0's stamp behind the generation.
        kernel.genid += 1
        let reads = kernel.elementReads
        let outcome = try converger.apply(Self.exempting)
        #expect(!outcome.changed && kernel.commits == 1)
        #expect(kernel.elementReads == reads + 1)
    }

    @Test func nothingCommittedSinceItsOwnReplaceProvesTheElementsWithoutReadingThem() throws {
        let kernel = FakeKernel()
        let converger = Converger(kernel: kernel)
        _ = try converger.apply(Self.exempting)
        let reads = kernel.elementReads
        let outcome = try converger.apply(Self.exempting)
        #expect(!outcome.changed && kernel.commits == 1)
        #expect(try converger.plan(Self.exempting).differences == [])
        #expect(try converger.status(Self.exempting).state == "matching")
        #expect(kernel.elementReads == reads)
    }

    @Test func anotherProgramsElementChangeIsFoundDespiteTheStamp() throws {
        let kernel = FakeKernel()
        let converger = Converger(kernel: kernel)
        _ = try converger.apply(Self.exempting)
        // The kernel refuses `nft add element` into port0's constant set while its rules use
        // it; this is what emptying the chains that use it, adding the element and putting the
        // rules back leaves: commits (a new generation) and rules under new handles (this fake
        // keeps no handle census, so only the generation could prove the sets).
        kernel.edit { table in
            table.sets[0].elements =
                LiveSet(
                    expecting: AddressSet(
                        name: "exempt_v4", version: .ipv4,
                        elements: [
                            AddressRange(first: 0xc000_0200, last: 0xc000_02ff),
                            AddressRange(first: 0xcb00_7100, last: 0xcb00_71ff),
                        ])
                ).elements
        }
        #expect(try converger.status(Self.exempting).state == "drifted")
        #expect(try converger.plan(Self.exempting).differences.count == 1)
        let outcome = try converger.apply(Self.exempting)
        #expect(outcome.changed && kernel.commits == 2)
        #expect(kernel.tables["inet port0"] == LiveTable(expecting: Self.exempting))
    }

    @Test func aStampForOtherElementsProvesNothing() throws {
        let kernel = FakeKernel()
        let converger = Converger(kernel: kernel)
        _ = try converger.apply(Self.exempting)
        let more = Tables.build { $0.exempt = .parsing(["192.0.2.0/24", "198.51.100.0/24", "2001:db8::/32"]) }
        #expect(try converger.plan(more).changesPending)
        #expect(try converger.status(more).state == "drifted")
        #expect(try converger.apply(more).changed)
    }

    @Test func theDigestCoversNamesAndEveryRange() {
        let base = Self.exempting.elementDigest
        #expect(base.count == 32 && base == Self.exempting.elementDigest)
        var renamed = Self.exempting
        renamed.sets[0].name = "exempt_v9"
        var shifted = Self.exempting
        shifted.sets[1].elements[0].last -= 1
        #expect(renamed.elementDigest != base && shifted.elementDigest != base)
    }

    @Test func sha256MatchesTheStandardVectors() {
        func hex(_ text: String) -> String {
            var hash = SHA256()
            hash.update(text.utf8)
            return hash.finish().map {
                String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16)
            }.joined()
        }
        #expect(hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(
            hex(String(repeating: "a", count: 1_000_000))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func theStampSurvivesItsBytesAndSkipsGenerationZero() {
        let stamp = CommitStamp(generation: 0x0102_0304, digest: Array(0..<32))
        #expect(CommitStamp(bytes: stamp.bytes) == stamp)
        #expect(CommitStamp(bytes: Array(stamp.bytes.dropLast())) == nil)
        #expect(CommitStamp.after(UInt32.max) == 1 && CommitStamp.after(7) == 8)
        #expect(CommitStamp(committingAt: nil, digest: []) == nil)
    }

    /// The default ruleset has no named sets: the first look is already the whole table.
    @Test(arguments: [Tables.host, Tables.build { $0.trackSources = 1024 }])
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

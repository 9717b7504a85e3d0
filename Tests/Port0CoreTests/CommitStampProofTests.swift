import Port0TestSupport
import Testing

@testable import Port0Core

/// `LiveTable.stampProves`: when the commit stamp proves the sets without reading their
/// elements, and each thing that takes the proof away (docs/design.md, "Large exempt sets").
@Suite struct CommitStampProofTests {
    static let desired = Tables.build { $0.exempt = .parsing(["192.0.2.0/24", "2001:db8::/32"]) }
    static let digest = desired.elementDigest
    static let count = desired.handleCount

    /// The outline read of port0's own replace, stamped at generation 7, read at `generation`.
    static func outline(generation: UInt32 = 9, handles: UInt32? = count) -> LiveTable {
        var live = LiveTable(expecting: desired.withoutSetElements)
        live.stamp = CommitStamp(generation: 7, digest: digest, handles: handles)
        live.generation = generation
        live.handles = HandleCensus(count: Int(count), highest: UInt64(count))
        return live
    }

    @Test func theHandleCountIsEveryChainCounterSetRuleAndAnonymousSet() {
        let rules = Self.desired.chains.reduce(0) { $0 + $1.rules.count }
        // Each port rule of the base chains carries `meta l4proto { tcp, udp }`.
        let anonymous = Self.desired.baseChains.reduce(0) { $0 + $1.rules.count }
        let objects = Self.desired.chains.count + Self.desired.counters.count + Self.desired.sets.count
        #expect(Int(Self.count) == objects + rules + anonymous)
    }

    @Test func theSameGenerationProves() {
        var live = Self.outline(generation: 7)
        live.handles = nil
        #expect(live.stampProves(Self.desired, digest: Self.digest))
    }

    @Test func afterOtherCommitsExactlyPortZerosHandlesProve() {
        #expect(Self.outline().stampProves(Self.desired, digest: Self.digest))
    }

    @Test func aHandleAboveTheCountAReAddedRuleProvesNothing() {
        var live = Self.outline()
        live.handles = HandleCensus(count: Int(Self.count), highest: UInt64(Self.count) + 1)
        #expect(!live.stampProves(Self.desired, digest: Self.digest))
    }

    @Test func moreOrFewerObjectsThanTheCountProveNothing() {
        for count in [Int(Self.count) - 1, Int(Self.count) + 1] {
            var live = Self.outline()
            live.handles = HandleCensus(count: count, highest: UInt64(Self.count))
            #expect(!live.stampProves(Self.desired, digest: Self.digest))
        }
    }

    @Test func anOldStampWithoutHandlesOrAReadWithoutThemProvesNothing() {
        #expect(!Self.outline(handles: nil).stampProves(Self.desired, digest: Self.digest))
        var live = Self.outline()
        live.handles = nil
        #expect(!live.stampProves(Self.desired, digest: Self.digest))
    }

    @Test func aSetThatIsNotConstantProvesNothing() {
        var live = Self.outline()
        live.sets[0].flags = LiveSet.intervalFlag
        #expect(!live.stampProves(Self.desired, digest: Self.digest))
    }

    @Test func aMissingRuleProvesNothing() throws {
        var live = Self.outline()
        let index = try #require(live.chains.firstIndex { !$0.rules.isEmpty && $0.base == nil })
        live.chains[index].rules.removeLast()
        #expect(!live.stampProves(Self.desired, digest: Self.digest))
    }

    @Test func anotherDigestProvesNothing() {
        let other = Tables.build { $0.exempt = .parsing(["192.0.2.0/25", "2001:db8::/32"]) }
        #expect(!Self.outline().stampProves(other, digest: other.elementDigest))
    }

    /// Apply's first look has already found the outline equal (`matches`): the stamp alone
    /// decides, as it does in `stampProves` for such an outline.
    @Test func aMatchedOutlineIsDecidedByItsStampAlone() {
        var sameGeneration = Self.outline(generation: 7)
        sameGeneration.handles = nil
        var handleAbove = Self.outline()
        handleAbove.handles = HandleCensus(count: Int(Self.count), highest: UInt64(Self.count) + 1)
        var notConstant = Self.outline()
        notConstant.sets[0].flags = LiveSet.intervalFlag
        let cases = [Self.outline(), sameGeneration, handleAbove, Self.outline(handles: nil), notConstant]
        for live in cases {
            #expect(
                live.stampProvesMatchedOutline(digest: Self.digest)
                    == live.stampProves(Self.desired, digest: Self.digest))
        }
        #expect(cases.map { $0.stampProvesMatchedOutline(digest: Self.digest) } == [true, true, false, false, false])
        let other = Tables.build { $0.exempt = .parsing(["192.0.2.0/25", "2001:db8::/32"]) }
        #expect(!Self.outline().stampProvesMatchedOutline(digest: other.elementDigest))
    }

    @Test func bothStampFormatsRoundTrip() {
        let old = CommitStamp(generation: 0x0102_0304, digest: Self.digest)
        #expect(old.bytes.count == 37 && old.bytes[0] == 1 && CommitStamp(bytes: old.bytes) == old)
        let new = CommitStamp(generation: 0x0102_0304, digest: Self.digest, handles: 0x0506_0708)
        #expect(new.bytes.count == 41 && new.bytes[0] == 2 && CommitStamp(bytes: new.bytes) == new)
        #expect(CommitStamp(bytes: Array(new.bytes.dropLast())) == nil)
    }

    @Test func theDescriptionSizeIsWhatNftSends() {
        // Measured with nft 1.0.6 (`nft --debug=netlink -f`): "s t 6 size N".
        func size(_ ranges: [(UInt128, UInt128)]) -> UInt32 {
            AddressSet(name: "s", version: .ipv4, elements: ranges.map { AddressRange(first: $0.0, last: $0.1) })
                .descriptionSize
        }
        #expect(size([]) == 0)
        #expect(size([(0, 0xffff_ffff)]) == 2)
        #expect(size([(0x0102_0304, 0x0102_0304)]) == 3)
        #expect(size([(0xffff_ffff, 0xffff_ffff)]) == 3)
        #expect(size([(0, 0x00ff_ffff), (0xffff_ff00, 0xffff_ffff)]) == 4)
        #expect(size([(0x0a00_0000, 0x0aff_ffff), (0xc000_0201, 0xc000_0201), (0xc000_0202, 0xc000_0202)]) == 7)
    }
}

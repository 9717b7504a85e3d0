import Testing

@testable import Port0Core

/// `status --top N` ranks only the sources it shows (one pass for a small N, a sort for a
/// large one) and merges an address found in two sets through its own hash index: both
/// must give what merging and sorting every source gives.
@Suite("Ranking and merging tracked sources")
struct SourceRankingTests {
    /// Sources with many ties (few distinct counts) and repeated addresses across sets.
    static func sources(count: Int, seed: UInt64) -> [TrackedSource] {
        var state = seed
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        return (0..<count).map { index in
            let version: IPVersion = next() % 4 == 0 ? .ipv6 : .ipv4
            // A small address space: the same address turns up in several sets.
            let address = UInt128(next() % UInt64(count / 2 + 1)) | (version == .ipv6 ? 0x2001_0db8 << 96 : 0)
            return TrackedSource(
                set: "sources_\(version == .ipv4 ? "v4" : "v6")_\(index % 17)", version: version, address: address,
                packets: next() % 5, bytes: next() % 3 * 100,
                expiresInMilliseconds: index % 3 == 0 ? nil : next() % 5000)
        }
    }

    /// The reference: a dictionary merge and a sort of every source by the documented order.
    static func reference(_ sources: [TrackedSource]) -> [TrackedSource] {
        var rows: [String: TrackedSource] = [:]
        var order: [String] = []
        for source in sources {
            let key = "\(source.version) \(source.address)"
            guard var row = rows[key] else {
                rows[key] = source
                order.append(key)
                continue
            }
            row.packets += source.packets
            row.bytes += source.bytes
            if let expires = source.expiresInMilliseconds, expires > row.expiresInMilliseconds ?? 0 {
                row.expiresInMilliseconds = expires
                row.set = source.set
            }
            rows[key] = row
        }
        return order.map { rows[$0]! }.sorted {
            if $0.packets != $1.packets { return $0.packets > $1.packets }
            if $0.bytes != $1.bytes { return $0.bytes > $1.bytes }
            if $0.version != $1.version { return $0.version == .ipv4 }
            return $0.address < $1.address
        }
    }

    @Test("top N for every kind of N equals the prefix of a full merge and sort", arguments: [0, 1, 7, 500, 4000])
    func topEqualsFullSort(count: Int) {
        let sources = Self.sources(count: count, seed: UInt64(count) + 11)
        let reference = Self.reference(sources)
        let merged = StatusReport.merged(sources)
        #expect(merged.count == reference.count)
        for top in [0, 1, 2, 10, StatusReport.selectionLimit, StatusReport.selectionLimit + 1, 1000, count + 5] {
            #expect(StatusReport.ranked(merged, top: top) == Array(reference.prefix(top)), "top \(top) of \(count)")
        }
    }

    @Test("sources without a repeated address come back unchanged")
    func noRepeats() {
        let sources = (0..<300).map {
            TrackedSource(
                set: "sources_v4_\($0 % 16)", version: .ipv4, address: UInt128($0), packets: UInt64($0 % 7), bytes: 1,
                expiresInMilliseconds: 10)
        }
        #expect(StatusReport.merged(sources) == sources)
    }

    @Test("ascending counts, the worst order for the one-pass selection, still rank right")
    func ascending() {
        let sources = (0..<2000).map {
            TrackedSource(
                set: "sources_v4_0", version: .ipv4, address: UInt128($0), packets: UInt64($0), bytes: 0,
                expiresInMilliseconds: nil)
        }
        #expect(StatusReport.ranked(sources, top: 3).map(\.packets) == [1999, 1998, 1997])
        #expect(StatusReport.ranked(sources, top: 64).map(\.packets) == (1936...1999).reversed().map { UInt64($0) })
    }
}

import Foundation
import Testing

@testable import Port0Core

/// What keeps a million-prefix list small in memory (the file read and parsed a chunk at a
/// time, ranges merged in place, set keys taken from chunks that are freed as they go)
/// against the plain forms it replaced: the same prefixes, ranges and keys.
@Suite struct ExemptStreamingTests {
    /// The merge as it was: a sorted copy folded into a new array.
    static func referenceMerge(_ ranges: [AddressRange]) -> [AddressRange] {
        var merged: [AddressRange] = []
        for range in ranges.sorted() {
            if let last = merged.last, last.last == .max || range.first <= last.last + 1 {
                merged[merged.count - 1].last = max(last.last, range.last)
            } else {
                merged.append(range)
            }
        }
        return merged
    }

    // Compared as text: UInt128 values inside #expect crash this toolchain's debug build.
    static func text(_ ranges: [AddressRange]) -> [String] { ranges.map { $0.integerText() } }

    static func range(_ first: UInt128, _ last: UInt128) -> AddressRange { AddressRange(first: first, last: last) }

    /// Deterministic pseudo-random ranges, many of them touching or overlapping.
    static func randomRanges(_ count: Int, seed: UInt64, top: UInt128) -> [AddressRange] {
        var state = seed
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 11
        }
        return (0..<count).map { _ in
            let first = UInt128(next() % 4096) * (top / 4096)
            let length = UInt128(next() % 3 == 0 ? next() % (1 << 20) : next() % 4)
            return range(first, first + min(length, top - first))
        }
    }

    static let v4Top = UInt128(UInt32.max)

    @Test(arguments: [
        [],
        [range(1, 1)],
        [range(10, 19), range(20, 29)],
        [range(10, 25), range(20, 29), range(5, 12)],
        [range(3, 3), range(1, 1), range(2, 2)],
        [range(0, v4Top), range(5, 6)],
        [range(1, v4Top), range(0, 0)],
        [range(v4Top, v4Top), range(0, v4Top - 1)],
        [range(0, .max), range(0, 0)],
        [range(.max - 1, .max), range(.max, .max), range(0, .max - 2)],
        [range(.max, .max), range(.max - 2, .max - 2)],
        Array(repeating: range(7, 7), count: 100),
        Array(repeating: range(.max, .max), count: 3) + [range(9, 9)],
    ])
    func inPlaceMergeIsTheOldMerge(ranges: [AddressRange]) {
        var merged = ranges
        RangeMerger.merge(&merged)
        #expect(Self.text(merged) == Self.text(Self.referenceMerge(ranges)))
    }

    @Test func inPlaceMergeOfRandomListsIsTheOldMerge() {
        for (seed, top) in [(1, Self.v4Top), (2, UInt128.max), (3, Self.v4Top)] as [(UInt64, UInt128)] {
            let ranges = Self.randomRanges(20_000, seed: seed, top: top)
            var merged = ranges
            RangeMerger.merge(&merged)
            let reference = Self.referenceMerge(ranges)
            #expect(merged.count == reference.count)
            #expect(Self.text(merged) == Self.text(reference))
            #expect(merged.count < ranges.count)
        }
    }

    /// IPv4-mapped IPv6 prefixes join the IPv4 list before the merge, so they merge with
    /// their IPv4 neighbours.
    @Test func mappedPrefixesMergeWithTheirIPv4Neighbours() throws {
        var options = RulesetOptions()
        options.exempt = try ["::ffff:10.0.0.0/104", "11.0.0.0/8", "255.255.255.255", "::ffff:255.255.255.254"].map {
            try ExemptPrefix(parsing: $0)
        }
        let ranges = try options.exemptRanges()
        #expect(ranges[.ipv4].map(Self.text) == ["0xa000000-0xbffffff", "0xfffffffe-0xffffffff"])
        #expect(ranges[.ipv6]?.isEmpty == true)
    }

    /// Keys from chunks (with chunk borders anywhere, empty chunks too) are the elements nft
    /// sends for the whole list.
    @Test func chunkedKeysAreTheSetsElements() {
        let lists: [(IPVersion, [AddressRange])] = [
            (.ipv4, []),
            (.ipv4, [Self.range(0, 5), Self.range(7, Self.v4Top)]),
            (.ipv4, [Self.range(1, 1), Self.range(Self.v4Top, Self.v4Top)]),
            (.ipv6, [Self.range(0, .max)]),
            (.ipv6, [Self.range(5, 9), Self.range(.max - 1, .max)]),
            (.ipv4, Self.referenceMerge(Self.randomRanges(200_000, seed: 4, top: Self.v4Top))),
            (.ipv6, Self.referenceMerge(Self.randomRanges(150_000, seed: 5, top: .max))),
        ]
        for (version, ranges) in lists {
            let set = AddressSet(name: "s", version: version, elements: ranges)
            let expected = IntervalElements.elements(set).map { ($0.key, $0.intervalEnd) }
            let width = version == .ipv4 ? 4 : 16
            func keys(_ chunks: [[AddressRange]]) -> [([UInt8], Bool)] {
                IntervalKeys(chunks: chunks, version: version).map {
                    (IntervalElements.bytes($0.value, width), $0.intervalEnd)
                }
            }
            let split = ranges.count / 3
            for chunks in [
                IntervalKeys.chunks(ranges), [ranges], [[], ranges, []],
                [Array(ranges[..<split]), [], Array(ranges[split...])],
            ] {
                let got = keys(chunks)
                #expect(got.count == expected.count)
                #expect(got.elementsEqual(expected) { $0.0 == $1.0 && $0.1 == $1.1 })
            }
            if ranges.count > 1 << 16 { #expect(IntervalKeys.chunks(ranges).count > 1) }
        }
    }

    /// The file read a chunk at a time gives what parsing it whole line by line gives: lines
    /// that run across chunk borders, CRLF, comments, no newline at the end.
    @Test func streamedFileIsParsedLikeTheWholeText() throws {
        var text = ""
        var expected: [Prefix] = []
        for index in 0..<30_000 {
            let line: String
            switch index % 5 {
            case 0: line = "10.\(index % 256).\(index / 256 % 256).0/24"
            case 1: line = "  2001:db8:\(String(index, radix: 16))::/48\t# site \(index)"
            case 2: line = "192.0.\(index % 256).\(index / 256 % 256)\r"
            case 3: line = "# " + String(repeating: "x", count: index % 700)
            default: line = "::ffff:198.\(index % 256).0.0/120"
            }
            text += line + (index == 29_999 ? "" : "\n")
            if index % 5 != 3 {
                expected.append(
                    try Prefix.parse(line.split(separator: "#")[0].trimmingCharacters(in: .whitespacesAndNewlines))
                        .get())
            }
        }
        #expect(text.utf8.count > 4 << 16)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("port0-stream-\(UUID().uuidString)")
            .path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { unlink(path) }
        let read = try ExemptFile.read(path: path)
        #expect(read.count == expected.count)
        #expect(read.map { $0.range.nftText($0.version) } == expected.map { $0.range.nftText($0.version) })
        // A bad line past the first chunks is named by its line number.
        try (text + "\n10.0.0.1/8\n").write(toFile: path, atomically: true, encoding: .utf8)
        #expect(
            throws: Port0Error.invalidFileLine(
                path: path, line: 30_001, value: "10.0.0.1/8",
                expected: PrefixError.hostBitsSet(canonical: "10.0.0.0/8").expected)
        ) {
            try ExemptFile.read(path: path)
        }
    }
}

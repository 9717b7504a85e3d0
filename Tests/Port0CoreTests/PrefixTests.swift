import Testing

@testable import Port0Core

@Suite struct PrefixTests {
    func text(_ prefixes: [String]) -> [String] {
        let parsed = prefixes.compactMap { try? Prefix.parse($0).get() }
        let version = parsed.first?.version ?? .ipv4
        return RangeMerger.merge(parsed.map(\.range)).map { $0.nftText(version) }
    }

    @Test func overlappingAndAdjacentPrefixesMerge() {
        #expect(text(["10.0.0.0/24", "10.0.1.0/24"]) == ["10.0.0.0/23"])
        #expect(text(["10.0.0.0/24", "10.0.1.0/24", "10.0.2.0/24"]) == ["10.0.0.0-10.0.2.255"])
        #expect(text(["10.0.0.0/8", "10.1.0.0/16", "10.0.0.0/8"]) == ["10.0.0.0/8"])
        #expect(text(["192.0.2.1", "192.0.2.3"]) == ["192.0.2.1", "192.0.2.3"])
        #expect(text(["0.0.0.0/0", "10.0.0.0/8"]) == ["0.0.0.0/0"])
        #expect(text(["2001:db8::/33", "2001:db8:8000::/33"]) == ["2001:db8::/32"])
        #expect(text(["::/0"]) == ["::/0"])
    }

    @Test func hostBitsAreRefusedWithTheIntendedNetwork() {
        #expect(throws: PrefixError.hostBitsSet(canonical: "10.0.0.0/8")) { try Prefix.parse("10.0.0.1/8").get() }
        #expect(throws: PrefixError.hostBitsSet(canonical: "2001:db8::/32")) {
            try Prefix.parse("2001:db8::1/32").get()
        }
    }

    @Test func ipv4MappedPrefixesBecomeIPv4() throws {
        let prefix = try Prefix.parse("::ffff:192.0.2.0/120").get()
        #expect(prefix.version == .ipv4)
        #expect(prefix.range.nftText(.ipv4) == "192.0.2.0/24")
    }

    @Test(arguments: [
        "", "10.0.0.0/", "10.0.0.0/-1", "10.0.0.0/+8", "10.0.0.256", "010.0.0.1", "1.2.3", "2001:db8::/129",
        "fe80::1%eth0", "10.0.0.0/8 ", "١٠.0.0.0/8",
    ])
    func malformedPrefixesAreRefused(text: String) {
        #expect(throws: PrefixError.malformed) { try Prefix.parse(text).get() }
    }

    @Test func intervalElementsAreWhatNftSends() {
        let set = AddressSet(
            name: "s", version: .ipv4,
            elements: RangeMerger.merge([
                try! Prefix.parse("10.0.0.0/23").get().range, try! Prefix.parse("255.255.255.255").get().range,
            ]))
        let elements = IntervalElements.elements(set)
        #expect(elements.map(\.key) == [[0, 0, 0, 0], [10, 0, 0, 0], [10, 0, 2, 0], [255, 255, 255, 255]])
        #expect(elements.map(\.intervalEnd) == [true, false, true, false])
    }
}

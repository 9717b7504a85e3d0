import Foundation
import Testing

@testable import Port0Core

/// Prefixes are parsed from bytes (exempt files of 100,000 lines); these pin what that parser
/// accepts and refuses, the same for `--exempt` text and file lines.
@Suite struct ExemptByteParsingTests {
    // Compared as nft text: UInt128 values inside #expect crash this toolchain's debug build.
    @Test(arguments: [
        ("192.0.2.0/24", IPVersion.ipv4, "192.0.2.0/24"),
        ("192.0.2.7", .ipv4, "192.0.2.7"),
        ("10.0.0.0/008", .ipv4, "10.0.0.0/8"),
        ("0.0.0.0/0", .ipv4, "0.0.0.0/0"),
        ("::ffff:198.18.0.0/111", .ipv4, "198.18.0.0/15"),
        ("2001:db8::/32", .ipv6, "2001:db8::/32"),
    ])
    func accepts(text: String, version: IPVersion, nftText: String) throws {
        let prefix = try Prefix.parse(text).get()
        let printed = prefix.range.nftText(prefix.version)
        #expect(prefix.version == version)
        #expect(printed == nftText)
    }

    @Test(arguments: [
        "", "/24", "10.0.0.0/", "10.0.0.0/33", "10.0.0.0/8/1", "10.0.0.0/+8", "10.0.0.0/ 8", "10.0.0.0/٣",
        "2001:db8::/129", "010.0.0.0/8", "10.0.0/24", "host.example", String(repeating: "1", count: 80),
        "10.0.0.0/99999999999999999999999",
    ])
    func refusesMalformed(text: String) {
        #expect(Prefix.parse(text) == .failure(.malformed))
    }

    @Test func namesTheIntendedPrefixWhenHostBitsAreSet() {
        #expect(Prefix.parse("10.0.0.1/8") == .failure(.hostBitsSet(canonical: "10.0.0.0/8")))
    }

    @Test func fileLinesAreParsedTheSameWay() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("port0-exempt-\(getpid()).txt").path
        try "  192.0.2.0/24\t# lab\r\n\n2001:db8::/32\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(
            try ExemptFile.read(path: path) == [
                try Prefix.parse("192.0.2.0/24").get(), try Prefix.parse("2001:db8::/32").get(),
            ])
        try "192.0.2.0/24\n10.0.0.0/8/1\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(
            throws: Port0Error.invalidFileLine(path: path, line: 2, value: "10.0.0.0/8/1", expected: Prefix.expected)
        ) {
            try ExemptFile.read(path: path)
        }
    }
}

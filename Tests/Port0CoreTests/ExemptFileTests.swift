import Foundation
import Port0TestSupport
import Testing

@testable import Port0Core

/// `--exempt-file`: what a hand-kept or generated list may contain, and what fails it.
@Suite struct ExemptFileTests {
    /// Writes `bytes` to a fresh temporary file and returns its path.
    func file(_ bytes: [UInt8]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("port0-exempt-\(UUID().uuidString)")
            .path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    func file(_ text: String) throws -> String { try file(Array(text.utf8)) }

    func exempt(_ path: String) throws(Port0Error) -> [String] {
        let table = try RulesetBuilder.build(RulesetOptions().with { $0.exemptFiles = [path] })
        return table.sets.flatMap { set in set.elements.map { $0.nftText(set.version) } }
    }

    @Test func blankLinesCommentsSpacesAndCRLFAreIgnored() throws {
        let path = try file("\n# a comment\r\n  192.0.2.0/24  \r\n\t2001:db8::/32\t# trailing comment\r\n\r\n#\n   \n")
        defer { unlink(path) }
        #expect(try exempt(path) == ["192.0.2.0/24", "2001:db8::/32"])
    }

    @Test func emptyFileExemptsNothing() throws {
        let path = try file("")
        defer { unlink(path) }
        #expect(try exempt(path).isEmpty)
        #expect(try Table.built { $0.exemptFiles = [path] }.sets.isEmpty)
    }

    @Test func duplicatesOverlapsAndNeighboursAreMerged() throws {
        let path = try file(
            """
            10.0.0.0/24
            10.0.0.0/24
            10.0.1.0/24
            10.0.0.128/25
            10.0.2.0/24
            192.0.2.1
            192.0.2.2/31
            2001:db8::/33
            2001:db8:8000::/33
            2001:db8::1
            """)
        defer { unlink(path) }
        #expect(try exempt(path) == ["10.0.0.0-10.0.2.255", "192.0.2.1-192.0.2.3", "2001:db8::/32"])
    }

    @Test func ipv4MappedIPv6BecomesIPv4() throws {
        let path = try file("::ffff:198.18.0.0/111\n::ffff:192.0.2.7\n")
        defer { unlink(path) }
        #expect(try exempt(path) == ["192.0.2.7", "198.18.0.0/15"])
    }

    @Test func hostBitsAreRefusedWithTheLineNumberAndTheNetwork() throws {
        let path = try file("# list\n192.0.2.0/24\n\n10.1.2.3/8\n")
        defer { unlink(path) }
        #expect(
            throws: Port0Error.invalidFileLine(
                path: path, line: 4, value: "10.1.2.3/8", expected: "no host bits set, e.g. 10.0.0.0/8")
        ) { try exempt(path) }
    }

    /// A bad second line, named for the test report (the bytes can be 64 KiB).
    struct BadLine: CustomTestStringConvertible, Sendable {
        var testDescription: String
        var bytes: [UInt8]
    }

    static let badLines: [BadLine] = [
        BadLine(testDescription: "two prefixes", bytes: Array("10.0.0.0/8\n192.0.2.0/24 198.51.100.0/24\n".utf8)),
        BadLine(testDescription: "NUL", bytes: Array("10.0.0.0/8\n192.0.2.1\u{0}garbage\n".utf8)),
        BadLine(testDescription: "invalid UTF-8", bytes: Array("10.0.0.0/8\n".utf8) + [0xff, 0xfe, 0x0a]),
        BadLine(testDescription: "right-to-left override", bytes: Array("10.0.0.0/8\n\u{202E}8/0.0.0.01\n".utf8)),
        BadLine(testDescription: "nft statement", bytes: Array("10.0.0.0/8\n10.0.0.0/8; add table ip evil\n".utf8)),
        BadLine(
            testDescription: "64 KiB line",
            bytes: Array(("10.0.0.0/8\n" + String(repeating: "1", count: 65_536) + "\n").utf8)),
    ]

    @Test(arguments: badLines)
    func badLineFailsTheWholeFileNamingLineTwo(bad: BadLine) throws {
        let path = try file(bad.bytes)
        defer { unlink(path) }
        do {
            _ = try exempt(path)
            Issue.record("accepted a bad line")
        } catch {
            guard case .invalidFileLine(_, let line, _, _) = error else {
                Issue.record("\(error)")
                return
            }
            #expect(line == 2)
            #expect(HostileInputTests.isOneSafeLine(error.description), "\(error.description)")
        }
    }

    @Test func missingFileAndDirectoryAreClearErrors() throws {
        let missing = "/nonexistent/port0/exempt.txt"
        #expect(
            throws: Port0Error.unreadableFile(path: missing, reason: "No such file or directory")
        ) { try exempt(missing) }
        let directory = FileManager.default.temporaryDirectory.path
        #expect(throws: Port0Error.unreadableFile(path: directory, reason: "is a directory")) { try exempt(directory) }
        #expect(throws: Port0Error.unreadableFile(path: "/dev/zero", reason: "not a regular file or a pipe")) {
            try exempt("/dev/zero")
        }
    }
}

import Port0TestSupport
import Testing

@testable import Port0Core

/// Every user string that can reach nft text, JSON or netlink is either refused with a
/// one-line error that names the option, or is a value nft reads back unchanged.
@Suite struct HostileInputTests {
    /// Values that break out of nft's quoted strings, start comments or variables, end
    /// lines, forge output, or are simply huge or not what they look like.
    static let hostileValues: [String] = [
        "a\"b", "a\\b", "a\nb", "a\r\nb", "a;b", "a{b", "a}b", "a#b", "a$b", "a@b", "a\u{0}b",
        String(repeating: "x", count: 65_536),
        "a\u{FFFD}b",  // what invalid UTF-8 bytes decode to
        "p\u{043E}rt0",  // Cyrillic о: looks like port0
        "eth\u{0661}",  // Arabic-Indic digit one
        "a\u{202E}b", "a\u{200F}b",  // right-to-left override and mark
        "a b", "'", "`", "", " ", "\t",
    ]

    /// The only hostile values port0 takes: printable ASCII inside a log prefix, which nft
    /// quotes and lists back unchanged.
    static let acceptedLogPrefixes: Set<String> = ["a;b", "a{b", "a}b", "a#b", "a@b", "a b", "'", "`", " "]

    /// Each option set as the CLI sets it: parsed by `OptionValue`, then built.
    static let options: [(String, @Sendable (inout RulesetOptions, String) throws -> Void)] = [
        ("--table", { $0.table = try OptionValue.table($1) }),
        (
            "--device",
            {
                $0.profile = .edge
                $0.devices = [try OptionValue.device($1)]
            }
        ),
        ("--log-prefix", { $0.logPrefix = try OptionValue.logPrefix($1) }),
        ("--log-rate", { $0.logRate = try OptionValue.logRate($1) }),
        ("--priority", { $0.priority = $1 }),
        ("--hook", { $0.hooks = [try OptionValue.hook($1, profile: .host)] }),
        ("--profile", { $0.profile = try OptionValue.profile($1) }),
        ("--action", { $0.action = try OptionValue.action($1) }),
        ("--exempt", { $0.exempt = [try ExemptPrefix(parsing: $1)] }),
    ]

    @Test func eachHostileValueIsRefusedInOneLineNamingTheOptionOrReadBackUnchanged() {
        for (option, set) in Self.options {
            for value in Self.hostileValues {
                var options = RulesetOptions()
                do {
                    try set(&options, value)
                    let table = try RulesetBuilder.build(options)
                    #expect(
                        option == "--log-prefix" && Self.acceptedLogPrefixes.contains(value),
                        "\(option) \(Quoted(value)) was accepted")
                    let text = NftTextRenderer.script(table)
                    #expect(text.contains("log prefix \"\(value)\""))
                    #expect(text.components(separatedBy: "\ntable ").count == 3)
                } catch {
                    #expect(!(option == "--log-prefix" && Self.acceptedLogPrefixes.contains(value)))
                    let line = String(describing: error)
                    #expect(line.contains(option), "\(line)")
                    #expect(Self.isOneSafeLine(line), "\(line)")
                    #expect(line.utf8.count < 400)
                }
            }
        }
    }

    /// One line of printable ASCII (and the ellipsis of a cut value): no newline, escape
    /// sequence or bidirectional control can reach the terminal.
    static func isOneSafeLine(_ line: String) -> Bool {
        line.unicodeScalars.allSatisfy { (" "..."~").contains($0) || $0 == "…" }
    }

    /// One escaper for user values (`Quoted`), kernel strings and the parser's messages.
    @Test func oneEscaperForEverythingPrinted() {
        #expect(PrintableText.escaped("a\r\n\tb\\c'd\u{202E}\u{1b}[2J\u{0}") == #"a\r\n\tb\\c'd\u{202e}\u{1b}[2J\u{0}"#)
        #expect(Quoted("it's\r").description == #"'it\'s\r'"#)
        #expect(PrintableText.escaped("abcdef", limit: 3) == "abc…(6 bytes)")
        #expect(PrintableText.escaped("abc", limit: 3) == "abc")
        #expect(
            Quoted(String(repeating: "é", count: 81)).description == "'" + String(repeating: "\\u{e9}", count: 80)
                + "…(162 bytes)'")
    }

    @Test func tableNamesAreIdentifiersAndNotKeywords() {
        for good in ["port0", "a", "P0_edge", String(repeating: "t", count: 32)] {
            #expect(NameRules.isValidTableName(good), "\(good)")
        }
        for bad in [
            "0port", "_x", "port-0", "port.0", "table", "inet", "drop", "ip6", String(repeating: "t", count: 33),
        ] {
            #expect(!NameRules.isValidTableName(bad), "\(bad)")
        }
    }

    @Test func deviceNamesFollowTheKernel() {
        for good in ["eth0", "a", "br-lan", "eth0.100", "wg_0", String(repeating: "d", count: 15)] {
            #expect(NameRules.isValidDeviceName(good), "\(good)")
        }
        for bad in [".", "..", "", "eth 0", "eth/0", "eth:0", String(repeating: "d", count: 16), "éth0"] {
            #expect(!NameRules.isValidDeviceName(bad), "\(bad)")
        }
    }

    @Test func logPrefixesFitNftAndTheKernel() {
        #expect(NameRules.isValidLogPrefix(String(repeating: "p", count: 127)))
        #expect(!NameRules.isValidLogPrefix(String(repeating: "p", count: 128)))
        #expect(!NameRules.isValidLogPrefix("tab\there"))
        #expect(!NameRules.isValidLogPrefix("del\u{7f}"))
    }

    @Test func netnsIsOneNameOrAnAbsolutePath() throws {
        for good in ["blue", "ns-1.test_a", String(repeating: "n", count: 255), "/proc/1/ns/net", "/run/netns/x y"] {
            #expect(NameRules.isValidNetns(good), "\(good)")
        }
        for bad in [
            "", ".", "..", "../etc", "a/b", "sub/../x", "a b", "a\nb", "ns\u{202E}", String(repeating: "n", count: 256),
            "/a\u{0}b", "/" + String(repeating: "p", count: 4096),
        ] {
            #expect(!NameRules.isValidNetns(bad), "\(Quoted(bad))")
        }
        #expect(throws: Port0Error.invalidValue(option: "--netns", value: "..", expected: NameRules.netnsExpected)) {
            try NameRules.netns("..")
        }
        #expect(try NameRules.netns("blue") == "blue")
    }

    /// Extreme priorities are plain integers in the output, never user text.
    @Test func priorityIsRenderedFromItsValue() throws {
        let table = try Table.built { $0.priority = "raw - 2147483348" }
        #expect(table.baseChains.allSatisfy { $0.base?.priority == ChainPriority(Int32.min) })
        #expect(throws: Port0Error.self) { try Table.built { $0.priority = "raw - 2147483349" } }
        #expect(throws: Port0Error.self) { try Table.built { $0.priority = "raw\n-10" } }
    }
}

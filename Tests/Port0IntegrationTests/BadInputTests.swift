import Foundation
import Testing

/// What `port0 render` does with bad and hostile input, seen from outside: a refusal is one
/// line on stderr naming the value, a non-zero exit, nothing on stdout and no output file;
/// anything accepted loads into nft as exactly port0's one table.
@Suite struct BadInputTests {
    /// A fresh empty directory for `-o`, removed afterwards.
    static func withOutputDirectory<T>(_ body: (URL) throws -> T) throws -> T {
        try Ops.withTempDir { try body(URL(fileURLWithPath: $0)) }
    }

    /// Runs `port0 render ARGS -o DIR/out` through the shell, so arguments can hold bytes a
    /// Swift string cannot (invalid UTF-8): `$(printf …)` in `shellArguments` is expanded.
    static func render(shellArguments: String, output: String) throws -> Support.Result {
        try Support.run(["sh", "-c", "exec \"$0\" render \(shellArguments) -o \"$1\"", Support.port0, output])
    }

    static func render(_ arguments: [String], output: String) throws -> Support.Result {
        try Support.port0(["render"] + arguments + ["-o", output])
    }

    /// The refusal contract.
    static func expectRefusal(
        _ result: Support.Result, naming needle: String, outputDirectory: URL,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        #expect(result.status != 0, sourceLocation: sourceLocation)
        #expect(
            result.status == 1 || result.status == 64, "crash? status \(result.status)", sourceLocation: sourceLocation)
        #expect(result.stdout.isEmpty, sourceLocation: sourceLocation)
        #expect(
            result.stderr.hasPrefix("port0: error: ") && result.stderr.hasSuffix("\n")
                && result.stderr.filter(\.isNewline).count == 1,
            "not one line: \(result.stderr.debugDescription)", sourceLocation: sourceLocation)
        #expect(
            result.stderr.contains(needle), "\(result.stderr) does not name \(needle)", sourceLocation: sourceLocation)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: outputDirectory.path).isEmpty,
            "an output file was written",
            sourceLocation: sourceLocation)
    }

    // MARK: The invalid-input cases of the render issue, one test each.

    struct Case: CustomTestStringConvertible, Sendable {
        var testDescription: String
        var arguments: [String]
        /// Text the error line must contain: the option and the bad value as port0 quotes it.
        var names: [String]

        init(_ description: String, _ arguments: [String], _ names: [String]) {
            testDescription = description
            self.arguments = arguments
            self.names = names
        }
    }

    static let invalidCases: [Case] = [
        Case("unknown profile", ["--profile", "router"], ["--profile", "'router'"]),
        Case("hook the family lacks", ["--hook", "ingress"], ["--hook", "'ingress'"]),
        Case(
            "hook of inet on edge", ["--profile", "edge", "--device", "eth0", "--hook", "input"], ["--hook", "'input'"]),
        Case("bad priority name", ["--priority", "conntrack"], ["--priority", "'conntrack'"]),
        Case("priority overflow", ["--priority", "raw - 2147483349"], ["--priority"]),
        // The example in the message is one the profile accepts (netdev has no 'raw').
        Case(
            "priority name netdev lacks", ["--profile", "edge", "--device", "eth0", "--priority", "raw"],
            ["--priority", "'raw'", "an integer or filter with an optional offset, e.g. 'filter - 10'"]),
        // dstnat is prerouting's alone: the default table also has an output chain, and the
        // line lists only the names it could take.
        Case(
            "priority name of only one of the table's hooks", ["--priority", "dstnat"],
            [
                "--priority", "'dstnat'",
                "one of raw, mangle, filter, security with an optional offset (dstnat only with --hook prerouting alone",
            ]),
        Case("bad CIDR length", ["--exempt", "10.0.0.0/33"], ["--exempt", "'10.0.0.0/33'"]),
        // The kernel refuses a netdev chain with 256 devices or more (EFBIG): nft -f of such a
        // script fails, and apply said only "File too large".
        Case(
            "more devices than a netdev chain takes",
            ["--profile", "edge"] + (0..<256).flatMap { ["--device", "uplink\($0)"] },
            ["--device given for 256 links", "at most 255 devices"]),
        Case("bad CIDR address", ["--exempt", "10.0.0.256/32"], ["--exempt", "'10.0.0.256/32'"]),
        Case("CIDR with host bits", ["--exempt", "192.0.2.1/24"], ["--exempt", "'192.0.2.1/24'", "192.0.2.0/24"]),
        Case(
            "device over 15 bytes", ["--profile", "edge", "--device", "abcdefghijklmnop"],
            ["--device", "'abcdefghijklmnop'"]),
        Case(
            "device with illegal characters", ["--profile", "edge", "--device", "eth0\"; drop"],
            ["--device", "'eth0\"; drop'"]),
        Case("edge without device", ["--profile", "edge"], ["--device", "--profile edge"]),
        Case(
            "unknown encap", ["--profile", "edge", "--device", "eth0", "--encap", "vlan"],
            ["--encap", "'vlan'", "all or none"]),
        Case("encap on the host profile", ["--encap", "all"], ["--encap all", "--profile edge"]),
        Case("table name not an identifier", ["--table", "my-table"], ["--table", "'my-table'"]),
        Case("table name is a keyword", ["--table", "chain"], ["--table", "'chain'"]),
        Case("log prefix too long", ["--log-prefix", String(repeating: "p", count: 128)], ["--log-prefix", "'ppppp"]),
        Case(
            "log prefix breaking out of its quotes", ["--log-prefix", "x\" drop #"], ["--log-prefix", "'x\" drop #'"]),
        Case("log prefix with a variable", ["--log-prefix", "$HOME"], ["--log-prefix", "'$HOME'"]),
        Case("bad log rate", ["--log-rate", "10/day"], ["--log-rate", "'10/day'"]),
        Case("exempt file is a directory", ["--exempt-file", "/"], ["exempt file '/'", "is a directory"]),
        Case(
            "exempt file is missing", ["--exempt-file", "/nonexistent/list"],
            ["exempt file '/nonexistent/list'", "No such file"]),
        Case(
            "exempt file path with a newline and a right-to-left mark", ["--exempt-file", "/nonexistent/a\nb\u{200F}"],
            ["exempt file '/nonexistent/a\\nb\\u{200f}'"]),
        Case("unknown format", ["--format", "yaml"], ["--format", "'yaml'"]),
        Case("option without its value", ["--table"], ["--table"]),
        Case("unknown option", ["--tabel", "x"], ["--tabel"]),
        Case("unknown option with a carriage return and a backslash", ["--ta\rb\\el"], [#"--ta\rb\\el"#]),
    ]

    @Test(arguments: invalidCases)
    func invalidInputIsRefusedInOneLine(invalid: Case) throws {
        try Self.withOutputDirectory { dir in
            let result = try Self.render(invalid.arguments, output: dir.appendingPathComponent("out.nft").path)
            for needle in invalid.names {
                try Self.expectRefusal(result, naming: needle, outputDirectory: dir)
            }
            // The same refusal without -o: still nothing on stdout.
            let toStdout = try Support.port0(["render"] + invalid.arguments)
            #expect(toStdout.status == result.status && toStdout.stdout.isEmpty && toStdout.stderr == result.stderr)
        }
    }

    @Test func exemptFileLineWithHostBitsNamesLineAndNetwork() throws {
        try Self.withOutputDirectory { dir in
            let list = dir.appendingPathComponent("list.txt")
            try "# telescope\r\n192.0.2.0/24\r\n\r\n198.51.100.7/24\r\n".write(
                to: list, atomically: true, encoding: .utf8)
            let out = dir.appendingPathComponent("out")
            try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
            let result = try Self.render(
                ["--exempt-file", list.path], output: out.appendingPathComponent("x.nft").path)
            try Self.expectRefusal(result, naming: "line 4: invalid prefix '198.51.100.7/24'", outputDirectory: out)
            #expect(result.stderr.contains("e.g. 198.51.100.0/24"))
        }
    }

    /// Bytes no argument can carry (NUL) and bytes that are not text, inside an exempt file:
    /// the error line names the line and shows the bytes escaped.
    @Test func exemptFileWithHostileBytesIsRefusedInOneLine() throws {
        let lines: [(bytes: [UInt8], shown: String)] = [
            (Array("192.0.2.1".utf8) + [0] + Array("; add table ip evil".utf8), "'192.0.2.1\\u{0}; add table ip evil'"),
            (Array("10.0.0.0/8".utf8) + [0xff, 0xfe], "'10.0.0.0/8\\u{fffd}\\u{fffd}'"),
            (Array("\u{1b}[2J10.0.0.0/8\u{202E}".utf8), "'\\u{1b}[2J10.0.0.0/8\\u{202e}'"),
        ]
        for (bytes, shown) in lines {
            try Self.withOutputDirectory { dir in
                let list = dir.appendingPathComponent("list.txt")
                try Data(Array("192.0.2.0/24\r\n".utf8) + bytes + [0x0a]).write(to: list)
                let out = dir.appendingPathComponent("out")
                try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
                let result = try Self.render(
                    ["--exempt-file", list.path], output: out.appendingPathComponent("x.nft").path)
                try Self.expectRefusal(result, naming: "line 2: invalid prefix \(shown)", outputDirectory: out)
            }
        }
    }

    // MARK: Hostile values for every option.

    static let hostileValues: [(name: String, shell: String)] = [
        ("double quote", #"'a"b'"#), ("backslash", #"'a\b'"#), ("newline", #"'a"$(printf '\n')"b'"#),
        ("semicolon", "'a;b'"), ("open brace", "'a{b'"), ("close brace", "'a}b'"), ("hash", "'a#b'"),
        ("dollar", "'a$b'"), ("at", "'a@b'"), ("64 KiB", "\"$(head -c 65536 /dev/zero | tr '\\0' x)\""),
        ("invalid UTF-8", "\"$(printf 'a\\377\\376b')\""), ("Cyrillic look-alike", "'p\u{043E}rt0'"),
        ("right-to-left override", "'a\u{202E}b'"), ("right-to-left mark", "'a\u{200F}b'"),
        ("statement injection", #"'x" ; add table ip evil { } ; "'"#), ("empty", "''"),
        ("escape sequence", "\"$(printf 'a\\033[2Jb')\""),
    ]

    struct HostileOption: CustomTestStringConvertible, Sendable {
        var option: String
        /// Options that make `option` meaningful, e.g. --profile edge for --device.
        var context: String = ""
        /// Names of the values in `hostileValues` this option takes.
        var accepts: Set<String> = []
        var testDescription: String { option }
    }

    static let hostileOptions: [HostileOption] = [
        HostileOption(option: "--table"), HostileOption(option: "--device", context: "--profile edge"),
        HostileOption(option: "--log-prefix", accepts: ["semicolon", "open brace", "close brace", "hash", "at"]),
        HostileOption(option: "--log-rate"), HostileOption(option: "--priority"), HostileOption(option: "--hook"),
        HostileOption(option: "--profile"), HostileOption(option: "--action"), HostileOption(option: "--exempt"),
        HostileOption(option: "--format"),
    ]

    /// Each value for the option: refused in one line naming the option, or (only printable
    /// log prefixes) rendered into a script that nft loads as exactly the one table it lists.
    @Test(arguments: hostileOptions)
    func hostileValuesAreRefusedOrLoadAsExactlyPort0sTable(hostile: HostileOption) throws {
        var accepted: Set<String> = []
        for (name, shell) in Self.hostileValues {
            try Self.withOutputDirectory { dir in
                let output = dir.appendingPathComponent("out.nft").path
                let result = try Self.render(
                    shellArguments: "\(hostile.context) \(hostile.option) \(shell)", output: output)
                if result.status == 0 {
                    accepted.insert(name)
                    #expect(result.stdout.isEmpty && result.stderr.isEmpty)
                    try Self.expectLoadsAsOneTable(output)
                } else {
                    try Self.expectRefusal(result, naming: hostile.option, outputDirectory: dir)
                }
            }
        }
        #expect(accepted == hostile.accepts)
    }

    /// Loads a rendered script in a private namespace: it must load, and the kernel must
    /// then hold exactly the table at the end of the script — one table, only port0's rules.
    static func expectLoadsAsOneTable(_ path: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let script = try String(contentsOfFile: path, encoding: .utf8)
        let result = try Support.unshareNetns("nft -f \"$1\" && nft list ruleset", [path])
        #expect(result.status == 0, "\(result.stderr)", sourceLocation: sourceLocation)
        guard let start = script.range(of: "\ntable ", options: .backwards) else {
            Issue.record("no table in the script", sourceLocation: sourceLocation)
            return
        }
        let table = script[script.index(after: start.lowerBound)...]
        #expect(result.stdout == String(table), sourceLocation: sourceLocation)
    }
}

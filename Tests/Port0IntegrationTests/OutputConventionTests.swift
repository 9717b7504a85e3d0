import Foundation
import Testing

@Suite("Output conventions: data on stdout, diagnostics on stderr, documented exit codes")
struct OutputConventionTests {
    @Test("render prints the ruleset on stdout and nothing on stderr")
    func dataOnStdout() throws {
        let result = try Support.port0(["render"])
        #expect(result.status == 0)
        let shebang = "#!/usr/sbin/nft " + "-f\n"  // the script's first line; nothing is loaded here
        #expect(result.stdout.hasPrefix(shebang))
        #expect(result.stderr.isEmpty)
    }

    @Test("a bad value is one 'port0: error:' line on stderr, nothing on stdout, exit 1")
    func badValueIsOneLine() throws {
        let result = try Support.port0(["render", "--action", "explode"])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.hasPrefix("port0: error: ") == true)
        #expect(result.stderr.contains("explode"))
    }

    @Test("--quiet keeps the data and the errors")
    func quietKeepsDataAndErrors() throws {
        let loud = try Support.port0(["render"])
        let quiet = try Support.port0(["render", "--quiet"])
        #expect(quiet.status == 0)
        #expect(quiet.stdout == loud.stdout)
        #expect(quiet.stderr.isEmpty)
        let failing = try Support.port0(["render", "-q", "--action", "explode"])
        #expect(failing.status == 1)
        #expect(failing.stderr == (try Support.port0(["render", "--action", "explode"])).stderr)
    }

    @Test("an unknown option is a usage error: exit 64")
    func usageErrorIs64() throws {
        let result = try Support.port0(["render", "--no-such-option"])
        #expect(result.status == 64)
        #expect(result.stdout.isEmpty)
        #expect(!result.stderr.isEmpty)
    }

    @Test("no colour escapes when stdout is not a terminal")
    func noColour() throws {
        for arguments in [
            ["--help"], ["render"], ["render", "--help"], ["render", "--action", "x"], ["render", "--x"],
        ] {
            let result = try Support.port0(arguments)
            #expect(!(result.stdout + result.stderr).contains("\u{1B}["), "colour in port0 \(arguments)")
        }
    }

    @Test("every exit code is documented in README.md, --help and the man page")
    func exitCodesDocumented() throws {
        let readme = try Ops.read(Ops.path("README.md"))
        let help = try Support.port0(["--help"]).stdout
        let man = try Ops.read(Ops.path("docs/man/port0.1"))
        for code in ["0", "1", "2", "3", "4", "64", "141"] {
            #expect(readme.contains("| \(code) "), "README.md: exit code \(code)")
            #expect(help.contains("\n  \(code) "), "--help: exit code \(code)")
            #expect(man.contains("\n  \(code) "), "man page: exit code \(code)")
        }
        #expect(help.contains("EXIT CODES:"))
        #expect(man.contains("EXIT CODES:"))
    }
}

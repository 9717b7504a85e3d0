import Foundation
import Testing

@Suite("Man page, completions and help text")
struct DocsTests {
    @Test("port0 --help and every subcommand's help carry examples")
    func helpHasExamples() throws {
        let root = try Support.port0(["--help"])
        #expect(root.status == 0)
        #expect(root.stdout.contains("Examples:\n"))
        let names = try Ops.subcommands()
        #expect(names.contains("render"))
        for name in names {
            let help = try Support.port0([name, "--help"])
            #expect(help.status == 0, "port0 \(name) --help")
            #expect(help.stdout.contains("Examples:\n"), "port0 \(name) --help has no Examples: section")
        }
    }

    @Test("the committed man page and completions match the current binary (scripts/gen-docs)")
    func committedDocsAreCurrent() throws {
        try Ops.withTempDir { dir in
            let result = try Ops.run(["bash", Ops.path("scripts/gen-docs"), "--binary", Support.port0, "--output", dir])
            try #require(result.status == 0, "gen-docs failed: \(result.stderr)")
            let stale = "is stale: run scripts/gen-docs and commit docs/"
            let withoutDate = { (text: String) in text.split(separator: "\n").filter { !$0.hasPrefix(".Dd ") } }
            #expect(
                withoutDate(try Ops.read(dir + "/man/port0.1"))
                    == withoutDate(try Ops.read(Ops.path("docs/man/port0.1"))),
                "docs/man/port0.1 \(stale)")
            for file in ["port0.bash", "_port0", "port0.fish"] {
                #expect(
                    try Ops.read(dir + "/completions/" + file) == (try Ops.read(Ops.path("docs/completions/" + file))),
                    "docs/completions/\(file) \(stale)")
            }
        }
    }

    @Test(
        "the man page renders without groff warnings (lintian's groff-message)",
        .enabled(if: Ops.has("man"), "needs man-db (scripts/setup)"))
    func manPageHasNoGroffWarnings() throws {
        let man = try Ops.run(
            ["man", "--warnings", "-l", Ops.path("docs/man/port0.1")], environment: ["MANWIDTH": "80"])
        #expect(man.status == 0)
        #expect(man.stderr == "", "docs/man/port0.1: \(man.stderr)")
        #expect(man.stdout.contains("port0 render | nft -c -f -"))
    }

    @Test("the bash completion is sourced, not run: no hashbang line (lintian's bash-completion-with-hashbang)")
    func bashCompletionHasNoHashbang() throws {
        let bash = try Ops.read(Ops.path("docs/completions/port0.bash"))
        #expect(!bash.hasPrefix("#!"))
        #expect(bash.contains("complete -"))
    }

    @Test("the man page and every completion script cover every subcommand")
    func docsCoverSubcommands() throws {
        let man = try Ops.read(Ops.path("docs/man/port0.1"))
        #expect(man.contains(".Dt PORT0 1"))
        for name in try Ops.subcommands() {
            #expect(man.contains("\n.It Em \(name)\n"), "man page lacks \(name)")
            for file in ["port0.bash", "_port0", "port0.fish"] {
                #expect(try Ops.read(Ops.path("docs/completions/" + file)).contains(name), "\(file) lacks \(name)")
            }
        }
    }
}

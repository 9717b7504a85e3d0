import ArgumentParser
import Port0Core

struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the ruleset as an nft -f (or nft -j -f) script.",
        discussion: """
            Needs no privilege and opens no netlink socket. The script replaces only port0's
            table, atomically, each time it is loaded.

            Examples:
              port0 render | nft -c -f -
              port0 render --format json | nft -j -c -f -
              port0 render --action reject --log --exempt 192.0.2.0/24 -o port0.nft
            """)

    @OptionGroup var ruleset: RulesetOptionGroup

    @Option(help: ArgumentHelp("text (nft -f) or json (nft -j -f).", valueName: "format"))
    var format = "text"

    @Option(
        name: .shortAndLong,
        help: ArgumentHelp(
            "Write to this file instead of stdout: a regular file atomically, a device or FIFO through.",
            valueName: "file"))
    var output: String?

    @OptionGroup(title: "Output options") var outputOptions: OutputOptions

    func run() throws {
        try reportingErrors { () throws(Port0Error) in
            let format = try RulesetFormat.parse(format)
            let table = try RulesetBuilder.build(ruleset.options)
            let text = format.script(table)
            if let output {
                try AtomicFile.write(text, to: output)
            } else {
                try StandardOutput.write(text)
            }
        }
    }
}

import ArgumentParser
import Port0Core

struct Render: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        _superCommandName: "port0",
        abstract: "Print the ruleset as an nft -f (or nft -j -f) script, or as BGP FlowSpec rules.",
        discussion: """
            Needs no privilege and opens no netlink socket. The script replaces only port0's
            table, atomically, each time it is loaded.

            Examples:
              port0 render | nft -c -f -
              port0 render --format json | nft -j -c -f -
              port0 render --action reject --log --exempt 192.0.2.0/24 -o port0.nft
              port0 render --format flowspec --flowspec-syntax exabgp -o port0-flow.conf
            """)

    @OptionGroup var ruleset: RulesetOptionGroup

    @Option(
        help: ArgumentHelp(
            "text (nft -f), json (nft -j -f) or flowspec (BGP FlowSpec for routers).", valueName: "format"))
    var format = "text"

    @Option(
        help: ArgumentHelp(
            "With --format flowspec: bird (BIRD 2, the default), exabgp (ExaBGP 4) or gobgp (gobgp commands).",
            valueName: "speaker"))
    var flowspecSyntax: String?

    @Option(
        name: .shortAndLong,
        help: ArgumentHelp(
            "Write to this file instead of stdout: a regular file atomically, a device or FIFO through.",
            valueName: "file"))
    var output: String?

    @OptionGroup(title: "Output options") var outputOptions: OutputOptions

    func run() throws {
        try reportingErrors { () throws(Port0Error) in
            let text: String
            if format == "flowspec" {
                let syntax = try flowspecSyntax.map(FlowSpecSyntax.parse) ?? .default
                text = try FlowSpecRenderer.script(ruleset.options, syntax: syntax)
            } else {
                let format = try RulesetFormat.parse(format)
                if flowspecSyntax != nil {
                    throw .invalidCombination("--flowspec-syntax needs --format flowspec")
                }
                let table = try RulesetBuilder.build(ruleset.options)
                try format.check(table)
                text = format.script(table)
            }
            try StandardOutput.write(text, to: output)
        }
    }
}

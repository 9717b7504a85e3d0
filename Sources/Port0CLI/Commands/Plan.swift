import ArgumentParser
import Port0Core

struct Plan: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        _superCommandName: "port0",
        abstract: "Show what apply would change: \"no changes\" or a diff of the live table against the configuration.",
        discussion: """
            Reads port0's table back from the kernel and compares it with the table the options \
            describe. Prints "no changes", or a unified diff of the nft listings (live rendered \
            from what was read back, not by calling nft); rules that are not port0's show as \
            "# not port0's rule: …". Counter values are not differences.

            With --live FILE the live table is read from a saved `nft -j list ruleset` listing \
            (- for standard input) instead of the kernel: the same diff and exit codes, as any \
            user, without a netlink socket. A listing without port0's table plans a create; an \
            nft text listing is refused.

            Exit codes: 0 no changes (or changes, without --detailed-exitcode), 2 changes pending \
            (with --detailed-exitcode), 1 error.

            Examples:
              port0 plan --detailed-exitcode; [ $? -eq 2 ] && port0 apply
              port0 plan --netns blue --format json
              ssh edge1 nft -j list ruleset | port0 plan --live - --profile edge --device eth0
            """)

    @OptionGroup var ruleset: RulesetOptionGroup

    @OptionGroup var target: NetnsOptionGroup
    @OptionGroup var listing: LiveListingOption
    @OptionGroup(title: "Output options") var outputOptions: OutputOptions

    @Flag(help: "Exit 2 when changes are pending, 0 when there are none (1 is an error).")
    var detailedExitcode = false

    @Flag(help: "Replace or remove a table of this name that port0 did not create (one without port0's comment).")
    var adopt = false

    @Option(help: ArgumentHelp("text (a unified diff) or json.", valueName: "format"))
    var format = "text"

    func run() throws {
        var pending = false
        try reportingErrors { () throws(Port0Error) in
            let format = try checkedFormat(format, ["text", "json"])
            let table = try RulesetBuilder.build(ruleset.options)
            let report =
                listing.path != nil
                ? PlanReport(live: try listing.table(desired: table, netns: target.netns), desired: table)
                : try Converger(kernel: try target.kernel(), adopt: adopt).plan(table)
            try StandardOutput.write(format == "json" ? report.json + "\n" : report.text)
            pending = report.changesPending
        }
        if pending && detailedExitcode { throw ExitCode(2) }
    }
}

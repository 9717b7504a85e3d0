import ArgumentParser
import Port0Core
import Port0Netlink

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        _superCommandName: "port0",
        abstract: "Check the ruleset with the kernel without committing anything.",
        discussion: """
            Sends the batch without its end message (the kernel checks each object, then aborts),
            commits it in a throwaway network namespace to run the kernel's final validation, and
            verifies that every --device exists. Nothing changes in the target namespace.

            Examples:
              port0 check --action reject --log
              port0 check --profile edge --device eth0 --netns edge1
            """)

    @OptionGroup var ruleset: RulesetOptionGroup
    @OptionGroup var target: NetnsOptionGroup
    @OptionGroup(title: "Output options") var outputOptions: OutputOptions

    @Flag(help: "Accept --device links that do not exist (yet) in the target namespace.")
    var allowMissingDevice = false

    @Flag(help: "Replace or remove a table of this name that port0 did not create (one without port0's comment).")
    var adopt = false

    func run() throws {
        try reportingErrors { () throws(Port0Error) in
            let table = try RulesetBuilder.build(ruleset.options)
            try RulesetCheck.run(
                table, in: try target.namespace(), allowMissingDevices: allowMissingDevice, adopt: adopt)
            try StandardOutput.line(Self.passed(table))
        }
    }

    static func passed(_ table: Table) -> String {
        "check passed: \(ApplySummary(table: table).line); nothing committed"
    }
}

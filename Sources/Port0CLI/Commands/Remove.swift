import ArgumentParser
import Port0Core
import Port0Netlink

struct Remove: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove",
        _superCommandName: "port0",
        abstract: "Delete port0's table from the kernel; no other table is touched.",
        discussion: """
            Succeeds (exit 0) when the table is already absent. Takes the same ruleset options as
            apply, so a script can pass both commands one option list; only --profile (the
            family) and --table (the name) decide which table goes. A table port0 did not create
            (no "port0 …" comment) is refused unless --adopt is given.

            Examples:
              port0 remove
              port0 remove --profile edge --netns edge1
              port0 remove --profile edge --device eth0 --egress   # the options apply was given
            """)

    @OptionGroup var ruleset: RulesetOptionGroup

    @OptionGroup var target: NetnsOptionGroup
    @OptionGroup(title: "Output options") var outputOptions: OutputOptions

    @Flag(help: "Replace or remove a table of this name that port0 did not create (one without port0's comment).")
    var adopt = false

    func run() throws {
        try reportingErrors { () throws(Port0Error) in
            let (family, name) = try RulesetBuilder.tableIdentity(ruleset.options)
            if try Converger(kernel: target.kernel(), adopt: adopt).remove(family: family, name: name) {
                try StandardOutput.line("removed table \(family.rawValue) \(name)")
            } else {
                Diagnostics.note("table \(family.rawValue) \(name) is not installed; nothing to remove")
            }
        }
    }
}

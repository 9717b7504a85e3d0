import ArgumentParser
import Port0Core
import Port0Netlink

struct Remove: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Delete port0's table from the kernel; no other table is touched.",
        discussion: """
            Succeeds (exit 0) when the table is already absent.

            Examples:
              port0 remove
              port0 remove --profile edge --netns edge1
            """)

    @Option(help: "host (inet table) or edge (netdev table).")
    var profile = "host"

    @Option(help: "Name of port0's table.")
    var table = "port0"

    @OptionGroup var target: NetnsOptionGroup
    @OptionGroup(title: "Output options") var outputOptions: OutputOptions

    func run() throws {
        try reportingErrors { () throws(Port0Error) in
            var options = RulesetOptions()
            options.profile = profile
            options.table = table
            let (family, name) = try RulesetBuilder.tableIdentity(options)
            if try target.kernel().delete(family: family, name: name) {
                print("removed table \(family.rawValue) \(name)")
            } else {
                Diagnostics.note("table \(family.rawValue) \(name) is not installed; nothing to remove")
            }
        }
    }
}

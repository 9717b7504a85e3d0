import ArgumentParser
import Port0Core

struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Report whether port0's table is installed and matches the configuration, and what it dropped.",
        discussion: """
            Reads port0's table back from the kernel: installed or not, matching the table the \
            options describe or drifted (and what differs), and packets and bytes dropped per \
            counter (direction and port field).

            --format prometheus prints node_exporter's textfile-collector format: \
            port0_dropped_packets_total and port0_dropped_bytes_total {direction, field}, \
            port0_ruleset_installed and port0_ruleset_drift (gauges, 0 or 1). With -o the file \
            is replaced atomically, so the collector never reads half of it.

            Exit codes: 0 installed and matching, 3 not installed, 4 drifted, 1 error.

            Examples:
              port0 status
              port0 status --format prometheus -o /var/lib/node_exporter/port0.prom
            """)

    @OptionGroup var ruleset: RulesetOptionGroup

    @OptionGroup var target: NetnsOptionGroup
    @OptionGroup(title: "Output options") var outputOptions: OutputOptions

    @Option(help: ArgumentHelp("text, json or prometheus.", valueName: "format"))
    var format = "text"

    @Option(
        name: .shortAndLong,
        help: ArgumentHelp(
            "Write to this file instead of stdout: a regular file atomically, a device or FIFO through.",
            valueName: "file"))
    var output: String?

    func run() throws {
        var exitCode: Int32 = 0
        try reportingErrors { () throws(Port0Error) in
            let format = try checkedFormat(format, ["text", "json", "prometheus"])
            let table = try RulesetBuilder.build(ruleset.options)
            let report = try Converger(kernel: try target.kernel()).status(table)
            let text =
                switch format {
                case "json": report.json + "\n"
                case "prometheus": PrometheusText.render(report)
                default: report.text
                }
            if let output {
                try AtomicFile.write(text, to: output)
            } else {
                try StandardOutput.write(text)
            }
            exitCode = report.exitCode
        }
        if exitCode != 0 { throw ExitCode(exitCode) }
    }
}

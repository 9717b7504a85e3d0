import ArgumentParser
import Port0Core

struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        _superCommandName: "port0",
        abstract: "Report whether port0's table is installed and matches the configuration, and what it dropped.",
        discussion: """
            Reads port0's table back from the kernel: installed or not, matching the table the \
            options describe or drifted (and what differs), and packets and bytes dropped per \
            counter (direction and port field).

            --format prometheus prints node_exporter's textfile-collector format: \
            port0_dropped_packets_total and port0_dropped_bytes_total {direction, field}, \
            port0_passed_fragments_total and port0_exempt_packets_total {direction}, \
            port0_ruleset_installed and port0_ruleset_drift (gauges, 0 or 1); with \
            --track-sources, port0_tracked_sources and, for the top --prometheus-top K sources \
            only (bounded cardinality), port0_top_source_dropped_packets and _bytes {address}. \
            With -o the file is replaced atomically, so the collector never reads half of it.

            --top N lists the N sources with the most dropped packets (with --track-sources), \
            with bytes and how long ago each was last seen.

            With --live FILE the table is read from a saved `nft -j list ruleset` listing (- for \
            standard input) instead of the kernel, counters included.

            A --device that does not exist in the namespace (deleted, or renamed) is drift: \
            nothing on that link is filtered.

            Exit codes: 0 installed and matching, 3 not installed, 4 drifted, 1 error.

            Examples:
              port0 status
              port0 status --format prometheus -o /var/lib/node_exporter/port0.prom
              port0 status --track-sources --top 10
            """)

    @OptionGroup var ruleset: RulesetOptionGroup

    @OptionGroup var target: NetnsOptionGroup
    @OptionGroup var listing: LiveListingOption
    @OptionGroup(title: "Output options") var outputOptions: OutputOptions

    @Option(help: ArgumentHelp("text, json or prometheus.", valueName: "format"))
    var format = "text"

    @Option(
        name: .shortAndLong,
        help: ArgumentHelp(
            "Write to this file instead of stdout: a regular file atomically, a device or FIFO through.",
            valueName: "file"))
    var output: String?

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "List the N sources with the most dropped packets (--track-sources), in text and JSON.", valueName: "n"))
    var top: String?

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "Prometheus: export only the top K sources as series (default 10, at most 1000).", valueName: "k"))
    var prometheusTop: String?

    static let maxTop = 2_097_152
    static let maxPrometheusTop = 1_000

    /// A count option: digits only, within `range`, or the one-line error.
    static func count(_ text: String, option: String, range: ClosedRange<Int>, what: String) throws(Port0Error) -> Int {
        guard text.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(text), range.contains(value) else {
            throw .invalidValue(
                option: option, value: text,
                expected: "a number of \(what) from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    func run() throws {
        var exitCode: Int32 = 0
        try reportingErrors { () throws(Port0Error) in
            let format = try checkedFormat(format, ["text", "json", "prometheus"])
            let top = try self.top.map { (text) throws(Port0Error) in
                try Self.count(text, option: "--top", range: 1...Self.maxTop, what: "sources to list")
            }
            let prometheusTop = try self.prometheusTop.map { (text) throws(Port0Error) in
                try Self.count(
                    text, option: "--prometheus-top", range: 0...Self.maxPrometheusTop, what: "sources to export")
            }
            let table = try RulesetBuilder.build(ruleset.options)
            var report =
                listing.path != nil
                ? StatusReport(live: try listing.table(desired: table, netns: target.netns), desired: table)
                : try Converger(kernel: try target.kernel()).status(table)
            if listing.path == nil, report.installed {
                let devices = table.devices
                if !devices.isEmpty { report.noteMissing(devices: try target.namespace().missingDevices(devices)) }
            }
            report.top = top ?? 0
            let text =
                switch format {
                case "json": report.json + "\n"
                case "prometheus": PrometheusText.render(report, top: prometheusTop ?? 10)
                default: report.text
                }
            try StandardOutput.write(text, to: output)
            exitCode = report.exitCode
        }
        if exitCode != 0 { throw ExitCode(exitCode) }
    }
}

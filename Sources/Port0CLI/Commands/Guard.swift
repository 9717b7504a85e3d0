import ArgumentParser
import Port0Core
import Port0Netlink

struct Guard: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "guard",
        _superCommandName: "port0",
        abstract: "Apply the table, then keep it in place: restore it whenever something else removes or changes it.",
        discussion: """
            Applies the table as `port0 apply` does, then listens for nf_tables and link \
            events. When port0's table, a chain, a rule or a set is deleted or changed by another \
            program (`nft flush ruleset`, a reload of /etc/nftables.conf, a configuration \
            management run), or a --device link (re)appears, it re-applies within milliseconds \
            and logs one line: what was missing, who changed it, how long the repair took. A \
            program that keeps undoing the table gets exponentially delayed repairs and a \
            warning, not a busy loop. Its own commits never trigger a repair.

            With --own-table (Linux 6.9 or later), the guard owns the table \
            (NFT_TABLE_F_OWNER|NFT_TABLE_F_PERSIST): another program's `nft flush ruleset` \
            skips it, and deleting or changing it, `port0 apply` and `port0 remove` included, \
            fails with EPERM while the guard runs; when the guard exits or crashes the table \
            stays, unowned, and a guard started again claims it. Netlink only: nft 1.0.6 can \
            express neither flag in a ruleset file. Refused on older kernels (Debian 12's 6.1), \
            where an owned table would die with the guard.

            SIGTERM or SIGINT: exit 0, leaving the table in place (`port0 remove` deletes it). \
            SIGHUP: re-read --options-file and apply it. One guard per table and network \
            namespace: a second one exits with an error (lock in /run/port0).

            With --metrics-file, writes the `status --format prometheus` metrics plus \
            port0_repairs_total, port0_last_repair_timestamp_seconds and port0_guard_up \
            atomically every --metrics-interval and after each repair. Under systemd \
            (Type=notify) it sends READY=1 after the first apply, STATUS= lines, and WATCHDOG=1 \
            when WatchdogSec= is set: $NOTIFY_SOCKET and $WATCHDOG_USEC are the only \
            environment variables port0 reads. See scripts/systemd/port0-guard.service.

            Examples:
              port0 guard --options-file /etc/default/port0
              port0 guard --profile edge --device eth0 --metrics-file /var/lib/node_exporter/port0.prom
            """)

    @OptionGroup var ruleset: RulesetOptionGroup
    @OptionGroup var target: NetnsOptionGroup
    @OptionGroup(title: "Output options") var outputOptions: OutputOptions

    @Option(
        help: ArgumentHelp(
            "Take the ruleset options from this file (PORT0_TABLE_OPTS, PORT0_OPTS: the /etc/default/port0 format) "
                + "instead of the command line; re-read on SIGHUP.",
            valueName: "path"))
    var optionsFile: String?

    @Option(help: ArgumentHelp("Keep this Prometheus textfile up to date (written atomically).", valueName: "path"))
    var metricsFile: String?

    @Option(
        help: ArgumentHelp(
            "Seconds between metrics writes (and table checks) with --metrics-file.", valueName: "seconds"))
    var metricsInterval = "15"

    @Flag(help: "Start even if a --device link does not exist yet; the table is restored when it appears.")
    var allowMissingDevice = false

    @Flag(
        help:
            "Own the table (flags owner, persist; Linux 6.9+): other programs' flush ruleset skips it and cannot change it; it stays when the guard exits."
    )
    var ownTable = false

    func run() throws {
        try reportingErrors { () throws(Port0Error) in
            let interval = try Self.interval(metricsInterval)
            var table: Table
            if let optionsFile {
                guard ruleset.options == RulesetOptions() else {
                    throw .invalidCombination(
                        "--options-file gives the ruleset options: put them in \(optionsFile), not also on the command line"
                    )
                }
                table = try GuardRuleset.fromOptionsFile(optionsFile)
            } else {
                table = try RulesetBuilder.build(ruleset.options)
            }
            if ownTable { table.flags = LiveTable.guardOwnership }
            // One line naming what this kernel lacks (--own-table on 6.1), before anything is sent.
            try table.requireFeatures(of: KernelVersion.running)
            let namespace = try target.namespace()
            if !allowMissingDevice { try RulesetCheck.requireDevices(table, in: namespace) }
            let supervisor = try Supervisor(
                table: table,
                settings: Supervisor.Settings(
                    namespace: namespace, optionsFile: optionsFile, metricsFile: metricsFile,
                    metricsInterval: interval, allowMissingDevice: allowMissingDevice, ownTable: ownTable))
            try supervisor.run()
        }
    }

    static func interval(_ text: String) throws(Port0Error) -> Double {
        guard let value = Double(text), value.isFinite, value >= 0.1, value <= 86_400 else {
            throw .invalidValue(
                option: "--metrics-interval", value: text, expected: "a number of seconds from 0.1 to 86400")
        }
        return value
    }
}

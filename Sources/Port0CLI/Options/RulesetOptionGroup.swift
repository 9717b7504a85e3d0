import ArgumentParser
import Port0Core

/// The options that describe a ruleset, shared by every command that builds one.
/// Values are taken as text and checked by `RulesetBuilder`, so every bad value gets the
/// same one-line error wherever it was typed.
public struct RulesetOptionGroup: ParsableArguments {
    @Option(help: "host: inet table, prerouting + output chains. edge: netdev table on --device links.")
    var profile = "host"

    @Option(
        name: .customLong("device"), help: ArgumentHelp("Edge: a link to protect (repeatable).", valueName: "ifname"))
    var devices: [String] = []

    @Flag(help: "Edge: also drop port-0 packets leaving the --device links (netdev egress).")
    var egress = false

    @Option(
        name: .customLong("hook"),
        help: ArgumentHelp("Hook to filter in, instead of the profile's (repeatable).", valueName: "hook"))
    var hooks: [String] = []

    // Unconditional: `--priority -300` takes "-300" as the value, not as an option.
    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "Chain priority: an integer or raw, mangle, filter, … with an offset ('raw - 10').", valueName: "priority"))
    var priority: String?

    @Option(help: "Name of port0's table.")
    var table = "port0"

    @Option(help: "drop, or reject (TCP reset / ICMP port unreachable).")
    var action = "drop"

    @Flag(help: "Log dropped packets (rate-limited).")
    var log = false

    @Option(help: ArgumentHelp("Log prefix (implies --log).", valueName: "text"))
    var logPrefix: String?

    @Option(
        help: ArgumentHelp("Log at most N/second|minute|hour (implies --log; default 10/minute).", valueName: "rate"))
    var logRate: String?

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "Send logged packets to NFLOG group N (0-65535) instead of the kernel log (implies --log).",
            valueName: "n"))
    var logGroup: String?

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp("Copy at most this many bytes of each packet to the --log-group.", valueName: "bytes"))
    var logSnaplen: String?

    @Option(
        name: .customLong("track-sources"), parsing: .unconditional,
        help: ArgumentHelp(
            "Count dropped packets per source address in dynamic sets of SIZE entries per IP version (SIZE optional: default 65536; 1-hour timeout); see status --top.",
            valueName: "size"))
    var trackSources: String?

    @Flag(name: .customLong("no-counters"), help: "Do not count drops in named counters.")
    var noCounters = false

    @Option(
        name: .customLong("exempt"),
        help: ArgumentHelp("Never match packets from or to this prefix (repeatable).", valueName: "cidr"))
    var exempt: [String] = []

    @Option(
        name: .customLong("exempt-file"),
        help: ArgumentHelp(
            "Read exempt prefixes from a file, one per line, '#' comments (repeatable).", valueName: "path"))
    var exemptFiles: [String] = []

    @Option(
        help: ArgumentHelp(
            "Edge: all (default) drops port 0 inside VLAN, PPPoE and MPLS frames too; none looks at plain IP only.",
            valueName: "all|none"))
    var encap: String?

    @Flag(help: "Accept an exempt prefix covering a whole family (0.0.0.0/0, ::/0): port0 then drops nothing there.")
    var allowExemptAll = false

    @Option(
        help: ArgumentHelp(
            "Seconds a pipe or FIFO --exempt-file may take to get a writer and deliver everything (default 30).",
            valueName: "seconds"))
    var inputTimeout: String?

    public init() {}

    public var options: RulesetOptions {
        var options = RulesetOptions()
        options.profile = profile
        options.devices = devices
        options.egress = egress
        options.hooks = hooks
        options.priority = priority
        options.table = table
        options.action = action
        options.log = log
        options.logPrefix = logPrefix
        options.logRate = logRate
        options.logGroup = logGroup
        options.logSnaplen = logSnaplen
        options.trackSources = trackSources
        options.counters = !noCounters
        options.exempt = ExemptArguments.split(exempt)
        options.exemptFiles = exemptFiles
        options.encap = encap
        options.allowExemptAll = allowExemptAll
        options.inputTimeout = inputTimeout
        return options
    }
}

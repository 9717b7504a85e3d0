import ArgumentParser
import Port0Core

/// The options that describe a ruleset, shared by every command that builds one. Each value
/// is parsed straight into its `RulesetOptions` type by `OptionValue` (a bad one is refused in
/// port0's one line, see `ValueRefusal`); defaults come from `RulesetOptions`.
public struct RulesetOptionGroup: ParsableArguments {
    private static let defaults = RulesetOptions()

    @Option(
        help:
            "host: inet table, prerouting + output chains. edge: netdev table on --device links. (default: \(defaults.profile.rawValue))",
        transform: ValueRefusal.recorded(OptionValue.profile))
    var profile = defaults.profile

    @Option(
        name: .customLong("device"), help: ArgumentHelp("Edge: a link to protect (repeatable).", valueName: "ifname"),
        transform: ValueRefusal.recorded(OptionValue.device))
    var devices: [String] = []

    @Flag(help: "Edge: also drop port-0 packets leaving the --device links (netdev egress).")
    var egress = false

    // Checked in `validate()`: what a hook name may be depends on the profile.
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

    @Option(
        help: "Name of port0's table. (default: \(defaults.table))", transform: ValueRefusal.recorded(OptionValue.table)
    )
    var table = defaults.table

    @Option(
        help: "drop, or reject (TCP reset / ICMP port unreachable). (default: \(defaults.action.rawValue))",
        transform: ValueRefusal.recorded(OptionValue.action))
    var action = defaults.action

    @Flag(help: "Log dropped packets (rate-limited).")
    var log = false

    @Option(
        help: ArgumentHelp("Log prefix (implies --log).", valueName: "text"),
        transform: ValueRefusal.recorded(OptionValue.logPrefix))
    var logPrefix: String?

    @Option(
        help: ArgumentHelp(
            "Log at most N/second|minute|hour (implies --log; default \(RulesetOptions.defaultLogRate.count)/\(RulesetOptions.defaultLogRate.unit.rawValue)).",
            valueName: "rate"),
        transform: ValueRefusal.recorded(OptionValue.logRate))
    var logRate: LogRate?

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "Send logged packets to NFLOG group N (0-65535) instead of the kernel log (implies --log).",
            valueName: "n"),
        transform: ValueRefusal.recorded(OptionValue.logGroup))
    var logGroup: UInt16?

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp("Copy at most this many bytes of each packet to the --log-group.", valueName: "bytes"),
        transform: ValueRefusal.recorded(OptionValue.logSnaplen))
    var logSnaplen: UInt32?

    // A bare `--track-sources` arrives as `--track-sources=default` (`Port0Command.optionalValuesGiven`).
    @Option(
        name: .customLong("track-sources"), parsing: .unconditional,
        help: ArgumentHelp(
            "Count dropped packets per source address in dynamic sets of SIZE entries per IP version (SIZE optional: default \(RulesetOptions.defaultTrackSize); 1-hour timeout); see status --top.",
            valueName: "size"),
        transform: ValueRefusal.recorded(OptionValue.trackSize))
    var trackSources: UInt32?

    @Flag(name: .customLong("no-counters"), help: "Do not count drops in named counters.")
    var noCounters = false

    // Each value holds every `--exempt` of the command line (`ExemptArguments`).
    @Option(
        name: .customLong("exempt"),
        help: ArgumentHelp("Never match packets from or to this prefix (repeatable).", valueName: "cidr"),
        transform: ValueRefusal.recorded(ExemptArguments.prefixes))
    var exempt: [[ExemptPrefix]] = []

    @Option(
        name: .customLong("exempt-file"),
        help: ArgumentHelp(
            "Read exempt prefixes from a file, one per line, '#' comments (repeatable).", valueName: "path"))
    var exemptFiles: [String] = []

    @Option(
        help: ArgumentHelp(
            "Edge: all (default) drops port 0 inside VLAN, PPPoE and MPLS frames too; none looks at plain IP only.",
            valueName: "all|none"),
        transform: ValueRefusal.recorded(OptionValue.encap))
    var encap: Bool?

    @Flag(help: "Accept an exempt prefix covering a whole family (0.0.0.0/0, ::/0): port0 then drops nothing there.")
    var allowExemptAll = false

    @Option(
        help: ArgumentHelp(
            "Seconds a pipe or FIFO --exempt-file may take to get a writer and deliver everything (default \(defaults.inputTimeout)).",
            valueName: "seconds"),
        transform: ValueRefusal.recorded(OptionValue.inputTimeout))
    var inputTimeout = defaults.inputTimeout

    public init() {}

    public func validate() throws {
        let hook = ValueRefusal.recorded { [profile] (name) throws(Port0Error) in
            try OptionValue.hook(name, profile: profile)
        }
        for name in hooks { _ = try hook(name) }
    }

    public var options: RulesetOptions {
        var options = RulesetOptions()
        options.profile = profile
        options.devices = devices
        options.egress = egress
        options.hooks = hooks.compactMap(Hook.init(rawValue:))
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
        options.exempt = exempt.flatMap { $0 }
        options.exemptFiles = exemptFiles
        options.encap = encap
        options.allowExemptAll = allowExemptAll
        options.inputTimeout = inputTimeout
        return options
    }
}

import ArgumentParser
import Port0Core
import Port0Netlink

struct Apply: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        _superCommandName: "port0",
        abstract: "Install the ruleset in the kernel in one atomic netlink batch.",
        discussion: """
            Replaces port0's table (and nothing else) in one transaction: if any object is refused,
            the previous table stays as it was. When the live table already is the desired one,
            nothing is committed and the counters keep counting ("unchanged"); when it changes,
            the counters' totals are carried into the new table. A table of the same name that
            port0 did not create (no "port0 …" comment) is refused unless --adopt is given.
            Needs CAP_NET_ADMIN.

            Examples:
              port0 apply
              port0 apply --profile edge --device eth0 --netns edge1
              port0 apply --action reject --log --check
            """)

    @OptionGroup var ruleset: RulesetOptionGroup
    @OptionGroup var target: NetnsOptionGroup
    @OptionGroup(title: "Output options") var outputOptions: OutputOptions

    @Flag(help: "Accept --device links that do not exist (yet) in the target namespace.")
    var allowMissingDevice = false

    @Flag(help: "Replace or remove a table of this name that port0 did not create (one without port0's comment).")
    var adopt = false

    @Flag(help: "Only check with the kernel, as `port0 check` does; commit nothing.")
    var check = false

    @Flag(help: "Print the outcome as one JSON object: {\"changed\": true|false, …}.")
    var json = false

    /// Everything an apply acts on, as parsed. `bare` is `port0 apply` with no arguments
    /// (port0.service without options): every default, which `mainReportingOneLine` runs
    /// without the parser; `DirectParseTests` prove the parser makes the same of it.
    /// `--quiet` is not in it: parsing it switches `Diagnostics` to quiet, as no bare apply does.
    struct Request: Equatable {
        var options = RulesetOptions()
        var netns: String?
        var allowMissingDevice = false
        var adopt = false
        var check = false
        var json = false
    }

    static let bare = Request()

    var request: Request {
        Request(
            options: ruleset.options, netns: target.netns,
            allowMissingDevice: allowMissingDevice, adopt: adopt, check: check, json: json)
    }

    func run() throws {
        try Self.perform(request)
    }

    static func perform(_ request: Request) throws {
        try reportingErrors { () throws(Port0Error) in
            let table = try RulesetBuilder.build(request.options)
            let namespace = try NetworkNamespace.parse(request.netns)
            let (allowMissingDevice, adopt) = (request.allowMissingDevice, request.adopt)
            if request.check {
                try RulesetCheck.run(table, in: namespace, allowMissingDevices: allowMissingDevice, adopt: adopt)
                try StandardOutput.line(Check.passed(table))
                return
            }
            try RulesetCheck.requireDevices(table, in: namespace, allowMissing: allowMissingDevice)
            let kernel = NetlinkKernel.closingAtExit(in: namespace)
            let outcome = try Converger(kernel: kernel, adopt: adopt).apply(consume table)
            try StandardOutput.line(request.json ? outcome.json : outcome.line)
        }
    }
}

import ArgumentParser
import Port0Core

public struct Port0Command: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "port0",
        abstract: "Drop TCP and UDP packets with source or destination port 0 (nftables).",
        discussion: """
            port0 builds one nftables table that drops TCP/UDP port-0 traffic (IPv4 and IPv6, \
            inbound, outbound and forwarded) without ever matching later IP fragments, and \
            prints it for `nft -f` or pushes it to the kernel in one atomic netlink batch.

            Data (rulesets, plans, status) goes to stdout. Diagnostics go to stderr, one line \
            each, prefixed "port0:"; --quiet leaves only errors. port0 prints no colour.

            Examples:
              port0 render                         # host/router ruleset as nft text
              port0 render --profile edge --device eth0 -o /etc/nftables.d/port0.nft
              port0 plan --detailed-exitcode       # exit 0 in sync, 2 pending
              port0 apply --exempt 192.0.2.0/24    # install or update the table
              port0 status --format prometheus -o /var/lib/prometheus/port0.prom
              port0 remove                         # delete port0's table

            EXIT CODES:
              0   success; status: installed and matching
              1   error (bad value, netlink or file failure), one line on stderr
              2   plan --detailed-exitcode: changes pending
              3   status: port0's table is not installed
              4   status: the installed table drifted from the options
              64  usage error (unknown option, missing value) from the parser
              141 stdout was a pipe whose reader went away (SIGPIPE), no message
            """,
        version: Port0Version.current,
        subcommands: [
            Render.self, Apply.self, Check.self, Plan.self, Status.self, Remove.self, Guard.self, SelftestCommand.self,
        ]
    )

    public init() {}
}

/// Runs a command body and turns port0's errors into one line on stderr and exit code 1.
func reportingErrors(_ body: () throws(Port0Error) -> Void) throws {
    do {
        try body()
    } catch {
        Diagnostics.error(error.description)
        throw ExitCode(1)
    }
}

import ArgumentParser
import Port0Core

public struct Port0Command: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "port0",
        abstract: "Drop TCP and UDP packets with source or destination port 0 (nftables).",
        discussion: """
            port0 builds one nftables table that drops TCP/UDP port-0 traffic (IPv4 and IPv6,
            inbound, outbound and forwarded) without ever matching later IP fragments, and
            prints it for `nft -f` or pushes it to the kernel in one atomic netlink batch.

            Examples:
              port0 render                               # host/router ruleset as nft text
              port0 render --profile edge --device eth0 --egress -o /etc/nftables.d/port0.nft
            """,
        version: Port0Version.current,
        subcommands: [Render.self, Apply.self, Check.self, Remove.self]
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

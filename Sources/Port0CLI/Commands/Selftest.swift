import ArgumentParser
import Glibc
import Port0Core
import Port0Selftest

struct SelftestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "selftest",
        _superCommandName: "port0",
        abstract: "Prove the ruleset with real packets in private network namespaces.",
        discussion: """
            Builds client, router and server network namespaces (10.200.0.0/16 and
            fd00:200::/32 exist only inside them) and loads the ruleset described by
            the options there, never in this host's own namespace. Then sends crafted
            TCP, UDP, fragment, ICMP, ESP and SCTP packets in every direction the
            ruleset filters: inbound to and outbound from a host, forwarded by a
            router, or, with --profile edge, as Ethernet frames on the router's client
            link (selftest picks the device), plain and inside VLAN, QinQ, PPPoE and
            MPLS. Prints one row per case; exits 1 if any case fails. Removes the
            namespaces afterwards, also on errors and on Ctrl-C. Needs root.
            An --exempt covering the test subnets makes the port-0 cases fail.

            Examples:
              port0 selftest
              port0 selftest --profile edge --egress
              port0 selftest --action reject --log
            """)

    @OptionGroup var ruleset: RulesetOptionGroup
    @OptionGroup(title: "Output options") var outputOptions: OutputOptions

    func run() throws {
        guard geteuid() == 0 else {
            Diagnostics.error("selftest needs root (it creates network namespaces); run it with sudo")
            throw ExitCode(1)
        }
        var report: Selftest.Report?
        try reportingErrors { () throws(Port0Error) in
            // Validate the options before creating anything.
            _ = try Selftest.table(for: ruleset.options)
            NamespaceRegistry.cleanUpOnSignals()
            do throws(Port0Error) {
                report = try Selftest.run(ruleset.options, kernel: makeSelftestKernel(netns:))
            } catch {
                NamespaceRegistry.yieldToCleanupIfInterrupted()
                throw error
            }
        }
        NamespaceRegistry.yieldToCleanupIfInterrupted()
        guard let report else { throw ExitCode(1) }
        try reportingErrors { () throws(Port0Error) in try StandardOutput.write(Selftest.format(report)) }
        guard report.passed else {
            let failed = report.results.filter { !$0.passed }.count
            Diagnostics.error("selftest: \(failed) of \(report.results.count) cases failed")
            throw ExitCode(1)
        }
    }
}

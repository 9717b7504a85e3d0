import Port0Core

/// `port0 selftest`: builds the three-namespace topology, loads the requested ruleset where
/// each scenario needs it, runs the packet matrices (host profile: datagrams judged by the
/// receiving sockets, and routed frames for what no socket sees; edge: Ethernet frames through
/// the edge device) and benign socket traffic, and returns every row. The namespaces are
/// removed whatever happens (signals: `NamespaceRegistry.cleanUpOnSignals`).
public enum Selftest {
    public typealias KernelFactory = (_ netns: String) -> any RulesetKernel

    public struct Report: Sendable {
        public var results: [CaseResult]
        /// Scenarios the configuration does not filter (e.g. `--hook input` has no outbound chain).
        public var skipped: [String]

        public var passed: Bool { !results.isEmpty && results.allSatisfy(\.passed) }
    }

    /// The table under test. Edge: the device is always the router's client link, which only
    /// exists inside the topology, so a `--device` given by the user is refused.
    public static func table(for options: RulesetOptions) throws(Port0Error) -> Table {
        var options = options
        if options.profile == .edge {
            guard options.devices.isEmpty else {
                throw .invalidCombination(
                    "selftest chooses the edge device itself (the router's link \(Topology.routerClientLink)); drop --device"
                )
            }
            options.devices = [Topology.routerClientLink]
        }
        return try RulesetBuilder.build(options)
    }

    public static func run(_ options: RulesetOptions, kernel: KernelFactory) throws(Port0Error) -> Report {
        let table = try table(for: options)
        return try Topology.with { topology throws(Port0Error) in
            try run(table, in: topology, kernel: kernel)
        }
    }

    /// Runs every scenario that applies to `table` inside an existing topology.
    public static func run(_ table: Table, in topology: Topology, kernel: KernelFactory) throws(Port0Error) -> Report {
        let candidates: [Scenario] =
            table.family == .netdev ? [.edgeIngress, .edgeEgress] : [.inbound, .outbound, .forwarded]
        var report = Report(results: [], skipped: [])
        var loadedOn: Topology.Role?
        for scenario in candidates {
            guard scenario.isFiltered(by: table) else {
                report.skipped.append(scenario.name)
                continue
            }
            if loadedOn != scenario.filteringHost {
                if let previous = loadedOn {
                    _ = try kernel(topology.namespace(previous)).delete(family: table.family, name: table.name)
                }
                _ = try kernel(topology.namespace(scenario.filteringHost)).replace(table, ifGeneration: nil)
                loadedOn = scenario.filteringHost
            }
            if table.family != .netdev { report.results += try PacketMatrix.run(scenario, in: topology) }
            if table.family == .netdev || scenario == .forwarded {
                report.results += try FrameMatrix.run(
                    scenario, in: topology,
                    inspectingEncapsulation: table.chains.contains { $0.name.hasSuffix("_encap") })
            }
            report.results += try PacketMatrix.benignSockets(scenario, in: topology)
        }
        return report
    }

    /// The report as an aligned text table, one row per case.
    public static func format(_ report: Report) -> String {
        let header = ["SCENARIO", "CASE", "EXPECTED", "OBSERVED", "RESULT"]
        let rows = report.results.map { result in
            [
                result.scenario, result.name, result.expected.rawValue, result.observed.rawValue,
                result.passed ? "PASS" : "FAIL",
            ] + (result.note.isEmpty ? [] : ["(\(result.note))"])
        }
        var widths = header.map(\.count)
        for row in rows {
            for (index, cell) in row.prefix(header.count).enumerated() {
                widths[index] = max(widths[index], cell.count)
            }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                index < header.count - 1 ? cell.padding(toLength: widths[index]) : cell
            }.joined(separator: "  ")
        }
        var text = ([header] + rows).map(line).joined(separator: "\n") + "\n"
        for scenario in report.skipped {
            text += "skipped \(scenario): the configuration has no chain on that path\n"
        }
        let failed = report.results.filter { !$0.passed }.count
        text += "\(report.results.count - failed) passed, \(failed) failed\n"
        return text
    }
}

extension String {
    fileprivate func padding(toLength length: Int) -> String {
        count >= length ? self : self + String(repeating: " ", count: length - count)
    }
}

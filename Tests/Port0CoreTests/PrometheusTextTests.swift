import Foundation
import Port0TestSupport
import Testing

@testable import Port0Core

/// A strict reader of the Prometheus text exposition format (0.0.4), as much of it as
/// port0 may use: it rejects anything node_exporter's parser would, and more.
struct StrictPrometheusParser {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    struct Family {
        var help: String?
        var type: String?
        /// Sorted `name="value"` label text → value.
        var samples: [String: Double] = [:]
    }

    static func parse(_ text: String) throws -> [String: Family] {
        guard text.hasSuffix("\n") else { throw Failure(description: "no final newline") }
        var families: [String: Family] = [:]
        var finished: Set<String> = []
        var current: String?
        func enter(_ name: String, line: Int) throws {
            if current != name {
                if let current { finished.insert(current) }
                guard !finished.contains(name) else {
                    throw Failure(description: "line \(line): \(name) is not contiguous")
                }
                current = name
            }
        }
        for (index, line) in text.dropLast().split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = index + 1
            let words = line.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: false).map(String.init)
            if line.hasPrefix("#") {
                guard words.count == 4, words[0] == "#",
                    ["HELP", "TYPE"].contains(words[1]), isMetricName(words[2])
                else { throw Failure(description: "line \(number): bad comment \(line)") }
                let name = words[2]
                try enter(name, line: number)
                var family = families[name] ?? Family()
                guard family.samples.isEmpty else {
                    throw Failure(description: "line \(number): \(words[1]) after samples")
                }
                if words[1] == "HELP" {
                    guard family.help == nil, !words[3].isEmpty else {
                        throw Failure(description: "line \(number): HELP")
                    }
                    family.help = words[3]
                } else {
                    guard family.type == nil, ["counter", "gauge", "untyped"].contains(words[3]) else {
                        throw Failure(description: "line \(number): TYPE")
                    }
                    family.type = words[3]
                }
                families[name] = family
                continue
            }
            // name{label="value",…} value
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else {
                throw Failure(description: "line \(number): no value: \(line)")
            }
            let series = line[..<space]
            let brace = series.firstIndex(of: "{") ?? series.endIndex
            let name = String(series[..<brace])
            guard isMetricName(name), var family = families[name], let type = family.type else {
                throw Failure(description: "line \(number): sample of undeclared metric \(name)")
            }
            try enter(name, line: number)
            let labels = try parseLabels(series[brace...], line: number)
            guard family.samples[labels] == nil else { throw Failure(description: "line \(number): duplicate series") }
            if type == "counter" {
                guard name.hasSuffix("_total"), value >= 0 else {
                    throw Failure(description: "line \(number): counter")
                }
            }
            family.samples[labels] = value
            families[name] = family
        }
        return families
    }

    static func isMetricName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first,
            first == "_" || first == ":" || ("a"..."z").contains(first) || ("A"..."Z").contains(first)
        else { return false }
        return name.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == ":"
        }
    }

    /// `{a="x",b="y"}` → `a="x",b="y"` sorted; escapes limited to \\ \" \n.
    static func parseLabels(_ text: Substring, line: Int) throws -> String {
        if text.isEmpty { return "" }
        guard text.hasPrefix("{"), text.hasSuffix("}") else { throw Failure(description: "line \(line): labels") }
        var rest = text.dropFirst().dropLast()
        var pairs: [String] = []
        var names: Set<String> = []
        while !rest.isEmpty {
            guard let equals = rest.firstIndex(of: "=") else { throw Failure(description: "line \(line): label") }
            let name = String(rest[..<equals])
            guard isMetricName(name), !name.contains(":"), !name.hasPrefix("__"), names.insert(name).inserted else {
                throw Failure(description: "line \(line): label name \(name)")
            }
            rest = rest[rest.index(after: equals)...]
            guard rest.first == "\"" else { throw Failure(description: "line \(line): unquoted label value") }
            rest = rest.dropFirst()
            var value = ""
            while true {
                guard let character = rest.first else { throw Failure(description: "line \(line): open label value") }
                rest = rest.dropFirst()
                if character == "\"" { break }
                if character == "\\" {
                    guard let escaped = rest.first, "\\\"n".contains(escaped) else {
                        throw Failure(description: "line \(line): bad escape")
                    }
                    value.append(escaped == "n" ? "\n" : escaped)
                    rest = rest.dropFirst()
                } else {
                    value.append(character)
                }
            }
            pairs.append("\(name)=\"\(value)\"")
            if rest.first == "," {
                rest = rest.dropFirst()
                guard !rest.isEmpty else { throw Failure(description: "line \(line): trailing comma") }
            } else if !rest.isEmpty {
                throw Failure(description: "line \(line): junk after label")
            }
        }
        return pairs.sorted().joined(separator: ",")
    }
}

@Suite struct PrometheusTextTests {
    static func installedStatus() throws -> StatusReport {
        let kernel = FakeKernel()
        let converger = Converger(kernel: kernel)
        _ = try converger.apply(Tables.host)
        kernel.count("inbound_dport", packets: 3, bytes: 180)
        kernel.count("outbound_sport", packets: 1, bytes: 1_500)
        kernel.edit { $0.counters.append(NamedCounter(name: "someone_elses", packets: 9, bytes: 9)) }
        return try converger.status(Tables.host)
    }

    @Test func parsesStrictlyWithTheValuesOfEveryCounter() throws {
        let families = try StrictPrometheusParser.parse(PrometheusText.render(try Self.installedStatus()))
        #expect(
            Set(families.keys) == [
                "port0_dropped_packets_total", "port0_dropped_bytes_total", "port0_passed_fragments_total",
                "port0_ruleset_installed", "port0_ruleset_drift",
            ])
        #expect(families.values.allSatisfy { $0.help != nil })
        #expect(
            families["port0_passed_fragments_total"]?.samples == [
                #"direction="inbound""#: 0, #"direction="outbound""#: 0,
            ])
        let packets = try #require(families["port0_dropped_packets_total"])
        #expect(packets.type == "counter")
        #expect(
            packets.samples == [
                #"direction="inbound",field="dport""#: 3, #"direction="inbound",field="sport""#: 0,
                #"direction="outbound",field="dport""#: 0, #"direction="outbound",field="sport""#: 1,
            ])
        #expect(families["port0_dropped_bytes_total"]?.samples[#"direction="outbound",field="sport""#] == 1_500)
        #expect(families["port0_ruleset_installed"]?.type == "gauge")
        #expect(families["port0_ruleset_installed"]?.samples == ["": 1])
        // The foreign counter is drift, and is not reported as a port0 drop.
        #expect(families["port0_ruleset_drift"]?.samples == ["": 1])
    }

    /// Edge: frames port0 could not look into, per encapsulation; in status text and JSON too.
    @Test func uninspectedFramesArePerEncapsulation() throws {
        let kernel = FakeKernel()
        let converger = Converger(kernel: kernel)
        _ = try converger.apply(Tables.edge)
        kernel.count("uninspected_pppoe", packets: 4, bytes: 256, table: "netdev port0")
        kernel.count("inbound_dport", packets: 2, bytes: 120, table: "netdev port0")
        let status = try converger.status(Tables.edge)
        let families = try StrictPrometheusParser.parse(PrometheusText.render(status))
        let packets = try #require(families["port0_uninspected_packets_total"])
        #expect(packets.type == "counter")
        #expect(packets.samples == [#"encap="mpls""#: 0, #"encap="pppoe""#: 4, #"encap="vlan""#: 0])
        #expect(families["port0_uninspected_bytes_total"]?.samples[#"encap="pppoe""#] == 256)
        // Not drops: the dropped family holds the port-0 counters only.
        #expect(families["port0_dropped_packets_total"]?.samples.count == 4)
        #expect(status.text.contains("\n  uninspected pppoe (passed): 4 packets, 256 bytes\n"))
        #expect(status.json.contains(#"{"name": "uninspected_pppoe", "encap": "pppoe", "packets": 4, "bytes": 256}"#))
        // The host profile has no such counters and no such family.
        let host = try StrictPrometheusParser.parse(PrometheusText.render(try Self.installedStatus()))
        #expect(host["port0_uninspected_packets_total"] == nil)
    }

    /// Fragments and exempt matches per direction; sources: the count, and only the top K
    /// as series (a scan from a whole prefix cannot explode the metric's cardinality).
    @Test func passCountersAndOnlyTheTopSources() throws {
        let table = Tables.build {
            $0.trackSources = RulesetOptions.defaultTrackSize
            $0.exempt = .parsing(["192.0.2.0/24"])
        }
        let kernel = FakeKernel()
        let converger = Converger(kernel: kernel)
        _ = try converger.apply(table)
        kernel.count("inbound_fragments", packets: 4, bytes: 400)
        kernel.count("outbound_exempt", packets: 2, bytes: 100)
        kernel.edit {
            $0.sources = (1...50).map {
                TrackedSource(
                    set: "sources_v4", version: .ipv4, address: 0x0a00_0000 + UInt128($0), packets: UInt64($0),
                    bytes: UInt64($0) * 60, expiresInMilliseconds: 3_000_000)
            }
        }
        let status = try converger.status(table)
        #expect(status.exitCode == 0, "sources are state, not drift: \(status.differences)")
        let families = try StrictPrometheusParser.parse(PrometheusText.render(status, top: 3))
        #expect(families["port0_passed_fragments_total"]?.samples[#"direction="inbound""#] == 4)
        #expect(
            families["port0_exempt_packets_total"]?.samples == [
                #"direction="inbound""#: 0, #"direction="outbound""#: 2,
            ])
        #expect(families["port0_tracked_sources"]?.samples == ["": 50])
        #expect(
            families["port0_top_source_dropped_packets"]?.samples == [
                #"address="10.0.0.50""#: 50, #"address="10.0.0.49""#: 49, #"address="10.0.0.48""#: 48,
            ])
        #expect(families["port0_top_source_dropped_bytes"]?.samples[#"address="10.0.0.50""#] == 3_000)
        let none = try StrictPrometheusParser.parse(PrometheusText.render(status, top: 0))
        #expect(none["port0_top_source_dropped_packets"]?.samples.isEmpty == true)
    }

    @Test func aMissingTableHasNoDropSamples() throws {
        let status = try Converger(kernel: FakeKernel()).status(Tables.host)
        let families = try StrictPrometheusParser.parse(PrometheusText.render(status))
        #expect(families["port0_dropped_packets_total"]?.samples.isEmpty == true)
        #expect(families["port0_ruleset_installed"]?.samples == ["": 0])
        #expect(families["port0_ruleset_drift"]?.samples == ["": 0])
    }

    @Test func theStrictParserRefusesMalformedText() {
        for bad in [
            "port0_x 1\n",  // no TYPE
            "# TYPE a counter\na 1\n",  // counter without _total
            "# TYPE a gauge\na{b=\"c\",} 1\n",  // trailing comma
            "# TYPE a gauge\na{b=c} 1\n",  // unquoted
            "# TYPE a gauge\na 1\n# TYPE b gauge\nb 1\na 2\n",  // not contiguous
            "# TYPE a gauge\na 1",  // no newline
            "# TYPE a gauge\na{b=\"\\t\"} 1\n",  // bad escape
        ] {
            #expect(throws: StrictPrometheusParser.Failure.self) { try StrictPrometheusParser.parse(bad) }
        }
    }

    /// A python3 with the reference parser (PyPI prometheus-client): the venv scripts/setup
    /// makes, else the one on PATH.
    static let python: String? = {
        let venv = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build-venv/bin/python3").path
        return [venv, "python3"].first {
            (try? run([$0, "-c", "import prometheus_client.parser"], stdin: ""))?.status == 0
        }
    }()

    @Test(.enabled(if: python != nil, "no python3 with prometheus_client: run scripts/setup (it makes .build-venv)"))
    func theReferenceParserReadsTheSameSamples() throws {
        let text = PrometheusText.render(try Self.installedStatus())
        let script = """
            import sys
            from prometheus_client.parser import text_string_to_metric_families
            for family in text_string_to_metric_families(sys.stdin.read()):
                for s in family.samples:
                    labels = ",".join(f'{k}="{v}"' for k, v in sorted(s.labels.items()))
                    print(f"{family.type} {s.name}{{{labels}}} {int(s.value)}")
            """
        let result = try Self.run([Self.python ?? "python3", "-c", script], stdin: text)
        #expect(result.status == 0)
        var expected: [String] = []
        for (name, family) in try StrictPrometheusParser.parse(text) {
            for (labels, value) in family.samples {
                expected.append("\(family.type!) \(name){\(labels)} \(Int(value))")
            }
        }
        #expect(result.stdout.split(separator: "\n").map(String.init).sorted() == expected.sorted())
    }

    static func run(_ arguments: [String], stdin: String) throws -> (status: Int32, stdout: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        input.fileHandleForWriting.write(Data(stdin.utf8))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

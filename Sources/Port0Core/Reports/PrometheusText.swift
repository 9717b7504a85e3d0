/// `status --format prometheus`: the text exposition format node_exporter's textfile
/// collector reads. Counters port0 did not name (`<direction>_<field>`,
/// `uninspected_<encap>`) are left out.
public enum PrometheusText {
    /// `top`: how many sources get their own series (`--prometheus-top`): bounded, so a
    /// scan from a whole /8 cannot explode a metrics backend's cardinality.
    public static func render(_ status: StatusReport, top: Int = 10) -> String {
        var out = ""
        func metric(_ name: String, _ type: String, _ help: String, _ samples: [(labels: String, value: UInt64)]) {
            out += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
            for sample in samples { out += "\(name)\(sample.labels) \(sample.value)\n" }
        }
        let labelled = status.counters.compactMap { counter in
            counter.labels.map {
                (labels: "{direction=\"\($0.direction.rawValue)\",field=\"\($0.field.rawValue)\"}", counter)
            }
        }
        metric(
            "port0_dropped_packets_total", "counter", "TCP/UDP packets with port 0 dropped by port0.",
            labelled.map { ($0.labels, $0.1.packets) })
        metric(
            "port0_dropped_bytes_total", "counter", "Bytes of TCP/UDP packets with port 0 dropped by port0.",
            labelled.map { ($0.labels, $0.1.bytes) })
        // Edge: frames of the encapsulations port0 looks into that it could not read (passed).
        let uninspected = status.counters.compactMap { counter in
            Encapsulation.counted(by: counter.name).map { (labels: "{encap=\"\($0.rawValue)\"}", counter) }
        }
        if !uninspected.isEmpty {
            metric(
                "port0_uninspected_packets_total", "counter",
                "VLAN, PPPoE or MPLS frames port0 could not look into (passed, never dropped).",
                uninspected.map { ($0.labels, $0.1.packets) })
            metric(
                "port0_uninspected_bytes_total", "counter", "Bytes of the frames in port0_uninspected_packets_total.",
                uninspected.map { ($0.labels, $0.1.bytes) })
        }
        func byDirection(_ wanted: CounterKind) -> [(labels: String, value: UInt64)] {
            status.counters.compactMap { counter in
                guard let (direction, kind) = counter.kind, kind == wanted else { return nil }
                return ("{direction=\"\(direction.rawValue)\"}", counter.packets)
            }
        }
        let fragments = byDirection(.passedFragments)
        if !fragments.isEmpty {
            metric(
                "port0_passed_fragments_total", "counter",
                "Later fragments that reached port0's drop chains (their port bytes are payload) and were let go.",
                fragments)
        }
        let exempt = byDirection(.exempt)
        if !exempt.isEmpty {
            metric(
                "port0_exempt_packets_total", "counter",
                "Port-0 candidates from or to an exempt prefix, let go by port0.", exempt)
        }
        if !status.setTimeouts.isEmpty {
            metric(
                "port0_tracked_sources", "gauge", "Source addresses in port0's dynamic source sets.",
                [("", UInt64(status.trackedSources.count))])
            let shown = status.topSources(top)
            func source(_ s: TrackedSource) -> String { "{address=\"\(s.addressText)\"}" }
            metric(
                "port0_top_source_dropped_packets", "gauge",
                "Packets port0 dropped from each of the top \(top) sources by packets (while tracked).",
                shown.map { (source($0), $0.packets) })
            metric(
                "port0_top_source_dropped_bytes", "gauge",
                "Bytes port0 dropped from each of the top \(top) sources by packets (while tracked).",
                shown.map { (source($0), $0.bytes) })
        }
        metric(
            "port0_ruleset_installed", "gauge", "1 when port0's table is in the kernel, else 0.",
            [("", status.installed ? 1 : 0)])
        metric(
            "port0_ruleset_drift", "gauge", "1 when the installed table differs from the configuration, else 0.",
            [("", status.drifted ? 1 : 0)])
        return out
    }
}

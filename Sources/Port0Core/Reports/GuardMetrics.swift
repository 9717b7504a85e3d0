/// The Prometheus textfile `port0 guard --metrics-file` keeps fresh: everything
/// `status --format prometheus` reports, plus the guard's own repairs and liveness.
public struct GuardMetrics: Sendable, Equatable {
    public var repairs: UInt64 = 0
    /// Unix time of the last repair, nil before the first.
    public var lastRepair: Double?
    public var up = true

    public init() {}

    public func render(_ status: StatusReport) -> String {
        var out = PrometheusText.render(status)
        func metric(_ name: String, _ type: String, _ help: String, _ value: String) {
            out += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n\(name) \(value)\n"
        }
        metric(
            "port0_repairs_total", "counter",
            "Times port0 guard restored its table after something else removed or changed it.", "\(repairs)")
        metric(
            "port0_last_repair_timestamp_seconds", "gauge",
            "Unix time of port0 guard's last repair (0: none since it started).",
            lastRepair.map(Self.seconds) ?? "0")
        metric("port0_guard_up", "gauge", "1 while port0 guard is running, 0 once it has stopped.", up ? "1" : "0")
        return out
    }
}

extension GuardMetrics {
    /// Seconds with millisecond precision ("1764590000.042"), without Foundation.
    public static func seconds(_ value: Double) -> String {
        let millis = Int64((value * 1000).rounded())
        let fraction = String(millis % 1000)
        return "\(millis / 1000).\(String(repeating: "0", count: 3 - fraction.count))\(fraction)"
    }
}

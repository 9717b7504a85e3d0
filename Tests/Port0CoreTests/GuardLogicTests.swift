import Port0Core
import Testing

@Suite("port0 guard: back-off, metrics text, options file")
struct GuardLogicTests {
    @Test("repairs are immediate until a burst, then each waits twice as long, capped; a quiet window resets")
    func backoff() {
        var backoff = RepairBackoff(burst: 3, window: 10, initialDelay: 0.1, maxDelay: 0.5)
        #expect(backoff.earliestRepair(after: 0) == 0)
        var escalated = backoff.record(at: 0)
        #expect(!escalated)
        escalated = backoff.record(at: 1)
        #expect(!escalated)
        #expect(backoff.earliestRepair(after: 1.5) == 1.5)
        // The third repair within 10 s: another program is fighting.
        escalated = backoff.record(at: 2)
        #expect(escalated)
        #expect(backoff.delay == 0.1)
        #expect(backoff.earliestRepair(after: 2.01) == 2.1)
        escalated = backoff.record(at: 2.1)
        #expect(escalated && backoff.delay == 0.2)
        escalated = backoff.record(at: 2.3)
        #expect(escalated && backoff.delay == 0.4)
        escalated = backoff.record(at: 2.7)
        #expect(escalated && backoff.delay == 0.5)
        escalated = backoff.record(at: 3.2)
        #expect(escalated && backoff.delay == 0.5)
        #expect(backoff.earliestRepair(after: 3.3) == 3.7)
        backoff.settle(at: 13)
        #expect(backoff.isBackingOff)
        backoff.settle(at: 14)
        #expect(!backoff.isBackingOff && backoff.earliestRepair(after: 14) == 14)
        escalated = backoff.record(at: 14)
        #expect(!escalated)
    }

    @Test("a failed repair backs off at once")
    func failureBacksOff() {
        var backoff = RepairBackoff(initialDelay: 1, maxDelay: 60)
        let escalated = backoff.record(at: 5, failed: true)
        #expect(escalated)
        #expect(backoff.earliestRepair(after: 5) == 6)
        _ = backoff.record(at: 6, failed: true)
        #expect(backoff.earliestRepair(after: 6) == 8)
    }

    @Test("the metrics file: status metrics, then repairs, last repair time and up")
    func metricsText() {
        let table = Table(family: .inet, name: "port0")
        var metrics = GuardMetrics()
        let missing = StatusReport(live: nil, desired: table)
        let text = metrics.render(missing)
        #expect(text.hasPrefix(PrometheusText.render(missing)))
        #expect(
            text.hasSuffix(
                """
                # HELP port0_repairs_total Times port0 guard restored its table after something else removed or changed it.
                # TYPE port0_repairs_total counter
                port0_repairs_total 0
                # HELP port0_last_repair_timestamp_seconds Unix time of port0 guard's last repair (0: none since it started).
                # TYPE port0_last_repair_timestamp_seconds gauge
                port0_last_repair_timestamp_seconds 0
                # HELP port0_guard_up 1 while port0 guard is running, 0 once it has stopped.
                # TYPE port0_guard_up gauge
                port0_guard_up 1

                """))
        metrics.repairs = 3
        metrics.lastRepair = 1_764_590_000.0421
        metrics.up = false
        let later = metrics.render(missing)
        #expect(later.contains("\nport0_repairs_total 3\n"))
        #expect(later.contains("\nport0_last_repair_timestamp_seconds 1764590000.042\n"))
        #expect(later.contains("\nport0_guard_up 0\n"))
        #expect(GuardMetrics.seconds(7.0005) == "7.001" && GuardMetrics.seconds(12) == "12.000")
    }

    @Test(
        "the options file: table options first, quotes removed, split at whitespace, comments and other variables ignored"
    )
    func optionsFile() throws {
        let text = """
            # /etc/default/port0
            PORT0_OPTS="--exempt 192.0.2.0/24   --log"
              PORT0_TABLE_OPTS='--table edge0 --profile edge'
            OTHER="--nonsense"
            ; also a comment

            """
        #expect(
            try OptionsFile.arguments(text, path: "f")
                == ["--table", "edge0", "--profile", "edge", "--exempt", "192.0.2.0/24", "--log"])
        #expect(try OptionsFile.arguments("PORT0_OPTS=\n", path: "f") == [])
        #expect(throws: Port0Error.self) { try OptionsFile.arguments("PORT0_OPTS --log\n", path: "f") }
        do {
            _ = try OptionsFile.arguments("# ok\nPORT0_OPTS --log\n", path: "/etc/default/port0")
        } catch {
            #expect(error.description.contains("/etc/default/port0 line 2: PORT0_OPTS --log"))
        }
    }

    @Test(
        "the options file gives the guard the arguments systemd gives port0.service: continued lines, quotes inside values, escapes"
    )
    func optionsFileAsSystemdReadsIt() throws {
        // What systemd 252 makes of each (systemd.exec(5) EnvironmentFile=, then an unbraced
        // $PORT0_OPTS split "with quotes respected and afterwards removed", systemd.service(5)).
        let continued = "PORT0_OPTS=\"--exempt 192.0.2.0/24 \\\n  --exempt 198.51.100.0/24\"\n"
        #expect(
            try OptionsFile.arguments(continued, path: "f")
                == ["--exempt", "192.0.2.0/24", "--exempt", "198.51.100.0/24"])
        let quoted = "PORT0_OPTS=\"--log-prefix 'port0 drop: ' --priority 'raw - 10'\"\n"
        #expect(
            try OptionsFile.arguments(quoted, path: "f")
                == ["--log-prefix", "port0 drop: ", "--priority", "raw - 10"])
        let escaped =
            "PORT0_TABLE_OPTS=--table\\ port0 \\\n --profile host  \r\nPORT0_OPTS=\"--log-prefix \\\"x\\\"\"\n"
        #expect(
            try OptionsFile.arguments(escaped, path: "f")
                == ["--table", "port0", "--profile", "host", "--log-prefix", "x"])
        let multiLine = "PORT0_OPTS='--exempt 192.0.2.0/24\n--log'\n"
        #expect(try OptionsFile.arguments(multiLine, path: "f") == ["--exempt", "192.0.2.0/24", "--log"])
        // Text after a closing quote is part of the value, not a comment (port0.service would
        // get "--log#" too, and refuse it).
        #expect(try OptionsFile.arguments("PORT0_OPTS=\"--log\"  # note\n", path: "f") == ["--log#", "note"])
        #expect(throws: Port0Error.self) { try OptionsFile.arguments("PORT0_OPTS=\"--log\"\nstray\n", path: "f") }
    }
}

import Foundation
import Testing

@Suite("Boot persistence: port0.service and /etc/default/port0")
struct SystemdUnitTests {
    static let unitPath = Ops.path("scripts/systemd/port0.service")
    static let defaultPath = Ops.path("scripts/systemd/port0.default")

    /// `KEY=value` lines of a unit file.
    static func settings(_ text: String) -> [(String, String)] {
        text.split(separator: "\n").compactMap { line in
            guard !line.hasPrefix("#"), let eq = line.firstIndex(of: "=") else { return nil }
            return (String(line[..<eq]), String(line[line.index(after: eq)...]))
        }
    }

    @Test(
        "systemd-analyze verify accepts port0.service and port0-guard.service, with no warning",
        .enabled(if: Ops.has("systemd-analyze"), "systemd-analyze is not installed (Debian package: systemd)"),
        arguments: ["port0.service", "port0-guard.service"])
    func verifies(unit: String) throws {
        try Ops.withTempDir { dir in
            try Ops.write(try Ops.read(Ops.path("docs/man/port0.1")), to: dir + "/man/man1/port0.1")
            let result = try Ops.verifyUnit(
                try Ops.read(Ops.path("scripts/systemd/" + unit)), binary: Support.port0, manDir: dir + "/man",
                in: dir + "/unit", name: unit)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stderr.isEmpty, "systemd-analyze verify: \(result.stderr)")
        }
    }

    @Test(
        "verify catches a broken unit (so the check above means something)",
        .enabled(if: Ops.has("systemd-analyze"), "systemd-analyze is not installed (Debian package: systemd)"))
    func verifyCatchesBrokenUnit() throws {
        try Ops.withTempDir { dir in
            let broken = try Ops.read(Self.unitPath).replacingOccurrences(of: "Type=oneshot", with: "Type=oneshoot")
            let result = try Ops.verifyUnit(broken, binary: Support.port0, manDir: dir, in: dir)
            #expect(!result.stderr.isEmpty)
        }
    }

    @Test("a oneshot before network-pre that applies on start and reload and removes the same table on stop")
    func lifecycle() throws {
        let settings = Self.settings(try Ops.read(Self.unitPath))
        let value = { (key: String) in settings.filter { $0.0 == key }.map(\.1) }
        #expect(value("Type") == ["oneshot"])
        #expect(value("RemainAfterExit") == ["yes"])
        #expect(value("Before").first?.split(separator: " ").contains("network-pre.target") == true)
        #expect(value("Wants") == ["network-pre.target"])
        #expect(value("EnvironmentFile") == ["-/etc/default/port0"])
        #expect(value("ExecStart") == ["/usr/sbin/port0 apply $PORT0_TABLE_OPTS $PORT0_OPTS"])
        #expect(value("ExecReload") == value("ExecStart"))
        #expect(value("ExecStop") == ["/usr/sbin/port0 remove $PORT0_TABLE_OPTS"])
        #expect(value("WantedBy") == ["sysinit.target nftables.service"])
    }

    @Test("ordered after nftables.service, which restarts, reloads and stops it along with itself")
    func nftablesOrdering() throws {
        let settings = Self.settings(try Ops.read(Self.unitPath))
        let value = { (key: String) in settings.filter { $0.0 == key }.flatMap { $0.1.split(separator: " ") } }
        #expect(value("After").contains("nftables.service"))
        #expect(value("PartOf") == ["nftables.service"])
        #expect(value("ReloadPropagatedFrom") == ["nftables.service"])
        #expect(value("WantedBy").contains("nftables.service"))
    }

    static let guardUnitPath = Ops.path("scripts/systemd/port0-guard.service")

    @Test("port0-guard.service: notify, watchdog, restart on failure, never with port0.service, no ExecStop")
    func guardUnitLifecycle() throws {
        let settings = Self.settings(try Ops.read(Self.guardUnitPath))
        let value = { (key: String) in settings.filter { $0.0 == key }.map(\.1) }
        #expect(value("Type") == ["notify"])
        #expect(value("Restart") == ["on-failure"])
        #expect(value("WatchdogSec").count == 1)
        #expect(value("Conflicts").first?.split(separator: " ").contains("port0.service") == true)
        #expect(value("After").first?.split(separator: " ").contains("nftables.service") == true)
        // Starting the guard stops port0.service: its `port0 remove` must end before the first apply.
        #expect(value("After").first?.split(separator: " ").contains("port0.service") == true)
        #expect(value("ExecStart") == ["/usr/sbin/port0 guard --options-file /etc/default/port0 $PORT0_GUARD_OPTS"])
        #expect(value("ExecReload") == ["/bin/kill -HUP $MAINPID"])
        // Stopping the guard must not remove protection.
        #expect(value("ExecStop").isEmpty)
    }

    static let canBootSystemd =
        Support.isRoot && FileManager.default.isExecutableFile(atPath: "/lib/systemd/systemd")
        && FileManager.default.fileExists(atPath: "/lib/systemd/system/nftables.service")
        && (FileManager.default.fileExists(atPath: "/sys/fs/cgroup/systemd")
            || FileManager.default.fileExists(atPath: "/sys/fs/cgroup/cgroup.controllers"))
    static let bootReason: Comment =
        "needs root, systemd and nftables.service installed, and a cgroup hierarchy to nest systemd in"

    @Test(
        "a real systemd (PID 1 of private namespaces): boot, reload, restart, stop and start nftables; the guard unit",
        .enabled(if: canBootSystemd, bootReason))
    func realSystemd() throws {
        let result = try Ops.run([Ops.path("scripts/systemd-ordering-test"), "--binary", Support.port0])
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        #expect(!result.stdout.contains("FAIL"))
        #expect(result.stdout.contains("ok   reload nftables: port0's table re-applied"))
        #expect(result.stdout.contains("ok   guard: stop nftables (flush ruleset): table restored"))
    }

    @Test(
        "the same checks fail for the unit without its nftables.service lines (they prove something)",
        .enabled(if: canBootSystemd, bootReason))
    func realSystemdCatchesUnorderedUnit() throws {
        try Ops.withTempDir { dir in
            let unordered = try Ops.read(Self.unitPath).split(separator: "\n", omittingEmptySubsequences: false)
                .filter { !$0.hasPrefix("PartOf=") && !$0.hasPrefix("ReloadPropagatedFrom=") }
                .map { $0.replacingOccurrences(of: " nftables.service", with: "") }
                .joined(separator: "\n")
            try Ops.write(unordered, to: dir + "/port0.service")
            let result = try Ops.run([
                Ops.path("scripts/systemd-ordering-test"), "--binary", Support.port0, "--port0-unit",
                dir + "/port0.service",
                "--oneshot-only",
            ])
            #expect(result.status == 1)
            #expect(result.stdout.contains("FAIL reload nftables: port0's table re-applied"), "\(result.stdout)")
        }
    }

    @Test(
        "without After=port0.service the guard starts while port0.service's stop still runs (the check can fail)",
        .enabled(if: canBootSystemd, bootReason))
    func realSystemdCatchesUnorderedGuard() throws {
        try Ops.withTempDir { dir in
            let unordered = try Ops.read(Self.guardUnitPath).replacingOccurrences(
                of: "After=local-fs.target nftables.service port0.service\n",
                with: "After=local-fs.target nftables.service\n")
            #expect(unordered.contains("Conflicts=shutdown.target port0.service\n"))
            #expect(!unordered.contains("After=local-fs.target nftables.service port0.service"))
            try Ops.write(unordered, to: dir + "/port0-guard.service")
            let result = try Ops.run([
                Ops.path("scripts/systemd-ordering-test"), "--binary", Support.port0, "--guard-unit",
                dir + "/port0-guard.service",
            ])
            #expect(result.status == 1)
            #expect(
                result.stdout.contains("FAIL guard: started after port0.service's stop (port0 remove) ended"),
                "\(result.stdout)")
        }
    }

    @Test("/etc/default/port0 sets both variables empty, and every example is accepted by port0")
    func defaultFileExamples() throws {
        let text = try Ops.read(Self.defaultPath)
        let active = Self.settings(text)
        #expect(active.map(\.0) == ["PORT0_TABLE_OPTS", "PORT0_OPTS"])
        #expect(active.allSatisfy { $0.1 == "\"\"" })
        let examples = text.split(separator: "\n").filter { $0.hasPrefix("#PORT0_") }.map { line in
            let eq = line.firstIndex(of: "=")!
            let value = line[line.index(after: eq)...]
            #expect(value.hasPrefix("\"") && value.hasSuffix("\""), "unquoted example: \(line)")
            // systemd splits $VAR at whitespace: these are the arguments port0 gets.
            return (
                String(line[line.index(after: line.startIndex)..<eq]),
                value.dropFirst().dropLast().split(separator: " ").map(String.init)
            )
        }
        let tables = examples.filter { $0.0 == "PORT0_TABLE_OPTS" }.map(\.1)
        let options = examples.filter { $0.0 == "PORT0_OPTS" }.map(\.1)
        #expect(tables.count >= 2 && options.count >= 3)
        try Ops.withTempDir { dir in
            let exemptFile = dir + "/exempt.txt"
            try Ops.write("198.51.100.0/24\n", to: exemptFile)
            for table in tables {
                let edge = table.contains("edge")
                for option in options where option.contains("--device") == edge {
                    let arguments = ["render"] + table + option.map { $0 == "/etc/port0/exempt.txt" ? exemptFile : $0 }
                    let result = try Support.port0(arguments)
                    #expect(result.status == 0, "port0 \(arguments): \(result.stderr)")
                }
            }
        }
    }
}

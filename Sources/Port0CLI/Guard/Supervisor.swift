import Glibc
import Port0Core
import Port0Netlink
import Port0System

/// `port0 guard`'s loop: one thread polling the nf_tables and link event sockets, the signal
/// descriptor and its timers (debounce, back-off, metrics, watchdog). Every repair is the
/// same convergent, generation-guarded apply `port0 apply` runs, so an event that changed
/// nothing that matters costs one read and commits nothing.
final class Supervisor {
    struct Settings {
        var namespace: NetworkNamespace
        var optionsFile: String?
        var metricsFile: String?
        var metricsInterval: Double
        var allowMissingDevice: Bool
        /// `--own-table`: commit through one socket held for the guard's life, with the
        /// table's flags owner|persist (already in the table it is given).
        var ownTable = false
    }

    /// A repair that is wanted: why, since when, and not before `due`.
    private struct Pending {
        var reason: String
        var since: Double
        var due: Double
        /// Further reasons merged into this repair.
        var merged = 0
        /// The events said the whole table was deleted: no need to read what is wrong.
        var tableRemoved = false

        var description: String { merged >= 3 ? "\(reason); \(merged - 2) more" : reason }
    }

    /// A burst of events (one `nft -f` of many transactions) is one repair: wait until the
    /// events have been quiet this long, but never longer than `maxDebounce` in all.
    static let debounce = 0.002
    static let maxDebounce = 0.05

    private let settings: Settings
    private var table: Table
    private let converger: Converger
    private let kernel: NetlinkKernel
    private let events: KernelEvents
    private let signals: SignalEvents
    private let lock: GuardLock
    private let notifier = SystemdNotifier()
    private var metrics = GuardMetrics()
    private var backoff = RepairBackoff()
    private var pending: Pending?
    private var nextMetrics: Double?
    private var nextWatchdog: Double?
    private let ownPID = UInt32(getpid())

    init(table: Table, settings: Settings) throws(Port0Error) {
        self.table = table
        self.settings = settings
        // Lock first: a second guard must fail before it touches anything.
        lock = try GuardLock(namespace: settings.namespace, family: table.family, table: table.name)
        kernel =
            settings.ownTable
            ? try NetlinkKernel.holdingSocket(in: settings.namespace) : NetlinkKernel(namespace: settings.namespace)
        converger = Converger(kernel: kernel)
        // Subscribed before the first apply, so no change after it can go unseen.
        events = try KernelEvents(namespace: settings.namespace, family: table.family, table: table.name)
        signals = try SignalEvents()
    }

    private var tableName: String { "\(table.family.rawValue) \(table.name)" }

    /// Runs until SIGTERM or SIGINT; the table stays installed.
    func run() throws(Port0Error) {
        do {
            let outcome = try converger.apply(table)
            Diagnostics.note("guard: \(outcome.line)")
            if let port = kernel.ownerPort {
                Diagnostics.note(
                    "guard: owns table \(tableName) (netlink port \(port), flags owner, persist): other programs "
                        + "cannot flush, change or delete it; it stays when the guard exits")
            }
        } catch {
            guard settings.allowMissingDevice, let missing = try? missingDevices(), !missing.isEmpty else {
                throw error
            }
            Diagnostics.note(
                "guard: table \(tableName) not applied yet (\(error)); waiting for \(missing.joined(separator: ", "))")
        }
        notifier.send(["READY=1", "STATUS=\(statusLine)", "MAINPID=\(getpid())"])
        let now = SystemClock.monotonic
        if settings.metricsFile != nil {
            nextMetrics = now
        }
        if let interval = notifier.watchdogInterval {
            notifier.send(["WATCHDOG=1"])
            nextWatchdog = now + interval
        }
        while true {
            try writeMetricsIfDue()
            pingWatchdogIfDue()
            if let pending, SystemClock.monotonic >= pending.due {
                repair()
                continue
            }
            if try waitForEvents() { break }
        }
        notifier.send(["STOPPING=1", "STATUS=stopped; table \(tableName) left in place"])
        metrics.up = false
        writeMetrics()
        Diagnostics.note("guard: stopped; table \(tableName) left in place")
    }

    /// Polls until the next timer; returns true when told to stop.
    private func waitForEvents() throws(Port0Error) -> Bool {
        let deadlines = [pending?.due, nextMetrics, nextWatchdog].compactMap { $0 }
        let timeout: Int32
        if let deadline = deadlines.min() {
            timeout = Int32(max(0, min(60_000, ((deadline - SystemClock.monotonic) * 1000).rounded(.up))))
        } else {
            timeout = -1
        }
        var fds = [
            pollfd(fd: signals.fd, events: Int16(POLLIN), revents: 0),
            pollfd(fd: events.nftablesFD, events: Int16(POLLIN), revents: 0),
            pollfd(fd: events.linkFD, events: Int16(POLLIN), revents: 0),
        ]
        let ready = poll(&fds, nfds_t(fds.count), timeout)
        if ready < 0 {
            let error = Errno.current
            if error == .interrupted { return false }
            throw .system(context: "poll", reason: error.message)
        }
        for signal in signals.drain() {
            if signal == SIGHUP {
                reload()
            } else {
                Diagnostics.note("guard: \(signal == SIGINT ? "SIGINT" : "SIGTERM") received")
                return true
            }
        }
        for event in try events.drain(events.nftablesFD) + events.drain(events.linkFD) {
            handle(event)
        }
        backoff.settle(at: SystemClock.monotonic)
        return false
    }

    private func handle(_ event: KernelEvent) {
        switch event {
        case .commit(let touched, let pid, let process):
            // Our own commits notify us too; the convergent apply would find nothing to do,
            // but skipping them saves the read.
            guard touched, pid != ownPID else { return }
            let who = [process, pid.map { "pid \($0)" }].compactMap { $0 }.joined(separator: " ")
            want("changed by \(who.isEmpty ? "an unknown process" : who)")
        case .tableRemoved(let pid):
            // The table is gone (a flush): every millisecond of waiting lets packets through,
            // so repair now, without the debounce, unless a fight's back-off says otherwise.
            guard pid != ownPID, var current = pending else { return }
            current.due = max(SystemClock.monotonic, backoff.earliestRepair(after: SystemClock.monotonic))
            current.tableRemoved = true
            pending = current
        case .overflow:
            want("kernel event queue overflowed (ENOBUFS): re-read")
        case .link(let name, let appeared):
            guard table.devices.contains(name) else { return }
            if appeared { backoff = RepairBackoff() }
            want("device \(name) \(appeared ? "appeared" : "went away")", now: appeared)
        }
    }

    /// Schedules a check-and-repair, debounced, and no sooner than the back-off allows.
    private func want(_ reason: String, now immediate: Bool = false) {
        let now = SystemClock.monotonic
        let earliest = immediate ? now : backoff.earliestRepair(after: now)
        if var current = pending {
            current.due = max(current.due, min(now + Self.debounce, current.since + Self.maxDebounce), earliest)
            // A long back-off collects many events: name the first few, count the rest.
            if !current.reason.contains(reason) {
                current.merged += 1
                if current.merged < 3 { current.reason += "; " + reason }
            }
            pending = current
        } else {
            pending = Pending(reason: reason, since: now, due: max(now + Self.debounce, earliest))
        }
    }

    private func repair() {
        guard let wanted = pending else { return }
        pending = nil
        do {
            let what = wanted.tableRemoved ? "table was missing" : try describeDifference()
            let outcome = try converger.apply(table)
            let elapsed = SystemClock.monotonic - wanted.since
            guard outcome.changed else { return }
            metrics.repairs += 1
            metrics.lastRepair = SystemClock.wall
            Diagnostics.note(
                "guard: repaired table \(tableName) in \(milliseconds(elapsed)) ms: \(what ?? "it differed") "
                    + "(\(wanted.description))")
            if backoff.record(at: SystemClock.monotonic) {
                Diagnostics.note(
                    "warning: table \(tableName) keeps being changed (\(wanted.description)); another program is fighting "
                        + "port0 guard: repairs are now delayed by \(milliseconds(backoff.delay)) ms")
            }
            notifier.send(["STATUS=\(statusLine)"])
            writeMetrics()
        } catch {
            if let missing = try? missingDevices(), !missing.isEmpty {
                Diagnostics.error(
                    "guard: cannot restore table \(tableName) (\(error)); waiting for device "
                        + missing.joined(separator: ", "))
                return
            }
            _ = backoff.record(at: SystemClock.monotonic, failed: true)
            Diagnostics.error(
                "guard: repair of table \(tableName) failed: \(error); retrying in \(milliseconds(backoff.delay)) ms")
            notifier.send(["STATUS=repair failed: \(error)"])
            pending = Pending(
                reason: wanted.reason, since: wanted.since, due: backoff.earliestRepair(after: SystemClock.monotonic))
        }
    }

    /// What is wrong with the live table, from a cheap read without named-set elements.
    private func describeDifference() throws(Port0Error) -> String? {
        guard let live = try kernel.read(family: table.family, name: table.name, namedSetElements: false) else {
            return "table was missing"
        }
        var outline = table
        for index in outline.sets.indices { outline.sets[index].elements = [] }
        let differences = Drift(live: live, desired: outline).differences
        guard let first = differences.first else { return "set elements differed" }
        return first + (differences.count > 1 ? " (+\(differences.count - 1) more)" : "")
    }

    private func missingDevices() throws(Port0Error) -> [String] {
        try settings.namespace.missingDevices(table.devices)
    }

    /// SIGHUP: re-read --options-file and apply it; a bad file keeps the current table.
    private func reload() {
        guard let path = settings.optionsFile else {
            Diagnostics.note("guard: SIGHUP: no --options-file to re-read; checking table \(tableName)")
            want("SIGHUP", now: true)
            return
        }
        do {
            var reloaded = try GuardRuleset.fromOptionsFile(path)
            if settings.ownTable { reloaded.flags = LiveTable.guardOwnership }
            guard reloaded.family == table.family, reloaded.name == table.name else {
                Diagnostics.error(
                    "guard: \(path) now names table \(reloaded.family.rawValue) \(reloaded.name), not \(tableName): "
                        + "restart the guard to guard another table; keeping the current one")
                return
            }
            table = reloaded
            let outcome = try converger.apply(table)
            Diagnostics.note("guard: reloaded \(path): \(outcome.line)")
            notifier.send(["STATUS=\(statusLine)"])
            writeMetrics()
        } catch {
            Diagnostics.error("guard: SIGHUP: \(error); keeping the current table")
        }
    }

    private var statusLine: String {
        let last = metrics.lastRepair.map { ", last at \(GuardMetrics.seconds($0))" } ?? ""
        return "guarding table \(tableName); \(metrics.repairs) repairs\(last)"
    }

    private func writeMetricsIfDue() throws(Port0Error) {
        guard let due = nextMetrics, SystemClock.monotonic >= due else { return }
        nextMetrics = SystemClock.monotonic + settings.metricsInterval
        if let report = writeMetrics(), report.exitCode != 0, pending == nil {
            want("periodic check: table \(report.state)")
        }
    }

    /// Reads the table and rewrites the metrics file; the report, or nil if reading failed.
    @discardableResult
    private func writeMetrics() -> StatusReport? {
        guard let path = settings.metricsFile else { return nil }
        do {
            let report = try converger.status(table)
            try AtomicFile.write(metrics.render(report), to: path)
            return report
        } catch {
            Diagnostics.error("guard: metrics: \(error)")
            return nil
        }
    }

    private func pingWatchdogIfDue() {
        guard let due = nextWatchdog, let interval = notifier.watchdogInterval, SystemClock.monotonic >= due else {
            return
        }
        notifier.send(["WATCHDOG=1"])
        nextWatchdog = SystemClock.monotonic + interval
    }

    private func milliseconds(_ seconds: Double) -> String {
        let tenths = Int((seconds * 10_000).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }
}

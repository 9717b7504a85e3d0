import Foundation
import Testing

/// A datagram socket standing in for systemd's NOTIFY_SOCKET.
final class NotifySocket {
    let path: String
    let fd: Int32

    init(in dir: String) throws {
        path = dir + "/notify"
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        try #require(fd >= 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in path.utf8.enumerated() { raw[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        try #require(bound == 0, "bind \(path): \(errno)")
    }

    deinit { close(fd) }

    /// Every datagram received so far, without waiting.
    func received() -> [String] {
        var messages: [String] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
            if count <= 0 { return messages }
            messages.append(String(decoding: buffer[..<count], as: UTF8.self))
        }
    }
}

@Suite("port0 guard: metrics file and systemd notify protocol", .needsRoot)
struct GuardMetricsNotifyTests {
    static func metric(_ text: String, _ name: String) -> String? {
        text.split(separator: "\n").first { $0.hasPrefix(name + " ") }.map { String($0.dropFirst(name.count + 1)) }
    }

    @Test(
        "READY=1 after the first apply, WATCHDOG=1 at half WATCHDOG_USEC, STATUS= lines, STOPPING=1; metrics kept fresh"
    )
    func notifyAndMetrics() throws {
        try Ops.withTempDir { dir in
            try Support.withNetns { netns in
                let notify = try NotifySocket(in: dir)
                let metrics = dir + "/port0.prom"
                var environment = ProcessInfo.processInfo.environment
                environment["NOTIFY_SOCKET"] = notify.path
                environment["WATCHDOG_USEC"] = "200000"
                environment.removeValue(forKey: "WATCHDOG_PID")
                let guardProcess = try GuardProcess.started(
                    ["--netns", netns, "--metrics-file", metrics, "--metrics-interval", "0.2"], environment: environment
                )
                var messages: [String] = []
                GuardProcess.waitFor {
                    messages += notify.received()
                    return messages.filter { $0 == "WATCHDOG=1" }.count >= 3
                }
                let ready = try #require(messages.first { $0.contains("READY=1") }, "\(messages)")
                #expect(ready.contains("STATUS=guarding table inet port0; 0 repairs"))
                #expect(ready.contains("MAINPID=\(guardProcess.process.processIdentifier)"))
                #expect(messages.filter { $0 == "WATCHDOG=1" }.count >= 3, "\(messages)")

                let first = try Ops.read(metrics)
                #expect(Self.metric(first, "port0_guard_up") == "1")
                #expect(Self.metric(first, "port0_repairs_total") == "0")
                #expect(Self.metric(first, "port0_last_repair_timestamp_seconds") == "0")
                #expect(Self.metric(first, "port0_ruleset_installed") == "1")
                #expect(Self.metric(first, "port0_ruleset_drift") == "0")
                #expect(first.contains("# TYPE port0_repairs_total counter\n"))
                #expect(first.contains("port0_dropped_packets_total{direction=\"inbound\",field=\"dport\"} 0\n"))

                let before = Date().timeIntervalSince1970
                _ = try GuardTests.nft(netns, "flush", "ruleset")
                GuardTests.expectRepaired(guardProcess, netns, count: 1, after: "flush")
                let repaired = GuardProcess.waitFor {
                    Self.metric((try? Ops.read(metrics)) ?? "", "port0_repairs_total") == "1"
                }
                #expect(repaired)
                let after = try Ops.read(metrics)
                let stamp = try #require(Self.metric(after, "port0_last_repair_timestamp_seconds").flatMap(Double.init))
                #expect(stamp >= before - 1 && stamp <= Date().timeIntervalSince1970 + 1)
                GuardProcess.waitFor {
                    messages += notify.received()
                    return messages.contains { $0.hasPrefix("STATUS=guarding table inet port0; 1 repairs") }
                }
                #expect(
                    messages.contains { $0.hasPrefix("STATUS=guarding table inet port0; 1 repairs") }, "\(messages)")

                #expect(guardProcess.stop() == 0)
                messages += notify.received()
                #expect(messages.contains { $0.hasPrefix("STOPPING=1") }, "\(messages)")
                #expect(Self.metric(try Ops.read(metrics), "port0_guard_up") == "0")
                // Only the metrics file itself: the temporary files were renamed over it.
                #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["notify", "port0.prom"])
            }
        }
    }

    @Test("without NOTIFY_SOCKET (not started by systemd) the guard runs and stops as usual")
    func withoutNotifySocket() throws {
        try Support.withNetns { netns in
            var environment = ProcessInfo.processInfo.environment
            environment.removeValue(forKey: "NOTIFY_SOCKET")
            environment.removeValue(forKey: "WATCHDOG_USEC")
            let guardProcess = try GuardProcess.started(["--netns", netns], environment: environment)
            #expect(guardProcess.stop() == 0)
        }
    }
}

import Foundation
import Port0Core
import Port0Packets
import Port0TestSupport
import Testing

@testable import Port0Selftest

#if canImport(Glibc)
    import Glibc
#endif

/// `--track-sources`, `--log-group` and the passed-fragment counters, proved with crafted
/// packets on the wire: the client sends from known (spoofed) sources through the router,
/// whose edge chains on its client link (netdev ingress, before any reverse-path check)
/// are port0's, and `port0 status` run against the router reports what happened.
@Suite("Telemetry on the wire: sources, NFLOG samples, passed fragments", .needsRoot)
struct TelemetryWireTests {
    static let edge = ["--profile", "edge", "--device", Topology.routerClientLink]

    static func port0(_ topology: Topology, _ arguments: [String]) throws -> Support.Result {
        let result = try Support.port0([arguments[0], "--netns", topology.router] + Array(arguments.dropFirst()))
        #expect([0, 3, 4].contains(result.status), "port0 \(arguments.joined(separator: " ")): \(result.stderr)")
        return result
    }

    static func status(_ topology: Topology, _ arguments: [String]) throws -> [String: Any] {
        let result = try port0(topology, ["status", "--format", "json"] + arguments)
        return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    static func counter(_ status: [String: Any], _ name: String) -> Int? {
        (status["counters"] as? [[String: Any]])?.first { $0["name"] as? String == name }?["packets"] as? Int
    }

    static func v4(_ last: UInt8) -> IPAddress { .v4(IPv4Address(198, 18, 0, last)) }
    static func v6(_ last: UInt16) -> IPAddress { .v6(IPv6Address(0x2001, 0xdb8, 0x77, 0, 0, 0, 0, last)) }

    /// One UDP datagram (as a whole IP packet) from `source` to the server.
    static func udp(from source: IPAddress, sport: UInt16, dport: UInt16, payload: [UInt8] = Array("port0".utf8))
        -> [UInt8]
    {
        let segment = WirePacket.ports(
            WirePacket.udp, sport: sport, dport: dport, payload: payload.count, data: payload)
        return source.version == .ipv4
            ? WirePacket.ipv4(WirePacket.udp, segment, source: source.bytes, destination: Topology.serverV4.bytes).bytes
            : WirePacket.ipv6(WirePacket.udp, segment, source: source.bytes, destination: Topology.serverV6.bytes).bytes
    }

    static func send(_ packets: [[UInt8]], from topology: Topology) throws {
        let sender = try RawSender(in: topology.client)
        for packet in packets {
            let destination: IPAddress = packet[0] >> 4 == 4 ? .v4(Topology.serverV4) : .v6(Topology.serverV6)
            #expect(try sender.send(packet, to: destination) == .sent)
        }
        usleep(300_000)  // the veths deliver asynchronously (backlog): let them drain
    }

    @Test("status --top lists exactly the sources that sent port 0, with their counts; benign senders never appear")
    func topSources() throws {
        try withTopology { topology in
            let arguments = Self.edge + ["--track-sources"]
            #expect(try Self.port0(topology, ["apply"] + arguments).status == 0)
            let dropped: [(IPAddress, Int, String)] = [
                (Self.v4(1), 3, "198.18.0.1"), (Self.v4(2), 5, "198.18.0.2"), (Self.v6(1), 4, "2001:db8:77::1"),
                (Self.v6(2), 2, "2001:db8:77::2"),
            ]
            var packets: [[UInt8]] = []
            var lengths: [String: Int] = [:]
            for (source, count, text) in dropped {
                for index in 0..<count {
                    // dport 0 and sport 0 alternate: both drop chains feed the same sets.
                    let packet = Self.udp(
                        from: source, sport: index % 2 == 0 ? 41000 : 0, dport: index % 2 == 0 ? 0 : 53)
                    lengths[text, default: 0] += packet.count
                    packets.append(packet)
                }
            }
            // Benign traffic from other sources, interleaved.
            for last in [9, 10] as [UInt8] {
                packets.insert(Self.udp(from: Self.v4(last), sport: 41000, dport: 7000), at: 2)
            }
            packets.insert(Self.udp(from: Self.v6(9), sport: 41000, dport: 7000), at: 5)
            try Self.send(packets, from: topology)

            let status = try Self.status(topology, arguments + ["--top", "10"])
            #expect(status["state"] as? String == "matching", "sources are state, not drift")
            #expect(status["tracked_sources"] as? Int == 4)
            let top = try #require(status["top_sources"] as? [[String: Any]])
            #expect(
                top.map { $0["address"] as? String } == [
                    "198.18.0.2", "2001:db8:77::1", "198.18.0.1", "2001:db8:77::2",
                ])
            for (_, count, text) in dropped {
                let row = try #require(top.first { $0["address"] as? String == text })
                #expect(row["packets"] as? Int == count, "\(text)")
                #expect(row["bytes"] as? Int == lengths[text], "\(text)")
                #expect((row["last_seen_ms_ago"] as? Int).map { $0 < 60_000 } == true)
            }
            // --top 2 lists two, the text form too.
            let two = try Self.port0(topology, ["status"] + arguments + ["--top", "2"]).stdout
            #expect(two.contains("sources: 4 tracked, top 2 by packets\n  198.18.0.2: 5 packets, "))
            #expect(!two.contains("198.18.0.1:"))
            #expect(!two.contains("198.18.0.9") && !two.contains("2001:db8:77::9"))
            // Prometheus: only the top K.
            let metrics = try Self.port0(
                topology, ["status", "--format", "prometheus", "--prometheus-top", "1"] + arguments)
            #expect(metrics.stdout.contains("port0_top_source_dropped_packets{address=\"198.18.0.2\"} 5\n"))
            #expect(!metrics.stdout.contains("address=\"2001:db8:77::1\""))
            #expect(metrics.stdout.contains("port0_tracked_sources 4\n"))
            // Without --track-sources, status still lists the live sources (and reports drift).
            let bare = try Self.port0(topology, ["status"] + Self.edge + ["--top", "1"])
            #expect(bare.status == 4)
            #expect(bare.stdout.contains("missing set sources_v4") == false)
            #expect(bare.stdout.contains("unexpected set sources_v4"))
            #expect(bare.stdout.contains("\n  198.18.0.2: 5 packets, "))
            // Re-applying the same configuration is a no-op that keeps what was tracked.
            #expect(try Self.port0(topology, ["apply"] + arguments).stdout.hasPrefix("unchanged"))
            #expect(try Self.status(topology, arguments)["tracked_sources"] as? Int == 4)
        }
    }

    @Test(
        "inside QinQ, PPPoE and MPLS frames the inner source of a dropped port-0 packet is tracked, with exact counts")
    func innerSources() throws {
        func v4(_ last: UInt8) -> [UInt8] { [198, 18, 1, last] }
        func v6(_ last: UInt8) -> [UInt8] {
            [0x20, 0x01, 0x0d, 0xb8, 0, 0x78] + Array(repeating: 0, count: 9) + [last]
        }
        let udp0 = WirePacket.ports(WirePacket.udp, sport: 41000, dport: 0)
        let benign = WirePacket.ports(WirePacket.udp, sport: 41000, dport: 7000)
        // (frame, inner source text, counted): benign frames from .9 must never be listed.
        var frames: [(WirePacket, String?)] = []
        for _ in 0..<3 {
            frames.append(
                (
                    WirePacket.ipv4(WirePacket.udp, udp0, source: v4(1)).inVLAN([WirePacket.qinq, WirePacket.vlan]),
                    "198.18.1.1"
                ))
        }
        for _ in 0..<2 {
            frames.append((WirePacket.ipv4(WirePacket.udp, udp0, source: v4(2)).inMPLS(labels: 2), "198.18.1.2"))
            frames.append((WirePacket.ipv6(WirePacket.udp, udp0, source: v6(1)).inPPPoE(), "2001:db8:78::1"))
        }
        frames.append((WirePacket.ipv6(WirePacket.udp, udp0, source: v6(1)).inMPLS(labels: 1), "2001:db8:78::1"))
        frames.append((WirePacket.ipv4(WirePacket.udp, benign, source: v4(9)).inMPLS(labels: 1), nil))
        frames.append(
            (WirePacket.ipv6(WirePacket.udp, benign, source: v6(9)).inVLAN([WirePacket.qinq, WirePacket.vlan]), nil))
        let options = ["--profile", "edge", "--device", "p0b", "--track-sources"]
        let setup = """
            set -e
            bin=$1
            shift
            ip link add p0a type veth peer name p0b
            ip link set p0a up
            ip link set p0b up
            "$bin" apply "$@" >/dev/null  # this script runs under unshare -n (private netns)
            mac=$(ip -br link show p0b | awk '{ print $3 }' | tr -d :)
            while read -r frame; do echo "$mac""020000000001$frame"; done | python3 -c '
            import socket, sys, time
            s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
            s.bind(("p0a", 0))
            for line in sys.stdin:
                s.send(bytes.fromhex(line.strip()))
            time.sleep(0.3)
            '
            "$bin" status "$@" --top 10 --format json
            """
        let hex = frames.map { $0.0.frameAfterAddresses.map { String(format: "%02x", $0) }.joined() }
        let result = try Support.run(
            ["unshare", "-n", "sh", "-c", setup, "sh", Support.port0] + options,
            stdin: hex.joined(separator: "\n") + "\n")
        #expect([0, 3].contains(result.status), "\(result.stderr)")
        let status = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let top = try #require(status["top_sources"] as? [[String: Any]])
        var expected: [String: Int] = [:]
        for case (_, let source?) in frames { expected[source, default: 0] += 1 }
        #expect(status["tracked_sources"] as? Int == expected.count)
        #expect(Set(top.compactMap { $0["address"] as? String }) == Set(expected.keys))
        for (source, count) in expected {
            let row = try #require(top.first { $0["address"] as? String == source })
            #expect(row["packets"] as? Int == count, "\(source)")
        }
    }

    @Test(
        "a later fragment with zeros at the port offsets is counted as passed and delivered",
        arguments: IPVersion.allCases)
    func passedFragments(_ version: IPVersion) throws {
        try withTopology { topology in
            let arguments = Self.edge + ["--track-sources"]
            #expect(try Self.port0(topology, ["apply"] + arguments).status == 0)
            let family = version == .ipv4 ? AF_INET : AF_INET6
            let destination: IPAddress = version == .ipv4 ? .v4(Topology.serverV4) : .v6(Topology.serverV6)
            let udp = try Socket.open(
                in: topology.server, family: family, type: Int32(SOCK_DGRAM.rawValue), protocol: 0)
            #expect(destination.withSockaddr(port: 53) { bind(udp.fd, $0, $1) } == 0)
            let fragmentCase = try #require(
                PacketCases.fragmentPairs.first {
                    $0.name == "\(version == .ipv4 ? "IPv4" : "IPv6") UDP fragments, 2nd has zeros at port offsets"
                })
            let packets = fragmentCase.packets(Scenario.inbound.endpoints, marker: Marker.bytes(nonce: 3, id: 1)).map(
                \.bytes)
            #expect(packets.count == 2)
            try Self.send(packets, from: topology)

            var buffer = [UInt8](repeating: 0, count: 2048)
            var delivered = false
            while !delivered, udp.wait(for: Int32(POLLIN), milliseconds: 1000) {
                let count = buffer.withUnsafeMutableBytes { recv(udp.fd, $0.baseAddress, $0.count, 0) }
                delivered = count > 0 && Marker.find(in: buffer[..<count], nonce: 3) == 1
            }
            #expect(delivered)
            let status = try Self.status(topology, arguments)
            #expect(Self.counter(status, "inbound_fragments") == 1)
            #expect(Self.counter(status, "inbound_dport") == 0)
            #expect(Self.counter(status, "inbound_sport") == 0)
            #expect(status["tracked_sources"] as? Int == 0)
            let metrics = try Self.port0(topology, ["status", "--format", "prometheus"] + arguments).stdout
            #expect(metrics.contains("port0_passed_fragments_total{direction=\"inbound\"} 1\n"))
        }
    }

    @Test("exempt matches are counted and let go, once per packet even with both ports 0")
    func exemptCounter() throws {
        try withTopology { topology in
            let arguments = Self.edge + ["--track-sources", "--exempt", "198.18.0.0/24"]
            #expect(try Self.port0(topology, ["apply"] + arguments).status == 0)
            try Self.send(
                [
                    Self.udp(from: Self.v4(5), sport: 0, dport: 0), Self.udp(from: Self.v4(6), sport: 41000, dport: 0),
                    Self.udp(from: Self.v6(5), sport: 0, dport: 0),
                ], from: topology)
            let status = try Self.status(topology, arguments)
            #expect(Self.counter(status, "inbound_exempt") == 2)
            #expect(Self.counter(status, "inbound_dport") == 1)
            #expect(Self.counter(status, "inbound_sport") == 0)
            #expect(status["tracked_sources"] as? Int == 1)
        }
    }

    /// NFLOG TLVs of one pcap record (LINKTYPE_NFLOG): the NFULA_PAYLOAD length and the prefix.
    static func nflogRecords(_ pcap: [UInt8]) -> [(payload: Int, prefix: String)] {
        func u32(_ at: Int) -> Int {
            Int(pcap[at]) | Int(pcap[at + 1]) << 8 | Int(pcap[at + 2]) << 16 | Int(pcap[at + 3]) << 24
        }
        var out: [(Int, String)] = []
        var offset = 24  // pcap file header
        while offset + 16 <= pcap.count {
            let length = u32(offset + 8)
            let start = offset + 16
            guard start + length <= pcap.count else { break }
            var tlv = start + 4  // nflog header: family, version, resource id
            var payload = -1
            var prefix = ""
            while tlv + 4 <= start + length {
                let size = Int(pcap[tlv]) | Int(pcap[tlv + 1]) << 8
                let type = Int(pcap[tlv + 2]) | Int(pcap[tlv + 3]) << 8
                guard size >= 4 else { break }
                if type == 9 { payload = size - 4 }
                if type == 10 {
                    prefix = String(
                        decoding: pcap[(tlv + 4)..<min(tlv + size, start + length)].prefix { $0 != 0 }, as: UTF8.self)
                }
                tlv += (size + 3) & ~3
            }
            out.append((payload, prefix))
            offset = start + length
        }
        return out
    }

    @Test(
        "--log-group: a listener on the NFLOG group gets the dropped packets cut to the snaplen; without one they still drop"
    )
    func nflogGroup() throws {
        try withTopology { topology in
            let arguments =
                Self.edge + [
                    "--log-group", "9", "--log-snaplen", "40", "--log-rate", "100/second", "--log-prefix", "p0 ",
                ]
            #expect(try Self.port0(topology, ["apply"] + arguments).status == 0)
            let payload = Array(repeating: UInt8(0x61), count: 200)
            // No listener: the packets are still dropped (and counted).
            try Self.send(
                (0..<3).map { _ in Self.udp(from: Self.v4(1), sport: 41000, dport: 0, payload: payload) },
                from: topology)
            #expect(Self.counter(try Self.status(topology, arguments), "inbound_dport") == 3)

            let file = FileManager.default.temporaryDirectory.appendingPathComponent("port0-nflog-\(getpid()).pcap")
            defer { try? FileManager.default.removeItem(at: file) }
            let tcpdump = Process()
            tcpdump.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            tcpdump.arguments = [
                "ip", "netns", "exec", topology.router, "tcpdump", "-i", "nflog:9", "-U", "-c", "4", "-w", file.path,
            ]
            let errors = Pipe()
            tcpdump.standardError = errors
            try tcpdump.run()
            // tcpdump says "listening on nflog:9" once it is bound to the group.
            var said = Data()
            while !String(decoding: said, as: UTF8.self).contains("listening on") {
                let chunk = errors.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                said += chunk
            }
            let packets =
                (0..<2).map { _ in Self.udp(from: Self.v4(2), sport: 41000, dport: 0, payload: payload) }
                + (0..<2).map { _ in Self.udp(from: Self.v6(2), sport: 0, dport: 7000, payload: payload) }
            try Self.send(packets, from: topology)
            let deadline = Date().addingTimeInterval(5)
            while tcpdump.isRunning && Date() < deadline { usleep(50_000) }
            if tcpdump.isRunning { tcpdump.terminate() }
            tcpdump.waitUntilExit()
            let records = Self.nflogRecords(Array(try Data(contentsOf: file)))
            #expect(records.count == 4, "\(String(decoding: said, as: UTF8.self))")
            #expect(records.allSatisfy { $0.payload == 40 && $0.prefix == "p0 " }, "\(records)")
            #expect(packets.allSatisfy { $0.count > 40 })
            #expect(Self.counter(try Self.status(topology, arguments), "inbound_dport") == 5)
            #expect(Self.counter(try Self.status(topology, arguments), "inbound_sport") == 2)
        }
    }
}

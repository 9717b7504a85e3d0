import Foundation
import Port0Core
import Port0Packets
import Testing

@testable import Port0Selftest

#if canImport(Glibc)
    import Glibc
#endif

/// `--action reject` on the wire: a TCP connect to port 0 must be refused at once by port0's
/// reset, whether port0 runs on the router (forwarded), on the server (inbound) or on the
/// client itself (outbound). The reset mirrors the ports of what it answers, so it carries a
/// port 0 too: port0's own chains must let it go (without the fix the output chain dropped
/// it and the connect hung until the timeout).
@Suite("reject on the wire", .needsRoot)
struct RejectWireTests {
    enum Place: String, CaseIterable {
        case router, server, client
    }

    @Test("a TCP connect to port 0 gets port0's reset (refused at once), IPv4 and IPv6", arguments: Place.allCases)
    func connectIsRefused(_ place: Place) throws {
        try withTopology { topology in
            let ns = [Place.router: topology.router, .server: topology.server, .client: topology.client][place]!
            let applied = try Netns.port0(ns, ["apply", "--action", "reject"])
            try #require(applied.status == 0, "\(applied.stderr)")
            for address in [Topology.serverV4.description, Topology.serverV6.description] {
                // bash's /dev/tcp connects to port 0 (a SYN with dport 0); 124 is the timeout.
                let connect = try Support.inNetns(
                    topology.client, ["timeout", "5", "bash", "-c", "exec 3<>/dev/tcp/\(address)/0"])
                #expect(connect.status == 1, "connect to \(address) port 0 from the client: \(connect.status)")
                #expect(connect.stderr.contains("Connection refused"), "\(connect.stderr)")
            }
            let status = try Netns.port0(ns, ["status", "--action", "reject", "--format", "json"])
            #expect(status.status == 0, "\(status.stderr)")
            let counters = try Self.counters(status.stdout)
            // The resets are port0's answers, not drops: only the two SYNs are counted.
            let rejected = place == .client ? "outbound_dport" : "inbound_dport"
            #expect(counters == [rejected: 2], "\(status.stdout)")
        }
    }

    @Test("resets with a port 0 from the wire are still dropped in reject mode: only lo's are let go")
    func resetsFromTheWireAreDropped() throws {
        let counters = try withTopology { topology in
            let applied = try Netns.port0(topology.router, ["apply", "--action", "reject"])
            try #require(applied.status == 0, "\(applied.stderr)")
            let sender = try RawSender(in: topology.client)
            for (sport, dport) in [(UInt16(0), UInt16(80)), (40000, 0)] {
                var segment = WirePacket.ports(WirePacket.tcp, sport: sport, dport: dport, payload: 0)
                segment[13] = 0x04  // RST instead of SYN
                let packets: [(IPAddress, [UInt8])] = [
                    (
                        .v4(Topology.serverV4),
                        WirePacket.ipv4(
                            WirePacket.tcp, segment, source: Topology.clientV4.bytes,
                            destination: Topology.serverV4.bytes
                        ).bytes
                    ),
                    (
                        .v6(Topology.serverV6),
                        WirePacket.ipv6(
                            WirePacket.tcp, segment, source: Topology.clientV6.bytes,
                            destination: Topology.serverV6.bytes
                        ).bytes
                    ),
                ]
                for (destination, packet) in packets {
                    #expect(try sender.send(packet, to: destination) == .sent)
                }
            }
            usleep(300_000)  // the veths deliver asynchronously (backlog): let them drain
            let status = try Netns.port0(topology.router, ["status", "--action", "reject", "--format", "json"])
            return try Self.counters(status.stdout)
        }
        #expect(counters == ["inbound_sport": 2, "inbound_dport": 2])
    }

    /// Named counters that counted something, by name.
    static func counters(_ json: String) throws -> [String: Int] {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        var counts: [String: Int] = [:]
        for counter in try #require(object["counters"] as? [[String: Any]]) {
            if let name = counter["name"] as? String, let packets = counter["packets"] as? Int, packets > 0 {
                counts[name] = packets
            }
        }
        return counts
    }
}

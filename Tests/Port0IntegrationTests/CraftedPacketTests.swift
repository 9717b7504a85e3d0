import Port0Core
import Port0Packets
import Testing

@testable import Port0Selftest

#if canImport(Glibc)
    import Glibc
#endif

/// The crafted packets must be ones the stack really accepts — valid headers and checksums —
/// or "delivered" in the matrix would mean little. With no ruleset loaded, the server's stack
/// answers them: UDP reaches a bound socket (also when fragmented), a SYN gets a SYN-ACK and
/// the zero-checksum echo gets a reply.
@Suite("Crafted packets are valid on the wire")
struct CraftedPacketTests {
    @Test(
        "UDP (whole and fragmented) reaches a socket, SYN gets SYN-ACK, checksum-0 echo gets a reply",
        .needsRoot, arguments: IPVersion.allCases)
    func stackAcceptsCraftedPackets(_ version: IPVersion) throws {
        try withTopology { topology in
            let scenario = Scenario.inbound
            let destination = scenario.address(.server, version)
            let family = version == .ipv4 ? AF_INET : AF_INET6

            let udp = try Socket.open(
                in: topology.server, family: family, type: Int32(SOCK_DGRAM.rawValue), protocol: 0)
            #expect(destination.withSockaddr(port: 53) { bind(udp.fd, $0, $1) } == 0)
            let tcp = try Socket.open(
                in: topology.server, family: family, type: Int32(SOCK_STREAM.rawValue), protocol: 0)
            #expect(destination.withSockaddr(port: 443) { bind(tcp.fd, $0, $1) } == 0)
            #expect(listen(tcp.fd, 4) == 0)
            let replies = try [WirePacket.tcp, version == .ipv4 ? WirePacket.icmp : WirePacket.icmpv6].map {
                let socket = try Socket.open(
                    in: topology.client, family: family, type: Int32(SOCK_RAW.rawValue), protocol: Int32($0))
                socket.setNonBlocking()
                return socket
            }

            let label = version == .ipv4 ? "IPv4" : "IPv6"
            let chosen = [
                "\(label) UDP", "\(label) UDP fragments, 2nd has zeros at port offsets", "\(label) TCP",
                "\(label) \(version == .ipv4 ? "ICMP" : "ICMPv6") echo, checksum 0x0000",
            ]
            let sender = try RawSender(in: topology.client)
            for (index, name) in chosen.enumerated() {
                let packetCase = try #require(PacketCases.plain.first { $0.name == name })
                for packet in packetCase.packets(scenario.endpoints, marker: Marker.bytes(nonce: 1, id: UInt16(index)))
                {
                    #expect(try sender.send(packet, scenario) == .sent)
                }
            }

            // Both UDP datagrams arrive at the application, with their markers. The waits end as
            // soon as everything is in; their length is for a loaded machine (neighbour
            // discovery and softirqs compete with the parallel suites for 2 CPUs).
            var ids: Set<UInt16> = []
            var buffer = [UInt8](repeating: 0, count: 2048)
            while ids.count < 2, udp.wait(for: Int32(POLLIN), milliseconds: 5000) {
                let count = buffer.withUnsafeMutableBytes { recv(udp.fd, $0.baseAddress, $0.count, 0) }
                if count > 0, let id = Marker.find(in: buffer[..<count], nonce: 1) { ids.insert(id) }
            }
            #expect(ids == [0, 1])

            // The server's stack answered the SYN and the echo.
            var synAck = false
            var echoReply = false
            let deadline = Clock.milliseconds() + 5000
            while !(synAck && echoReply) && Clock.milliseconds() < deadline {
                for (index, socket) in replies.enumerated() {
                    _ = socket.wait(for: Int32(POLLIN), milliseconds: 20)
                    let count = buffer.withUnsafeMutableBytes { recv(socket.fd, $0.baseAddress, $0.count, 0) }
                    guard count > 0 else { continue }
                    // IPv4 raw sockets include the IP header, IPv6 raw sockets do not.
                    let start = version == .ipv4 ? Int(buffer[0] & 0x0f) * 4 : 0
                    let message = Array(buffer[start..<count])
                    if index == 0, message.count >= 14 {
                        let sport = UInt16(message[0]) << 8 | UInt16(message[1])
                        synAck = synAck || (sport == 443 && message[13] & 0x12 == 0x12)
                    } else if index == 1, message.count >= 8 {
                        echoReply = echoReply || (message[0] == (version == .ipv4 ? 0 : 129) && message[4] == 0x12)
                    }
                }
            }
            #expect(synAck)
            #expect(echoReply)
        }
    }

    @Test("the echo look-alike carries checksum 0x0000 and is still valid")
    func zeroChecksumEcho() {
        for (source, destination) in [
            (Topology.clientV4.bytes, Topology.serverV4.bytes), (Topology.clientV6.bytes, Topology.serverV6.bytes),
        ] {
            let message = WirePacket.echoWithZeroChecksum(
                source: source, destination: destination, data: Marker.bytes(nonce: 7, id: 9))
            #expect(message[2] == 0 && message[3] == 0)
            let pseudo =
                source.count == 16
                ? Checksum.pseudoHeader(
                    source: source, destination: destination, protocol: WirePacket.icmpv6, length: message.count)
                : []
            #expect(Checksum.sum(pseudo, message) == 0xffff)
        }
    }
}

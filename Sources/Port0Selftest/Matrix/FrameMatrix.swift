import Port0Core
import Port0Packets

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// The edge profile's matrix: every case of `PacketCases` (plain IP, inside VLAN, PPPoE and
/// MPLS, and frames nothing can read through) as raw Ethernet frames through the router's
/// client link, which carries the edge table. Each frame's source MAC address carries the run's
/// nonce and the case id; the frames are judged where they arrive after port0's hook.
public enum FrameMatrix {
    public static let cases = PacketCases.all

    /// Ingress: frames from the client's eth0 into c0, seen by sockets on c0 bound to each
    /// ethertype (handed over after the ingress hook). Egress: frames sent out of c0, seen by a
    /// tap on the client's eth0. `inspectingEncapsulation`: the table has the encap chains.
    public static func run(
        _ scenario: Scenario, in topology: Topology, inspectingEncapsulation: Bool, timeout: Int = 2000
    ) throws(Port0Error) -> [CaseResult] {
        let ingress = scenario.pathHooks.contains(.ingress)
        let (senderRole, senderDevice, receiverRole, receiverDevice, destinationMAC) =
            ingress
            ? (Topology.Role.client, "eth0", Topology.Role.router, Topology.routerClientLink, Topology.macRouterC)
            : (Topology.Role.router, Topology.routerClientLink, Topology.Role.client, "eth0", Topology.macClient)
        let receivers = try (ingress ? afterIngress : [LinkSocket.allProtocols]).map { (number) throws(Port0Error) in
            try LinkSocket.open(in: topology.namespace(receiverRole), device: receiverDevice, protocol: number)
        }
        let sender = try LinkSocket.open(in: topology.namespace(senderRole), device: senderDevice, protocol: 0)
        let nonce = UInt16.random(in: 1...UInt16.max)
        let endpoints = scenario.endpoints
        let destination = destinationMAC.split(separator: ":").map { UInt8($0, radix: 16)! }
        func frame(_ packet: WirePacket, id: UInt16) -> [UInt8] {
            destination + [0x06, 0x70] + nonce.bigEndianBytes + id.bigEndianBytes + packet.frameAfterAddresses
        }

        var sent = [Int](repeating: 0, count: cases.count)
        for (index, packetCase) in cases.enumerated() {
            for packet in packetCase.packets(endpoints, marker: Marker.bytes(nonce: nonce, id: UInt16(index))) {
                try LinkSocket.transmit(frame(packet, id: UInt16(index)), on: sender)
                sent[index] += 1
            }
        }
        let sentinel = UInt16.max
        let benign = WirePacket.ipv4(
            WirePacket.udp, PacketMatrix.benign(nonce, sentinel), source: endpoints.sourceV4,
            destination: endpoints.destinationV4)
        try LinkSocket.transmit(frame(benign, id: sentinel), on: sender)
        let seen = collect(receivers, nonce: nonce, sentinel: sentinel, timeout: timeout)
        let note = seen[sentinel] == nil ? "benign sentinel never arrived: path broken?" : ""

        return cases.enumerated().map { index, packetCase in
            let dropped = packetCase.isDropped(atIngress: ingress, inspectingEncapsulation: inspectingEncapsulation)
            return CaseResult(
                scenario: scenario.name, name: packetCase.name, expected: dropped ? .dropped : .delivered,
                observed: seen[UInt16(index), default: 0] >= sent[index] ? .delivered : .dropped, note: note)
        } + (try PacketMatrix.benignSockets(scenario, in: topology))
    }

    /// What follows the outer ethertype once the kernel has taken one VLAN tag off: IPv4,
    /// IPv6, ARP, 802.1Q, 802.1ad, PPPoE session, MPLS.
    static let afterIngress: [UInt16] = [0x0800, 0x86dd, 0x0806, 0x8100, 0x88a8, 0x8864, 0x8847]

    /// Frames per case id of this run, read until the sentinel arrived (then 100 ms more for
    /// stragglers) or `timeout` ms.
    static func collect(_ sockets: [Socket], nonce: UInt16, sentinel: UInt16, timeout: Int) -> [UInt16: Int] {
        var seen: [UInt16: Int] = [:]
        var deadline = Clock.milliseconds() + timeout
        var buffer = [UInt8](repeating: 0, count: 65536)
        let mine: [UInt8] = [0x06, 0x70] + nonce.bigEndianBytes
        while Clock.milliseconds() < deadline {
            var fds = sockets.map { pollfd(fd: $0.fd, events: Int16(POLLIN), revents: 0) }
            _ = poll(&fds, nfds_t(fds.count), 20)
            for entry in fds where entry.revents != 0 {
                while true {
                    let count = buffer.withUnsafeMutableBytes { recv(entry.fd, $0.baseAddress, $0.count, 0) }
                    if count < 12 { break }
                    guard buffer[6..<10].elementsEqual(mine) else { continue }
                    let id = UInt16(buffer[10]) << 8 | UInt16(buffer[11])
                    if id == sentinel && seen[id] == nil { deadline = min(deadline, Clock.milliseconds() + 100) }
                    seen[id, default: 0] += 1
                }
            }
        }
        return seen
    }
}

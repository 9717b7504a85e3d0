import Glibc
import Port0Core
import Port0Packets

/// Cases as raw Ethernet frames (AF_PACKET), judged where they arrive after port0's hook.
/// At the edge: every case of `PacketCases` (plain IP, inside VLAN, PPPoE and MPLS, and frames
/// nothing can read through) through the router's client link, which carries the edge table;
/// each frame's source MAC address carries the run's nonce and the case id. Forwarded: the plain
/// cases no socket can see (lone fragments, truncated packets) routed by the router to a tap on
/// the server, recognised by their bytes.
public enum FrameMatrix {
    public static func cases(_ scenario: Scenario) -> [PacketCase] {
        scenario == .forwarded ? PacketCases.plain.filter { !$0.reachesSockets } : PacketCases.all
    }

    /// Edge ingress: frames from the client's eth0 into c0, seen by sockets on c0 bound to each
    /// ethertype (the kernel hands frames to those after the ingress hook). Edge egress: frames
    /// sent out of c0, seen by a tap on the client's eth0. Forwarded: frames from the client's
    /// eth0 to the router, seen by a tap on the server's eth0. `inspectingEncapsulation`: the
    /// table has the encap chains.
    public static func run(
        _ scenario: Scenario, in topology: Topology, inspectingEncapsulation: Bool = true, timeout: Int = 2000
    ) throws(Port0Error) -> [CaseResult] {
        let cases = cases(scenario)
        let ingress = scenario.pathHooks.contains(.ingress)
        let routed = scenario == .forwarded
        let (senderRole, senderDevice, destinationMAC) =
            scenario.sender == .client
            ? (Topology.Role.client, "eth0", Topology.macRouterC)
            : (Topology.Role.router, Topology.routerClientLink, Topology.macClient)
        let (receiverRole, receiverDevice) =
            routed
            ? (Topology.Role.server, "eth0")
            : ingress ? (Topology.Role.router, Topology.routerClientLink) : (Topology.Role.client, "eth0")
        let receivers = try (ingress ? afterIngress : [LinkSocket.allProtocols]).map { (number) throws(Port0Error) in
            try LinkSocket.open(in: topology.namespace(receiverRole), device: receiverDevice, protocol: number)
        }
        let sender = try LinkSocket.open(in: topology.namespace(senderRole), device: senderDevice, protocol: 0)
        let nonce = UInt16.random(in: 1...UInt16.max)
        let endpoints = scenario.endpoints
        let destination = destinationMAC.split(separator: ":").map { UInt8($0, radix: 16)! }
        let source: [UInt8] = [0x06, 0x70] + nonce.bigEndianBytes
        // Routed frames get new MAC addresses, TTLs and IPv4 header checksums: known by the rest.
        var routedIDs: [[UInt8]: UInt16] = [:]
        func frame(_ packet: WirePacket, id: UInt16) -> [UInt8] {
            if routed { routedIDs[unrouted(packet.bytes[...])] = id }
            return destination + source + id.bigEndianBytes + packet.frameAfterAddresses
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
        let seen = collect(receivers, sentinel: sentinel, timeout: timeout) { frame in
            if routed { return frame.count > 14 ? routedIDs[unrouted(frame[14...])] : nil }
            guard frame.count >= 12, frame[6..<10].elementsEqual(source) else { return nil }
            return UInt16(frame[10]) << 8 | UInt16(frame[11])
        }
        let note = seen[sentinel] == nil ? "benign sentinel never arrived: path broken?" : ""

        return cases.enumerated().map { index, packetCase in
            let dropped = packetCase.isDropped(atIngress: ingress, inspectingEncapsulation: inspectingEncapsulation)
            return CaseResult(
                scenario: scenario.name, name: packetCase.name, expected: dropped ? .dropped : .delivered,
                observed: seen[UInt16(index), default: 0] >= sent[index] ? .delivered : .dropped, note: note)
        }
    }

    /// An IP packet without what a router changes: TTL / hop limit and the IPv4 header checksum.
    static func unrouted(_ packet: ArraySlice<UInt8>) -> [UInt8] {
        var bytes = Array(packet)
        if bytes.count >= 20 && bytes[0] >> 4 == 4 {
            bytes[8] = 0
            bytes[10] = 0
            bytes[11] = 0
        } else if bytes.count >= 8 && bytes[0] >> 4 == 6 {
            bytes[7] = 0
        }
        return bytes
    }

    /// What follows the outer ethertype once the kernel has taken one VLAN tag off: IPv4,
    /// IPv6, ARP, 802.1Q, 802.1ad, PPPoE session, MPLS.
    static let afterIngress: [UInt16] = [0x0800, 0x86dd, 0x0806, 0x8100, 0x88a8, 0x8864, 0x8847]

    /// Frames per case id (what `identify` makes of a frame), read until the sentinel arrived
    /// (then 100 ms more for stragglers) or `timeout` ms.
    static func collect(
        _ sockets: [Socket], sentinel: UInt16, timeout: Int, identify: (ArraySlice<UInt8>) -> UInt16?
    ) -> [UInt16: Int] {
        var seen: [UInt16: Int] = [:]
        var deadline = Clock.milliseconds() + timeout
        while Clock.milliseconds() < deadline {
            receiveWaiting(on: sockets, milliseconds: 20) { frame in
                guard let id = identify(frame) else { return }
                if id == sentinel && seen[id] == nil { deadline = min(deadline, Clock.milliseconds() + 100) }
                seen[id, default: 0] += 1
            }
        }
        return seen
    }
}

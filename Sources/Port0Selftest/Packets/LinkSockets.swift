import Glibc
import Port0Core
import Port0System

/// `struct sockaddr_ll` (<netpacket/packet.h>, which the Glibc module does not import).
private struct LinkAddress {
    var family = UInt16(AF_PACKET)
    /// Network byte order.
    var protocolNumber: UInt16
    var interfaceIndex: Int32
    var hardwareType: UInt16 = 0
    var packetType: UInt8 = 0
    var addressLength: UInt8 = 0
    var address: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0, 0, 0)
}

/// AF_PACKET sockets on one device of a namespace: whole Ethernet frames out, and copies of the
/// frames the device received.
enum LinkSocket {
    static let allProtocols: UInt16 = 0x0003  // ETH_P_ALL

    /// A socket bound to `device` in `namespace`. Protocol 0 receives nothing; ETH_P_ALL is a
    /// tap that sees every frame before the device's ingress hook; any other ethertype sees the
    /// frames of that type that the ingress hook let through (the kernel hands them to
    /// protocol-specific sockets after it).
    static func open(in namespace: String, device: String, protocol number: UInt16) throws(Port0Error) -> Socket {
        let socket = try Socket.open(
            in: namespace, family: AF_PACKET, type: Int32(SOCK_RAW.rawValue), protocol: Int32(number.bigEndian))
        let index = try Namespace.run(in: namespace) { () throws(Port0Error) -> UInt32 in
            let index = if_nametoindex(device)
            guard index != 0 else { throw Namespace.failure("no device \(device) in \(namespace)") }
            return index
        }
        var address = LinkAddress(protocolNumber: number.bigEndian, interfaceIndex: Int32(index))
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socket.fd, $0, socklen_t(MemoryLayout<LinkAddress>.size))
            }
        }
        guard bound == 0 else { throw Namespace.failure("bind AF_PACKET to \(device) in \(namespace)") }
        socket.setNonBlocking()
        socket.setOption(SOL_SOCKET, SO_RCVBUFFORCE, 4 << 20)
        return socket
    }

    /// Sends one frame; a drop by the device's egress hook (ENOBUFS) counts as sent.
    static func transmit(_ frame: [UInt8], on socket: Socket) throws(Port0Error) {
        let sent: Int
        do {
            sent = try Errno.retryingInterrupts {
                frame.withUnsafeBytes { send(socket.fd, $0.baseAddress, $0.count, 0) }
            }
        } catch {
            if error.rawValue == ENOBUFS { return }
            throw .system(context: "send a \(frame.count)-byte frame", reason: error.message)
        }
        guard sent == frame.count else {
            throw .system(context: "send a \(frame.count)-byte frame", reason: "sent \(sent) bytes")
        }
    }
}

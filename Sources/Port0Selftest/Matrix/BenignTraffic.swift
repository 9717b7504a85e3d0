import Glibc
import Port0Core
import Port0System

/// Ordinary traffic through real sockets: a TCP connection that carries data, and a UDP
/// datagram to a listening socket. Both must keep working with port0 loaded.
enum BenignTraffic {
    static let tcpPort: UInt16 = 7001
    static let udpPort: UInt16 = 7002
    static let timeout: Int32 = 1000
    static let message = Array("port0 selftest benign".utf8)

    /// nil when delivered, else what went wrong.
    static func tcp(from sender: String, to receiver: String, destination: IPAddress) throws(Port0Error) -> String? {
        let stream = Int32(SOCK_STREAM.rawValue)
        let listener = try Socket.open(in: receiver, family: destination.family, type: stream, protocol: 0)
        listener.setOption(SOL_SOCKET, SO_REUSEADDR, 1)
        guard destination.withSockaddr(port: tcpPort, { bind(listener.fd, $0, $1) }) == 0, listen(listener.fd, 4) == 0
        else { throw Namespace.failure("listen on [\(destination)]:\(tcpPort)") }
        let client = try Socket.open(in: sender, family: destination.family, type: stream, protocol: 0)
        client.setNonBlocking()
        let started = destination.withSockaddr(port: tcpPort) { connect(client.fd, $0, $1) }
        if started != 0 && errno != EINPROGRESS { return "connect: \(Errno.current.message)" }
        guard client.wait(for: Int32(POLLOUT), milliseconds: timeout) else { return "connect timed out" }
        var error: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(client.fd, SOL_SOCKET, SO_ERROR, &error, &length)
        if error != 0 { return "connect: \(Errno(error).message)" }
        guard listener.wait(for: Int32(POLLIN), milliseconds: timeout) else { return "accept timed out" }
        let acceptedFD = accept(listener.fd, nil, nil)
        guard acceptedFD >= 0 else { return "accept: \(Errno.current.message)" }
        let accepted = Socket(fd: acceptedFD)
        _ = message.withUnsafeBytes { send(client.fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        return receive(on: accepted)
    }

    static func udp(from sender: String, to receiver: String, destination: IPAddress) throws(Port0Error) -> String? {
        let datagram = Int32(SOCK_DGRAM.rawValue)
        let server = try Socket.open(in: receiver, family: destination.family, type: datagram, protocol: 0)
        server.setOption(SOL_SOCKET, SO_REUSEADDR, 1)
        guard destination.withSockaddr(port: udpPort, { bind(server.fd, $0, $1) }) == 0 else {
            throw Namespace.failure("bind [\(destination)]:\(udpPort)")
        }
        let client = try Socket.open(in: sender, family: destination.family, type: datagram, protocol: 0)
        let sent = destination.withSockaddr(port: udpPort) { address, length in
            message.withUnsafeBytes { sendto(client.fd, $0.baseAddress, $0.count, 0, address, length) }
        }
        if sent < 0 { return "send: \(Errno.current.message)" }
        return receive(on: server)
    }

    private static func receive(on socket: Socket) -> String? {
        guard socket.wait(for: Int32(POLLIN), milliseconds: timeout) else { return "nothing received" }
        var buffer = [UInt8](repeating: 0, count: 256)
        let count = buffer.withUnsafeMutableBytes { recv(socket.fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
        guard count >= 0 else { return "recv: \(Errno.current.message)" }
        return Array(buffer[..<count]) == message ? nil : "received \(count) unexpected bytes"
    }
}

import Glibc
import Port0Core
import Port0Packets
import Port0System

/// A socket file descriptor, closed when the last reference goes.
public final class Socket: @unchecked Sendable {
    public let fd: Int32

    init(fd: Int32) { self.fd = fd }

    deinit { close(fd) }

    /// Creates a socket inside `namespace` (it stays there for its whole life).
    static func open(in namespace: String, family: Int32, type: Int32, protocol number: Int32)
        throws(Port0Error) -> Socket
    {
        try Namespace.run(in: namespace) { () throws(Port0Error) -> Socket in
            let fd = socket(family, type | Int32(SOCK_CLOEXEC.rawValue), number)
            guard fd >= 0 else {
                throw Namespace.failure("socket(\(family), \(type), \(number)) in \(namespace)")
            }
            return Socket(fd: fd)
        }
    }

    func setNonBlocking() {
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
    }

    func setOption(_ level: Int32, _ name: Int32, _ value: Int32) {
        var value = value
        _ = setsockopt(fd, level, name, &value, socklen_t(MemoryLayout<Int32>.size))
    }

    /// Waits until readable (or writable) for at most `milliseconds`; false on timeout.
    func wait(for events: Int32, milliseconds: Int32) -> Bool {
        var entry = pollfd(fd: fd, events: Int16(events), revents: 0)
        let deadline = Clock.milliseconds() + Int(milliseconds)
        while true {
            let left = deadline - Clock.milliseconds()
            if left < 0 { return false }
            let ready = poll(&entry, 1, Int32(left))
            if ready > 0 { return true }
            if ready == 0 { return false }
            if errno != EINTR { return false }
        }
    }
}

enum Clock {
    static func milliseconds() -> Int { Int(SystemClock.monotonic * 1000) }
}

/// Waits up to `milliseconds` for any of `sockets` to be readable, then hands every datagram
/// waiting on them to `each`.
func receiveWaiting(on sockets: [Socket], milliseconds: Int32, _ each: (ArraySlice<UInt8>) -> Void) {
    var fds = sockets.map { pollfd(fd: $0.fd, events: Int16(POLLIN), revents: 0) }
    guard poll(&fds, nfds_t(fds.count), milliseconds) > 0 else { return }
    var buffer = [UInt8](repeating: 0, count: 65536)
    for entry in fds where entry.revents != 0 {
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(entry.fd, $0.baseAddress, $0.count, 0) }
            if count <= 0 { break }
            each(buffer[..<count])
        }
    }
}

/// Sends complete IP datagrams (`WirePacket`s) from inside a namespace.
final class RawSender: Sendable {
    private let v4: Socket
    private let v6: Socket

    enum Outcome: Equatable {
        case sent
        /// The sending host's own ruleset dropped it in the output path (EPERM).
        case droppedLocally
    }

    init(in namespace: String) throws(Port0Error) {
        v4 = try Socket.open(
            in: namespace, family: AF_INET, type: Int32(SOCK_RAW.rawValue), protocol: Int32(IPPROTO_RAW))
        v6 = try Socket.open(
            in: namespace, family: AF_INET6, type: Int32(SOCK_RAW.rawValue), protocol: Int32(IPPROTO_RAW))
    }

    /// Sends `packet` towards the scenario's receiver.
    func send(_ packet: WirePacket, _ scenario: Scenario) throws(Port0Error) -> Outcome {
        let version: IPVersion = packet.version == .ipv4 ? .ipv4 : .ipv6
        return try send(packet.bytes, to: scenario.address(scenario.receiver, version))
    }

    func send(_ packet: [UInt8], to destination: IPAddress) throws(Port0Error) -> Outcome {
        let socket = destination.version == .ipv4 ? v4 : v6
        let sent: Int
        do {
            sent = try Errno.retryingInterrupts {
                destination.withSockaddr(port: 0) { address, length in
                    packet.withUnsafeBytes { sendto(socket.fd, $0.baseAddress, $0.count, 0, address, length) }
                }
            }
        } catch {
            if error == .permissionDenied { return .droppedLocally }
            throw .system(context: "sendto \(destination)", reason: error.message)
        }
        guard sent == packet.count else {
            throw .system(context: "sendto \(destination)", reason: "sent \(sent) of \(packet.count) bytes")
        }
        return .sent
    }
}

/// What the receiving stack delivered: raw sockets for TCP, UDP, ICMP/ICMPv6, ESP and SCTP get a copy
/// of every such packet that reaches local delivery (after the hooks and after reassembly).
/// A case counts as delivered when its marker shows up in one of them.
final class RawReceiver: Sendable {
    let sockets: [Socket]

    init(in namespace: String) throws(Port0Error) {
        var sockets: [Socket] = []
        for (family, protocols) in [
            (AF_INET, [WirePacket.tcp, WirePacket.udp, WirePacket.icmp, WirePacket.esp, WirePacket.sctp]),
            (AF_INET6, [WirePacket.tcp, WirePacket.udp, WirePacket.icmpv6, WirePacket.esp]),
        ] {
            for number in protocols {
                let socket = try Socket.open(
                    in: namespace, family: family, type: Int32(SOCK_RAW.rawValue), protocol: Int32(number))
                socket.setNonBlocking()
                // Room for a burst while nobody reads (SO_RCVBUFFORCE needs CAP_NET_ADMIN; we are root).
                socket.setOption(SOL_SOCKET, SO_RCVBUFFORCE, 4 << 20)
                sockets.append(socket)
            }
        }
        self.sockets = sockets
    }

    /// Reads until every id in `untilAll` was seen (then `grace` ms more for stragglers) or
    /// `timeout` ms passed. Returns how often each marker id of `nonce` was seen.
    func collect(nonce: UInt16, untilAll sentinels: Set<UInt16>, grace: Int, timeout: Int) -> [UInt16: Int] {
        var seen: [UInt16: Int] = [:]
        var deadline = Clock.milliseconds() + timeout
        var sentinelsSeen = false
        while true {
            let left = deadline - Clock.milliseconds()
            if left <= 0 { break }
            receiveWaiting(on: sockets, milliseconds: Int32(min(left, 50))) { datagram in
                if let id = Marker.find(in: datagram, nonce: nonce) { seen[id, default: 0] += 1 }
            }
            if !sentinelsSeen && sentinels.isSubset(of: seen.keys) {
                sentinelsSeen = true
                deadline = min(deadline, Clock.milliseconds() + grace)
            }
        }
        return seen
    }
}

/// Eight bytes carried in every crafted packet: "P0ST", a per-run nonce and the case id.
enum Marker {
    static let magic: [UInt8] = Array("P0ST".utf8)

    static func bytes(nonce: UInt16, id: UInt16) -> [UInt8] {
        magic + nonce.bigEndianBytes + id.bigEndianBytes
    }

    static func find(in data: ArraySlice<UInt8>, nonce: UInt16) -> UInt16? {
        let want = magic + nonce.bigEndianBytes
        guard data.count >= 8 else { return nil }
        var index = data.startIndex
        while index + 8 <= data.endIndex {
            if data[index] == want[0] && data[index..<(index + 6)].elementsEqual(want) {
                return UInt16(data[index + 6]) << 8 | UInt16(data[index + 7])
            }
            index += 1
        }
        return nil
    }
}

import Port0Core
import Port0Packets
import Port0System
import Synchronization

@testable import Port0Selftest

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

/// A continuous stream of port-0 packets (TCP and UDP, IPv4 and IPv6, dport 0 and sport 0)
/// interleaved with benign UDP datagrams, from one namespace to another, while a body runs.
/// The receiver counts what its stack delivered. Benign deliveries prove the path and the
/// receiver were alive the whole time, so "zero port-0 packets delivered" means something.
public struct PortZeroFlood: Sendable {
    public struct Outcome: Sendable {
        /// Crafted port-0 packets handed to the kernel.
        public var sent: Int
        /// Port-0 packets the receiving stack delivered.
        public var leaked: Int
        /// Benign datagrams sent and delivered.
        public var benignSent: Int
        public var benignDelivered: Int
    }

    public var scenario: Scenario
    /// Bounds, whatever the body does.
    public var maxPackets: Int
    public var maxMilliseconds: Int

    public init(_ scenario: Scenario, maxPackets: Int = 3_000_000, maxMilliseconds: Int = 55_000) {
        self.scenario = scenario
        self.maxPackets = maxPackets
        self.maxMilliseconds = maxMilliseconds
    }

    static let benignID: UInt16 = 0xbe9

    /// Starts sender and receiver threads, runs `body`, stops them and reports.
    public func run<E: Error>(in topology: Topology, during body: () throws(E) -> Void) throws -> Outcome {
        let sender = try RawSender(in: topology.namespace(scenario.sender))
        let receiver = try RawReceiver(in: topology.namespace(scenario.receiver))
        let nonce = UInt16.random(in: 1...UInt16.max)
        var packets: [(bytes: [UInt8], destination: IPAddress, benign: Bool)] = []
        var id: UInt16 = 1
        for packetCase in PacketCases.portZero where packetCase.reachesSockets {
            for packet in packetCase.packets(scenario.endpoints, marker: Marker.bytes(nonce: nonce, id: id)) {
                packets.append(
                    (packet.bytes, scenario.address(scenario.receiver, packet.version == .ipv4 ? .ipv4 : .ipv6), false))
            }
            id += 1
        }
        for version in IPVersion.allCases {
            let endpoints = scenario.endpoints
            let benign = PacketMatrix.benign(nonce, Self.benignID)
            let packet =
                version == .ipv4
                ? WirePacket.ipv4(
                    WirePacket.udp, benign, source: endpoints.sourceV4, destination: endpoints.destinationV4)
                : WirePacket.ipv6(
                    WirePacket.udp, benign, source: endpoints.sourceV6, destination: endpoints.destinationV6)
            packets.append((packet.bytes, scenario.address(scenario.receiver, version), true))
        }

        let running = Atomic<Bool>(true)
        let counts = Mutex((sent: 0, benign: 0, failure: String?.none))
        let seen = Mutex([UInt16: Int]())
        let deadline = Clock.milliseconds() + maxMilliseconds
        let maxPackets = self.maxPackets
        let frozenPackets = packets
        let senderThread = try DetachedThread {
            var sent = 0
            var benign = 0
            var failure: String?
            loop: while running.load(ordering: .relaxed) && sent < maxPackets && Clock.milliseconds() < deadline {
                for packet in frozenPackets {
                    do {
                        _ = try sender.send(packet.bytes, to: packet.destination)
                    } catch {
                        failure = "\(error)"
                        break loop
                    }
                    if packet.benign { benign += 1 } else { sent += 1 }
                }
                // ~ a burst every 50 µs: continuous, but leaves CPU for the applies.
                usleep(50)
            }
            counts.withLock { $0 = (sent, benign, failure) }
        }
        let receiverThread = try DetachedThread {
            let result = receiver.count(nonce: nonce) { running.load(ordering: .relaxed) }
            seen.withLock { $0 = result }
        }
        var bodyError: (any Error)?
        do { try body() } catch { bodyError = error }
        running.store(false, ordering: .relaxed)
        senderThread.join()
        receiverThread.join()
        if let bodyError { throw bodyError }
        let (sent, benign, failure) = counts.withLock { $0 }
        if let failure { throw Port0Error.system(context: "port-0 flood", reason: failure) }
        let delivered = seen.withLock { $0 }
        return Outcome(
            sent: sent, leaked: delivered.filter { $0.key != Self.benignID }.values.reduce(0, +),
            benignSent: benign, benignDelivered: delivered[Self.benignID] ?? 0)
    }
}

/// A plain pthread running a closure; `join` waits for it.
final class DetachedThread: @unchecked Sendable {
    private var thread = pthread_t()

    init(_ body: @escaping @Sendable () -> Void) throws(Port0Error) {
        let box = Unmanaged.passRetained(Box(body))
        let created = pthread_create(
            &thread, nil,
            { raw in
                Unmanaged<Box>.fromOpaque(raw!).takeRetainedValue().body()
                return nil
            }, box.toOpaque())
        guard created == 0 else {
            box.release()
            throw .system(context: "pthread_create", reason: Errno(created).description)
        }
    }

    func join() { pthread_join(thread, nil) }

    private final class Box {
        let body: @Sendable () -> Void
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }
}

extension RawReceiver {
    /// Drains and counts every marker of `nonce` while `running` returns true.
    func count(nonce: UInt16, while running: () -> Bool) -> [UInt16: Int] {
        var seen: [UInt16: Int] = [:]
        var lastRound = false
        while true {
            if !running() {
                if lastRound { break }
                lastRound = true
            }
            receiveWaiting(on: sockets, milliseconds: lastRound ? 200 : 20) { datagram in
                if let id = Marker.find(in: datagram, nonce: nonce) { seen[id, default: 0] += 1 }
            }
        }
        return seen
    }
}

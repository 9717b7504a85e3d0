import CNftnl
import Glibc
import Port0Core
import Port0System

/// Links with the ruleset's device names in `check`'s throwaway namespace. Linux before 6.16
/// refuses a netdev chain whose device does not exist (ENOENT), so without them the throwaway
/// commit fails for every edge ruleset; with them it validates exactly the real batch.
/// A veth pair per name (veth exists on every kernel port0 supports; `dummy` is often not
/// built), made over rtnetlink; the peers get names of their own, "p0peerN".
enum StandInLinks {
    /// Creates the missing ones among `names` in the calling thread's network namespace.
    static func create(_ names: [String]) throws(Port0Error) {
        let wanted = names.filter { if_nametoindex($0) == 0 }
        guard !wanted.isEmpty else { return }
        let socket = try RouteSocket()
        var taken = Set(names)
        var number = 0
        for (index, name) in wanted.enumerated() {
            var peer: String
            repeat {
                peer = "p0peer\(number)"
                number += 1
            } while taken.contains(peer) || if_nametoindex(peer) != 0
            taken.insert(peer)
            try socket.createVeth(name, peer: peer, seq: UInt32(index + 1))
        }
    }
}

/// One NETLINK_ROUTE socket, for RTM_NEWLINK requests acknowledged one at a time.
private final class RouteSocket {
    private let socket: OpaquePointer

    init() throws(Port0Error) {
        guard let socket = mnl_socket_open(NETLINK_ROUTE) else {
            throw .system(context: "rtnetlink socket", reason: Errno.current.description)
        }
        self.socket = socket
        guard mnl_socket_bind(socket, 0, pid_t(MNL_SOCKET_AUTOPID)) == 0 else {
            let error = Errno.current
            mnl_socket_close(socket)
            throw .system(context: "rtnetlink bind", reason: error.description)
        }
    }

    deinit { mnl_socket_close(socket) }

    /// `ip link add NAME type veth peer name PEER`.
    func createVeth(_ name: String, peer: String, seq: UInt32) throws(Port0Error) {
        let context = "stand-in link \(Quoted(name)) in the throwaway namespace"
        var request = [UInt8](repeating: 0, count: 1024)
        let length = request.withUnsafeMutableBytes { raw -> Int in
            let nlh = mnl_nlmsg_put_header(raw.baseAddress)!
            nlh.pointee.nlmsg_type = UInt16(RTM_NEWLINK)
            nlh.pointee.nlmsg_flags = UInt16(NLM_F_REQUEST | NLM_F_CREATE | NLM_F_EXCL | NLM_F_ACK)
            nlh.pointee.nlmsg_seq = seq
            // A zeroed ifinfomsg: AF_UNSPEC, no index (the kernel picks one).
            _ = mnl_nlmsg_put_extra_header(nlh, MemoryLayout<ifinfomsg>.size)
            mnl_attr_put_strz(nlh, UInt16(IFLA_IFNAME), name)
            let info = mnl_attr_nest_start(nlh, UInt16(IFLA_LINKINFO))
            mnl_attr_put_strz(nlh, UInt16(IFLA_INFO_KIND), "veth")
            let data = mnl_attr_nest_start(nlh, UInt16(IFLA_INFO_DATA))
            // VETH_INFO_PEER holds the peer's own ifinfomsg, then its attributes.
            let peerInfo = mnl_attr_nest_start(nlh, UInt16(VETH_INFO_PEER))
            _ = mnl_nlmsg_put_extra_header(nlh, MemoryLayout<ifinfomsg>.size)
            mnl_attr_put_strz(nlh, UInt16(IFLA_IFNAME), peer)
            mnl_attr_nest_end(nlh, peerInfo)
            mnl_attr_nest_end(nlh, data)
            mnl_attr_nest_end(nlh, info)
            return Int(nlh.pointee.nlmsg_len)
        }
        let sent = request.withUnsafeBytes { mnl_socket_sendto(socket, $0.baseAddress, length) }
        guard sent == length else {
            throw .system(context: context, reason: sent < 0 ? Errno.current.description : "short write")
        }
        var answer = [UInt8](repeating: 0, count: 8192)
        while true {
            let count = answer.withUnsafeMutableBytes { mnl_socket_recvfrom(socket, $0.baseAddress, $0.count) }
            if count < 0 {
                let error = Errno.current
                if error == .interrupted { continue }
                throw .system(context: context, reason: error.description)
            }
            let ack: Ack? = answer.withUnsafeMutableBytes { raw in
                let nlh = raw.baseAddress!.assumingMemoryBound(to: nlmsghdr.self)
                guard count >= MemoryLayout<nlmsghdr>.size, Int32(nlh.pointee.nlmsg_type) == NLMSG_ERROR else {
                    return nil
                }
                return Ack(nlh)
            }
            guard let ack, ack.seq == seq else { continue }
            if let error = ack.error {
                throw .system(context: context, reason: error.description + (ack.message.map { ": \($0)" } ?? ""))
            }
            return
        }
    }
}

import CNftnl
import Glibc
import Port0Core
import Port0System

/// Owns one NETLINK_NETFILTER socket (`struct mnl_socket`), opened in the calling thread's
/// network namespace, with NETLINK_CAP_ACK and NETLINK_EXT_ACK on.
final class NetlinkSocket {
    private let socket: OpaquePointer
    /// The port id the kernel bound the socket to: an owned table's NFTA_TABLE_OWNER.
    let portID: UInt32
    private let receiveBuffer: UnsafeMutableRawPointer
    /// Dump answers come in skbs of up to 32 KiB (MNL_SOCKET_DUMP_SIZE); 128 KiB is ample.
    private static let receiveSize = max(128 * 1024, port0_mnl_socket_buffer_size())

    init() throws(Port0Error) {
        guard let socket = mnl_socket_open(NETLINK_NETFILTER) else {
            let error = Errno.current
            if [.protocolNotSupported, .addressFamilyNotSupported, .noSuchEntry].contains(error) {
                throw KernelErrors.noNftables(error)
            }
            throw .system(context: "netlink socket", reason: error.description)
        }
        self.socket = socket
        guard mnl_socket_bind(socket, 0, pid_t(MNL_SOCKET_AUTOPID)) == 0 else {
            let error = Errno.current
            mnl_socket_close(socket)
            throw .system(context: "netlink bind", reason: error.description)
        }
        portID = mnl_socket_get_portid(socket)
        receiveBuffer = allocated(malloc(Self.receiveSize), "netlink receive buffer")
        var on: Int32 = 1
        // Acks carry only the header of the failed message, plus the kernel's error text.
        _ = mnl_socket_setsockopt(socket, NETLINK_CAP_ACK, &on, socklen_t(MemoryLayout<Int32>.size))
        _ = mnl_socket_setsockopt(socket, NETLINK_EXT_ACK, &on, socklen_t(MemoryLayout<Int32>.size))
    }

    deinit {
        mnl_socket_close(socket)
        free(receiveBuffer)
    }

    private var fd: Int32 { mnl_socket_get_fd(socket) }

    /// Makes the send buffer (a netlink message must fit in it whole) or the receive buffer
    /// (room for every ack of a large batch) hold `bytes`: SO_*BUFFORCE as root, else up to
    /// wmem_max/rmem_max.
    func reserveBuffer(send: Bool, _ bytes: Int) {
        let (force, plain) = send ? (SO_SNDBUFFORCE, SO_SNDBUF) : (SO_RCVBUFFORCE, SO_RCVBUF)
        var current: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        if getsockopt(fd, SOL_SOCKET, plain, &current, &length) == 0, Int(current) >= bytes + 4096 { return }
        // The kernel doubles the value it is given.
        var value = Int32(clamping: bytes / 2 + 65536)
        if setsockopt(fd, SOL_SOCKET, force, &value, socklen_t(MemoryLayout<Int32>.size)) != 0 {
            _ = setsockopt(fd, SOL_SOCKET, plain, &value, socklen_t(MemoryLayout<Int32>.size))
        }
    }

    /// Sends the buffers as one datagram (one sendmsg: the kernel sees one batch).
    func send(_ parts: [UnsafeRawBufferPointer]) throws(Port0Error) {
        let total = parts.reduce(0) { $0 + $1.count }
        var vectors = parts.map {
            iovec(iov_base: UnsafeMutableRawPointer(mutating: $0.baseAddress), iov_len: $0.count)
        }
        var address = sockaddr_nl()
        address.nl_family = sa_family_t(AF_NETLINK)
        while true {
            let sent = withUnsafeMutablePointer(to: &address) { name in
                vectors.withUnsafeMutableBufferPointer { iov in
                    var header = msghdr()
                    header.msg_name = UnsafeMutableRawPointer(name)
                    header.msg_namelen = socklen_t(MemoryLayout<sockaddr_nl>.size)
                    header.msg_iov = iov.baseAddress
                    header.msg_iovlen = iov.count
                    return sendmsg(fd, &header, 0)
                }
            }
            if sent == total { return }
            let error = Errno.current
            if sent < 0 && error == .interrupted { continue }
            throw .system(
                context: "netlink send (\(total) bytes)", reason: sent < 0 ? error.description : "short write")
        }
    }

    /// Reads every message already queued (the kernel answers a batch before sendto returns).
    func drain(_ each: (UnsafeMutablePointer<nlmsghdr>) throws(Port0Error) -> Void) throws(Port0Error) {
        while true {
            let count = try receive(flags: Int32(MSG_DONTWAIT))
            guard let count else { return }
            try walk(count, each)
        }
    }

    /// Sends a dump request and hands each answer to `each` until NLMSG_DONE; with `single`, a
    /// plain GET, until its one answer.
    func dump(
        _ request: UnsafeMutablePointer<nlmsghdr>, single: Bool = false,
        _ each: (UnsafeMutablePointer<nlmsghdr>) throws(Port0Error) -> Void
    ) throws(Port0Error) {
        let seq = request.pointee.nlmsg_seq
        try send([UnsafeRawBufferPointer(start: request, count: Int(request.pointee.nlmsg_len))])
        var done = false
        while !done {
            guard let count = try receive(flags: 0) else { continue }
            try walk(count) { (nlh) throws(Port0Error) in
                guard nlh.pointee.nlmsg_seq == seq, nlh.pointee.nlmsg_pid == portID || nlh.pointee.nlmsg_pid == 0 else {
                    return
                }
                switch Int32(nlh.pointee.nlmsg_type) {
                case NLMSG_DONE: done = true
                case NLMSG_ERROR:
                    let ack = Ack(nlh)
                    if let error = ack.error {
                        if error == .permissionDenied { throw KernelErrors.permission }
                        throw .system(
                            context: "netlink dump", reason: error.description + (ack.message.map { ": \($0)" } ?? ""))
                    }
                    done = true
                default:
                    try each(nlh)
                    if single { done = true }
                }
            }
        }
    }

    /// Joins nf_tables' multicast group: from then on the kernel queues a notification on
    /// this socket for every committed change, sent at the end of the commit.
    func subscribeToCommits() -> Bool {
        var group = Int32(NFNLGRP_NFTABLES.rawValue)
        let solNetlink: Int32 = 270  // SOL_NETLINK, which Glibc does not export
        return setsockopt(fd, solNetlink, NETLINK_ADD_MEMBERSHIP, &group, socklen_t(MemoryLayout<Int32>.size)) == 0
    }

    /// Empties the queue: true when any notification arrived, or some were dropped for want
    /// of room (ENOBUFS), since the last call.
    func takeNotifications() -> Bool {
        var any = false
        while true {
            let count = recv(fd, receiveBuffer, Self.receiveSize, Int32(MSG_DONTWAIT))
            if count > 0 {
                any = true
                continue
            }
            if count < 0 && (errno == EINTR || errno == ENOBUFS) {
                any = any || errno == ENOBUFS
                continue
            }
            return any
        }
    }

    private func receive(flags: Int32) throws(Port0Error) -> Int? {
        while true {
            let count = recv(fd, receiveBuffer, Self.receiveSize, flags)
            if count >= 0 { return count }
            let error = Errno.current
            if error == .interrupted { continue }
            if error == .wouldBlock { return nil }
            if error == .noBufferSpace {
                throw .system(context: "netlink receive", reason: "acknowledgements were lost: \(error)")
            }
            throw .system(context: "netlink receive", reason: error.description)
        }
    }

    private func walk(_ count: Int, _ each: (UnsafeMutablePointer<nlmsghdr>) throws(Port0Error) -> Void)
        throws(Port0Error)
    {
        var offset = 0
        while count - offset >= MemoryLayout<nlmsghdr>.size {
            let nlh = (receiveBuffer + offset).assumingMemoryBound(to: nlmsghdr.self)
            let length = Int(nlh.pointee.nlmsg_len)
            guard length >= MemoryLayout<nlmsghdr>.size, length <= count - offset else { return }
            try each(nlh)
            offset += port0_nlmsg_align(length)
        }
    }
}

/// An NLMSG_ERROR message: the errno (nil for a plain ack) and the extended-ACK text.
struct Ack {
    var seq: UInt32
    var error: Errno?
    var message: String?

    init(_ nlh: UnsafeMutablePointer<nlmsghdr>) {
        let length = Int(nlh.pointee.nlmsg_len)
        let headerSize = MemoryLayout<nlmsghdr>.size
        let payload = UnsafeMutableRawPointer(nlh) + headerSize
        let errorSize = MemoryLayout<nlmsgerr>.size
        guard length >= headerSize + errorSize else {
            seq = nlh.pointee.nlmsg_seq
            error = Errno(EPROTO)
            return
        }
        let nlmsgerr = payload.assumingMemoryBound(to: nlmsgerr.self).pointee
        // The ack names the request by the copy of its header.
        seq = nlmsgerr.msg.nlmsg_seq
        error = nlmsgerr.error == 0 ? nil : Errno(-nlmsgerr.error)
        guard Int32(nlh.pointee.nlmsg_flags) & NLM_F_ACK_TLVS != 0 else { return }
        var offset = headerSize + errorSize
        if Int32(nlh.pointee.nlmsg_flags) & NLM_F_CAPPED == 0 {
            offset += Int(nlmsgerr.msg.nlmsg_len) - headerSize
        }
        guard offset < length else { return }
        let tlvs = NetlinkAttributes(
            UnsafeRawBufferPointer(start: UnsafeRawPointer(nlh) + offset, count: length - offset))
        message = tlvs.string(UInt16(NLMSGERR_ATTR_MSG.rawValue)).flatMap { $0.isEmpty ? nil : $0 }
    }
}

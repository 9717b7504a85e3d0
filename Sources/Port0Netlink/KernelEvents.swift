import CNftnl
import Glibc
import Port0Core
import Port0System

/// What the kernel announced on the event sockets `KernelEvents` listens to.
public enum KernelEvent: Sendable, Equatable {
    /// One committed nf_tables transaction (NFT_MSG_NEWGEN ends every commit's notifications):
    /// whether any of its objects belonged to the watched table, and who committed it.
    case commit(touchedTable: Bool, pid: UInt32?, process: String?)
    /// RTM_NEWLINK (`appeared`) or RTM_DELLINK for a link of this name.
    case link(name: String, appeared: Bool)
    /// The kernel dropped events (ENOBUFS): anything may have changed.
    case overflow
    /// Follows the `.commit` of a transaction that deleted the watched table and did not
    /// create it again (a flush): nothing is left to wait for or to read.
    case tableRemoved(pid: UInt32?)
}

/// Two netlink sockets subscribed to nf_tables change notifications (NFNLGRP_NFTABLES) and
/// link changes (RTNLGRP_LINK), opened in one network namespace: a socket stays in the
/// namespace it was created in, so the owner can poll them from anywhere.
public final class KernelEvents {
    public let nftablesFD: Int32
    public let linkFD: Int32
    private let family: Family
    private let table: String
    private var buffer = [UInt8](repeating: 0, count: 256 * 1024)
    /// Set while a transaction's object messages are read, until its NEWGEN.
    private var pendingTouch = false
    /// Set while reading a transaction whose last message about the table deleted it.
    private var pendingRemoval = false

    /// The socket receive buffer: an event storm beyond this is reported as `.overflow`.
    static let receiveBufferBytes: Int32 = 4 * 1024 * 1024

    public init(namespace: NetworkNamespace, family: Family, table: String) throws(Port0Error) {
        self.family = family
        self.table = table
        let (nftables, link) = try namespace.run { () throws(Port0Error) in
            let nftables = try Self.subscribe(NETLINK_NETFILTER, group: UInt32(NFNLGRP_NFTABLES.rawValue))
            do throws(Port0Error) {
                return (nftables, try Self.subscribe(NETLINK_ROUTE, group: UInt32(RTNLGRP_LINK.rawValue)))
            } catch {
                close(nftables)
                throw error
            }
        }
        nftablesFD = nftables
        linkFD = link
    }

    deinit {
        close(nftablesFD)
        close(linkFD)
    }

    private static func subscribe(_ protocolNumber: Int32, group: UInt32) throws(Port0Error) -> Int32 {
        let fd = socket(AF_NETLINK, Int32(SOCK_RAW.rawValue) | Int32(SOCK_CLOEXEC.rawValue), protocolNumber)
        guard fd >= 0 else {
            let error = Errno.current
            if protocolNumber == NETLINK_NETFILTER,
                [.protocolNotSupported, .addressFamilyNotSupported, .noSuchEntry].contains(error)
            {
                throw KernelErrors.noNftables(error)
            }
            throw .system(context: "netlink event socket", reason: error.description)
        }
        var address = sockaddr_nl()
        address.nl_family = sa_family_t(AF_NETLINK)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_nl>.size))
            }
        }
        var member = group
        guard bound == 0,
            setsockopt(fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &member, socklen_t(MemoryLayout<UInt32>.size)) == 0
        else {
            let error = Errno.current
            close(fd)
            if error == .permissionDenied { throw KernelErrors.permission }
            throw .system(context: "netlink event subscription (group \(group))", reason: error.description)
        }
        var size = receiveBufferBytes
        if setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, socklen_t(MemoryLayout<Int32>.size)) != 0 {
            _ = setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        return fd
    }

    /// Reads everything queued on `fd` (one of the two sockets) without blocking.
    public func drain(_ fd: Int32) throws(Port0Error) -> [KernelEvent] {
        var events: [KernelEvent] = []
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
            if count < 0 {
                let error = Errno.current
                if error == .interrupted { continue }
                if error == .wouldBlock { return events }
                if error == .noBufferSpace {
                    // Whatever was lost, a transaction half-read is no longer trustworthy.
                    pendingTouch = false
                    pendingRemoval = false
                    if events.last != .overflow { events.append(.overflow) }
                    continue
                }
                throw .system(context: "netlink event receive", reason: error.description)
            }
            buffer.withUnsafeBytes { bytes in
                walk(bytes, count: count, route: fd == linkFD, into: &events)
            }
        }
    }

    private func walk(_ bytes: UnsafeRawBufferPointer, count: Int, route: Bool, into events: inout [KernelEvent]) {
        var offset = 0
        let header = MemoryLayout<nlmsghdr>.size
        while count - offset >= header {
            let length = Int(bytes.load(fromByteOffset: offset, as: UInt32.self))
            let type = bytes.load(fromByteOffset: offset + 4, as: UInt16.self)
            guard length >= header, length <= count - offset else { return }
            let message = UnsafeRawBufferPointer(rebasing: bytes[(offset + header)..<(offset + length)])
            if route {
                if let event = linkEvent(type: type, message) { events.append(event) }
            } else {
                events += nftablesEvents(type: type, message)
            }
            offset += port0_nlmsg_align(length)
        }
    }

    /// NFT_MSG_* notifications: objects of a transaction first, then its NEWGEN.
    private func nftablesEvents(type: UInt16, _ message: UnsafeRawBufferPointer) -> [KernelEvent] {
        guard type >> 8 == UInt16(NFNL_SUBSYS_NFTABLES), message.count >= 4 else { return [] }
        let kind = UInt32(type & 0xff)
        let messageFamily = message[0]
        let attributes = NetlinkAttributes(message[4...])
        if kind == NFT_MSG_NEWGEN.rawValue {
            defer {
                pendingTouch = false
                pendingRemoval = false
            }
            let pid = attributes.u32BigEndian(UInt16(NFTA_GEN_PROC_PID.rawValue))
            let name = attributes.string(UInt16(NFTA_GEN_PROC_NAME.rawValue))
            let commit = KernelEvent.commit(touchedTable: pendingTouch, pid: pid, process: name)
            return pendingRemoval ? [commit, .tableRemoved(pid: pid)] : [commit]
        }
        // Every object message names its table in attribute 1 (NFTA_TABLE_NAME,
        // NFTA_CHAIN_TABLE, NFTA_RULE_TABLE, NFTA_SET_TABLE, NFTA_SET_ELEM_LIST_TABLE, …).
        if messageFamily == UInt8(truncatingIfNeeded: family.nfproto), attributes.string(1) == table {
            pendingTouch = true
            // port0's own replace is NEWTABLE, DELTABLE, NEWTABLE: only a delete last counts.
            if kind == NFT_MSG_DELTABLE.rawValue {
                pendingRemoval = true
            } else if kind == NFT_MSG_NEWTABLE.rawValue {
                pendingRemoval = false
            }
        }
        return []
    }

    private func linkEvent(type: UInt16, _ message: UnsafeRawBufferPointer) -> KernelEvent? {
        guard type == RTM_NEWLINK || type == RTM_DELLINK else { return nil }
        let infoSize = MemoryLayout<ifinfomsg>.size
        guard message.count >= infoSize else { return nil }
        let attributes = NetlinkAttributes(message[infoSize...])
        guard let name = attributes.string(UInt16(IFLA_IFNAME)) else { return nil }
        return .link(name: name, appeared: type == RTM_NEWLINK)
    }
}

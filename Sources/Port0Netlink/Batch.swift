import CNftnl
import CPort0Sys
import Glibc
import Port0Core

/// One nfnetlink batch in one contiguous buffer (so a single sendto carries the whole
/// transaction): BATCH_BEGIN, object messages, BATCH_END. Remembers which object each
/// sequence number built, so the kernel's per-message errors can name it.
final class Batch {
    /// Pages of the batch's own (mmap), not the heap: zero until written (libmnl 1.0.4 leaves
    /// attribute padding unwritten, and the kernel and valgrind should never see stale heap
    /// bytes), resident only once touched, grown without a copy (mremap), and handed back
    /// whole when freed. A million-prefix batch leaves no copies of itself behind in the heap.
    private var base: UnsafeMutableRawPointer
    private var capacity: Int
    private(set) var length = 0
    private var nextSeq: UInt32
    /// The largest single message: a set-element chunk is bounded by its 16-bit nest length.
    private static let messageReserve = 128 * 1024

    private(set) var beginSeq: UInt32 = 0
    /// Sequence numbers of object messages and what they carry, to name the one an error is for.
    private var labels: [UInt32: String] = [:]
    private(set) var objectMessages = 0

    /// `firstSeq`: where this batch's sequence numbers start (time-based when nil), so that a
    /// body built ahead (`append`) and the head written later never share one.
    init(capacity: Int = 64 * 1024, firstSeq: UInt32? = nil) {
        self.capacity = max(capacity, Self.messageReserve * 2)
        base = allocated(port0_pages_alloc(self.capacity), "netlink batch")
        // Time-based like nft's; acks are matched on this batch's own socket only.
        nextSeq = firstSeq ?? UInt32(truncatingIfNeeded: time(nil))
    }

    /// The next sequence number this batch would use.
    var sequence: UInt32 { nextSeq }

    /// Appends another batch's messages (built without BATCH_BEGIN/END), keeping their
    /// sequence numbers and labels; later messages continue after them.
    func append(_ other: Batch) {
        if capacity - length < other.length + Self.messageReserve {
            grow(to: length + other.length + Self.messageReserve * 2)
        }
        if other.length > 0 { memcpy(base + length, other.base, other.length) }
        length += other.length
        labels.merge(other.labels) { _, theirs in theirs }
        objectMessages += other.objectMessages
        nextSeq = other.nextSeq
    }

    deinit { port0_pages_free(base, capacity) }

    private func grow(to size: Int) {
        base = allocated(port0_pages_grow(base, capacity, size), "netlink batch")
        capacity = size
    }

    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: length) }

    private func reserve() {
        if capacity - length < Self.messageReserve {
            grow(to: max(capacity * 2, length + Self.messageReserve * 2))
        }
    }

    private func takeSeq() -> UInt32 {
        defer { nextSeq &+= 1 }
        return nextSeq
    }

    /// NFNL_MSG_BATCH_BEGIN for nf_tables, with NFNL_BATCH_GENID when a generation is given.
    func begin(generation: UInt32?) {
        reserve()
        beginSeq = takeSeq()
        let nlh = mnl_nlmsg_put_header(base + length)!
        nlh.pointee.nlmsg_type = UInt16(NFNL_MSG_BATCH_BEGIN)
        nlh.pointee.nlmsg_flags = UInt16(NLM_F_REQUEST)
        nlh.pointee.nlmsg_seq = beginSeq
        let header = mnl_nlmsg_put_extra_header(nlh, MemoryLayout<nfgenmsg>.size)!
            .assumingMemoryBound(to: nfgenmsg.self)
        header.pointee.nfgen_family = UInt8(AF_UNSPEC)
        header.pointee.version = UInt8(NFNETLINK_V0)
        header.pointee.res_id = UInt16(NFNL_SUBSYS_NFTABLES).bigEndian
        if let generation {
            mnl_attr_put_u32(nlh, UInt16(NFNL_BATCH_GENID.rawValue), generation.bigEndian)
        }
        length += port0_nlmsg_align(Int(nlh.pointee.nlmsg_len))
    }

    func end() {
        reserve()
        let buffer = (base + length).assumingMemoryBound(to: CChar.self)
        let nlh = nftnl_batch_end(buffer, takeSeq())!
        length += port0_nlmsg_align(Int(nlh.pointee.nlmsg_len))
    }

    /// Appends one object message: header, then `payload` fills it in. Without NLM_F_ACK, as
    /// nft sends them: the kernel reports every failed message anyway, and acknowledging each
    /// one that succeeded would cost a queued message and a receive per object.
    func message(
        _ type: nf_tables_msg_types, family: Family, flags: Int32, label: String,
        payload: (UnsafeMutablePointer<nlmsghdr>) -> Void
    ) {
        reserve()
        let seq = takeSeq()
        let buffer = (base + length).assumingMemoryBound(to: CChar.self)
        let nlh = nftnl_nlmsg_build_hdr(
            buffer, UInt16(type.rawValue), UInt16(family.nfproto), UInt16(flags), seq)!
        payload(nlh)
        length += port0_nlmsg_align(Int(nlh.pointee.nlmsg_len))
        labels[seq] = label
        objectMessages += 1
    }

    /// Appends messages until `more` returns false: for set elements split into chunks.
    func messages(
        _ type: nf_tables_msg_types, family: Family, flags: Int32, label: String,
        payload: (UnsafeMutablePointer<nlmsghdr>) -> Bool
    ) {
        var more = true
        while more {
            message(type, family: family, flags: flags, label: label) { more = payload($0) }
        }
    }

    func label(for seq: UInt32) -> String? { labels[seq] }
}

extension Family {
    /// NFPROTO_INET / NFPROTO_NETDEV.
    var nfproto: UInt32 {
        switch self {
        case .inet: return UInt32(NFPROTO_INET)
        case .netdev: return UInt32(NFPROTO_NETDEV)
        }
    }
}

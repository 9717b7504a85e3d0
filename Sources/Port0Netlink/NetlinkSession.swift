import CNftnl
import Glibc
import Port0Core
import Port0System

/// One socket's worth of work: batches whose every ack is read and mapped to its object,
/// and dumps.
final class NetlinkSession {
    let socket: NetlinkSocket
    private var nextSeq = UInt32(truncatingIfNeeded: time(nil))

    init() throws(Port0Error) { socket = try NetlinkSocket() }

    /// Sends one batch, possibly written in parts (e.g. a head before a body built ahead), in one
    /// sendmsg without copying them together, and reads every ack the kernel queued for it.
    /// Throws the first error (in message order: later ones are usually its consequences).
    func transact(_ parts: [Batch]) throws(Port0Error) {
        if let failure = try firstFailure(parts), let error = failure.error {
            let object = parts.lazy.compactMap { $0.label(for: failure.seq) }.first
            throw Self.describe(error, message: failure.message, object: object)
        }
    }

    /// Sends the batch and returns the ack of the first message that failed, if any.
    func firstFailure(_ parts: [Batch]) throws(Port0Error) -> Ack? {
        socket.reserveBuffer(send: true, parts.reduce(0) { $0 + $1.length })
        // Every message could fail, and an error's skb costs the receive buffer its truesize
        // (~0.7-1.3 KiB), not its 36 bytes: 2 KiB each leaves room for all of them (nft sizes
        // it at 1 KiB a command).
        socket.reserveBuffer(send: false, parts.reduce(0) { $0 + $1.objectMessages } * 2048)
        try socket.send(parts.map(\.bytes))
        var failure: Ack?
        try socket.drain { nlh in
            guard Int32(nlh.pointee.nlmsg_type) == NLMSG_ERROR else { return }
            let ack = Ack(nlh)
            if ack.error != nil && failure == nil { failure = ack }
        }
        return failure
    }

    static func describe(_ error: Errno, message: String?, object: String?) -> Port0Error {
        if error == .restart { return .generationChanged }
        if error == .permissionDenied {
            // As root, the usual EPERM is a table another process owns (NFT_TABLE_F_OWNER).
            if geteuid() == 0, let object {
                return .system(
                    context: object,
                    reason:
                        "operation not permitted although port0 runs as root: another process owns the table (NFT_TABLE_F_OWNER), or a security module refused it"
                )
            }
            return KernelErrors.permission
        }
        let reason = error.description + (message.map { ": \($0)" } ?? "")
        guard let object else {
            // The batch as a whole was refused: nfnetlink has no nf_tables subsystem.
            if error == .notSupported || error == .noSuchEntry { return KernelErrors.noNftables(error) }
            return .system(context: "nf_tables batch", reason: reason)
        }
        return .system(context: object, reason: reason)
    }

    private func takeSeq() -> UInt32 {
        defer { nextSeq &+= 1 }
        return nextSeq
    }

    /// Sends a GET request (a dump unless `single`) and hands each answer to `each`.
    func request(
        _ type: nf_tables_msg_types, family: UInt32, single: Bool = false,
        payload: (UnsafeMutablePointer<nlmsghdr>) -> Void = { _ in },
        _ each: (UnsafeMutablePointer<nlmsghdr>) throws(Port0Error) -> Void
    ) throws(Port0Error) {
        let buffer = allocated(calloc(1, 4096), "netlink request").assumingMemoryBound(to: CChar.self)
        defer { free(buffer) }
        // A single GET is answered by one message (or an error), without an ack after it; a
        // dump ends with NLMSG_DONE.
        let flags = single ? 0 : NLM_F_DUMP
        let nlh = nftnl_nlmsg_build_hdr(buffer, UInt16(type.rawValue), UInt16(family), UInt16(flags), takeSeq())!
        payload(nlh)
        try socket.dump(nlh, single: single, each)
    }

    /// An empty batch: the kernel takes the commit mutex to process it, so this returns only
    /// after any commit in progress has finished; it commits nothing. Errors are ignored:
    /// this only waits.
    func awaitCommitInProgress() {
        let batch = Batch()
        batch.begin(generation: nil)
        batch.end()
        try? socket.send([batch.bytes])
        try? socket.drain { _ in }
    }

    /// NFT_MSG_GETGEN: the ruleset generation id.
    func generation() throws(Port0Error) -> UInt32 {
        var id: UInt32?
        try request(NFT_MSG_GETGEN, family: UInt32(AF_UNSPEC), single: true) { nlh in
            guard let gen = nftnl_gen_alloc() else { return }
            defer { nftnl_gen_free(gen) }
            if nftnl_gen_nlmsg_parse(nlh, gen) == 0 { id = nftnl_gen_get_u32(gen, attr(NFTNL_GEN_ID)) }
        }
        guard let id else { throw .system(context: "nf_tables generation", reason: "the kernel sent no generation id") }
        return id
    }
}

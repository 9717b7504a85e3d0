import CNftnl
import Port0Core

/// A set's elements read straight from the kernel's NFT_MSG_NEWSETELEM dump answers: key,
/// flags, counter, time left, into plain values. libnftnl would allocate an element object,
/// an expression object per element expression and look each expression up by name: for a
/// full 65,536-source set that was about half of `status --top`'s user time. And it keeps
/// every element of a dump as an object until the dump ends: 29 MB for the 200,000 elements
/// of 100,000 exempt prefixes, read back when no commit stamp proves them.
///
/// The layout (nf_tables.h): NFTA_SET_ELEM_LIST_ELEMENTS holds one NFTA_LIST_ELEM per
/// element, each with NFTA_SET_ELEM_KEY (NFTA_DATA_VALUE inside), NFTA_SET_ELEM_FLAGS
/// (be32: NFT_SET_ELEM_INTERVAL_END), NFTA_SET_ELEM_EXPIRATION
/// (be64, ms) and its expressions: NFTA_SET_ELEM_EXPR when the set has one,
/// NFTA_SET_ELEM_EXPRESSIONS (NFTA_LIST_ELEM each) when it has several; a counter is
/// NFTA_EXPR_NAME "counter" with NFTA_COUNTER_PACKETS and NFTA_COUNTER_BYTES (be64) in
/// NFTA_EXPR_DATA. Attributes this reader does not know are skipped, as libnftnl does.
enum ElementDump {
    /// One element: its key (the bytes in network order, as a number: an address), its
    /// NFT_SET_ELEM_* flags, the values its counter holds and the time it has left (nil when
    /// the kernel sent none).
    struct Element: Equatable {
        /// The key's length in bytes; `key` holds it only up to 16.
        var keyLength: Int
        var key: UInt128
        var flags: UInt32 = 0
        var packets: UInt64?
        var bytes: UInt64?
        var expiresInMilliseconds: UInt64?

        /// The key's bytes in network order (only up to 16 bytes are kept).
        var keyBytes: [UInt8] { IntervalElements.bytes(key, min(keyLength, 16)) }
    }

    /// nfnetlink's message type of an element dump answer.
    static let messageType = UInt16(NFNL_SUBSYS_NFTABLES) << 8 | UInt16(NFT_MSG_NEWSETELEM.rawValue)

    /// Calls `each` for every element of one netlink message (header included); messages of
    /// other types are skipped.
    static func elements(
        of message: UnsafeRawBufferPointer, _ each: (Element) -> Void
    ) throws(NetlinkAttributes.Malformed) {
        let header = MemoryLayout<nlmsghdr>.size
        guard message.count >= header,
            message.loadUnaligned(fromByteOffset: 4, as: UInt16.self) == messageType
        else { return }
        let start = port0_nlmsg_align(header) + port0_nlmsg_align(MemoryLayout<nfgenmsg>.size)
        let length = min(Int(message.loadUnaligned(as: UInt32.self)), message.count)
        guard length >= start else { throw NetlinkAttributes.Malformed(attribute: "nfgenmsg") }
        var top = NetlinkAttributes(message[start..<length])
        while let (type, list) = try top.next() {
            guard type == NFTA_SET_ELEM_LIST_ELEMENTS.rawValue else { continue }
            // Every nest in the list is an element, whatever its type, as the kernel reads
            // them: its dumps say NFTA_LIST_ELEM, libnftnl's builder numbers them 1, 2, 3 …
            var elements = NetlinkAttributes(list)
            while let (_, element) = try elements.next() {
                each(try Self.element(element))
            }
        }
    }

    private static func element(_ attributes: UnsafeRawBufferPointer) throws(NetlinkAttributes.Malformed) -> Element {
        var out = Element(keyLength: 0, key: 0)
        var all = NetlinkAttributes(attributes)
        while let (type, payload) = try all.next() {
            switch type {
            case NFTA_SET_ELEM_KEY.rawValue:
                var data = NetlinkAttributes(payload)
                while let (type, value) = try data.next() {
                    guard type == NFTA_DATA_VALUE.rawValue else { continue }
                    out.keyLength = value.count
                    if value.count <= 16 { out.key = value.reduce(UInt128(0)) { $0 << 8 | UInt128($1) } }
                }
            case NFTA_SET_ELEM_FLAGS.rawValue:
                guard payload.count == 4 else { throw NetlinkAttributes.Malformed(attribute: "NFTA_SET_ELEM_FLAGS") }
                out.flags = UInt32(bigEndian: payload.loadUnaligned(as: UInt32.self))
            case NFTA_SET_ELEM_EXPIRATION.rawValue:
                out.expiresInMilliseconds = try be64(payload, "NFTA_SET_ELEM_EXPIRATION")
            case NFTA_SET_ELEM_EXPR.rawValue:
                try counter(payload, into: &out)
            case NFTA_SET_ELEM_EXPRESSIONS.rawValue:
                var list = NetlinkAttributes(payload)
                while let (type, expression) = try list.next() {
                    guard type == NFTA_LIST_ELEM.rawValue else { continue }
                    try counter(expression, into: &out)
                }
            default: continue
            }
        }
        return out
    }

    private static let counterName = Array("counter".utf8)

    /// NFTA_EXPR_NAME says "counter" (NUL-terminated, as the kernel's nla_put_string writes it).
    private static func isCounter(_ name: UnsafeRawBufferPointer) -> Bool {
        guard name.count == counterName.count || (name.count > counterName.count && name[counterName.count] == 0)
        else { return false }
        for index in counterName.indices where name[index] != counterName[index] { return false }
        return true
    }

    /// A counter expression's values into `element`; any other expression is skipped.
    private static func counter(_ expression: UnsafeRawBufferPointer, into element: inout Element)
        throws(NetlinkAttributes.Malformed)
    {
        var name: UnsafeRawBufferPointer?
        var data: UnsafeRawBufferPointer?
        var all = NetlinkAttributes(expression)
        while let (type, payload) = try all.next() {
            if type == NFTA_EXPR_NAME.rawValue { name = payload }
            if type == NFTA_EXPR_DATA.rawValue { data = payload }
        }
        guard let name, isCounter(name), let data else { return }
        var values = NetlinkAttributes(data)
        while let (type, payload) = try values.next() {
            switch type {
            case NFTA_COUNTER_PACKETS.rawValue: element.packets = try be64(payload, "NFTA_COUNTER_PACKETS")
            case NFTA_COUNTER_BYTES.rawValue: element.bytes = try be64(payload, "NFTA_COUNTER_BYTES")
            default: continue
            }
        }
    }

    private static func be64(_ payload: UnsafeRawBufferPointer, _ name: String) throws(NetlinkAttributes.Malformed)
        -> UInt64
    {
        guard payload.count == 8 else { throw NetlinkAttributes.Malformed(attribute: name) }
        return UInt64(bigEndian: payload.loadUnaligned(as: UInt64.self))
    }
}

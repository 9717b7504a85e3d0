import CNftnl

/// The attributes of one netlink message or nest, in order: type (NLA_F_NESTED and
/// NLA_F_NET_BYTEORDER cleared) and payload.
struct NetlinkAttributes {
    private let bytes: UnsafeRawBufferPointer
    private var offset = 0

    /// An attribute that runs past the message or nest holding it, or a known one of the
    /// wrong size (its reader says which).
    struct Malformed: Error, Equatable {
        var attribute: String
    }

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }
    init(_ slice: Slice<UnsafeRawBufferPointer>) { bytes = UnsafeRawBufferPointer(rebasing: slice) }

    mutating func next() throws(Malformed) -> (UInt32, UnsafeRawBufferPointer)? {
        // The last attribute's padding may be left out.
        guard bytes.count - offset >= 4 else { return nil }
        let length = Int(bytes.loadUnaligned(fromByteOffset: offset, as: UInt16.self))
        let type = UInt32(bytes.loadUnaligned(fromByteOffset: offset + 2, as: UInt16.self) & Self.typeMask)
        guard length >= 4, length <= bytes.count - offset else {
            throw .init(attribute: "attribute \(type) of \(length) bytes at offset \(offset)")
        }
        let payload = UnsafeRawBufferPointer(rebasing: bytes[(offset + 4)..<(offset + length)])
        offset += port0_nlmsg_align(length)
        return (type, payload)
    }

    /// NLA_TYPE_MASK: the flags in the top two bits are not part of the type.
    private static let typeMask = ~UInt16(NLA_F_NESTED | NLA_F_NET_BYTEORDER)

    /// The payload of the first attribute of `wanted`; nil when absent or after a malformed one.
    func value(_ wanted: UInt16) -> UnsafeRawBufferPointer? {
        var rest = self
        while let (type, payload) = try? rest.next() {
            if type == UInt32(wanted) { return payload }
        }
        return nil
    }

    /// A string attribute, up to its NUL.
    func string(_ type: UInt16) -> String? {
        value(type).map { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
    }

    func u32BigEndian(_ type: UInt16) -> UInt32? {
        guard let value = value(type), value.count >= 4 else { return nil }
        return UInt32(bigEndian: value.loadUnaligned(as: UInt32.self))
    }
}

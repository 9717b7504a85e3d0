import CNftnl

/// Owns one `struct nftnl_table`.
final class NftnlTable {
    private let pointer: OpaquePointer

    init() { pointer = allocated(nftnl_table_alloc(), "nftnl_table") }
    deinit { nftnl_table_free(pointer) }

    // In every Nftnl* owner the C calls run inside methods, so the object is alive for their
    // whole duration (a `.pointer` read outside lets Swift release it before the call returns).

    func buildPayload(_ nlh: UnsafeMutablePointer<nlmsghdr>) { nftnl_table_nlmsg_build_payload(nlh, pointer) }

    /// Fills this object from a netlink message; false when it does not parse.
    func parse(_ nlh: UnsafeMutablePointer<nlmsghdr>) -> Bool { nftnl_table_nlmsg_parse(nlh, pointer) >= 0 }

    func set(_ key: nftnl_table_attr, _ value: String) { nftnl_table_set_str(pointer, attr(key), value) }
    func set(_ key: nftnl_table_attr, _ value: UInt32) { nftnl_table_set_u32(pointer, attr(key), value) }
    func set(_ key: nftnl_table_attr, bytes: [UInt8]) {
        _ = bytes.withUnsafeBytes { nftnl_table_set_data(pointer, attr(key), $0.baseAddress, UInt32($0.count)) }
    }

    func string(_ key: nftnl_table_attr) -> String? {
        guard nftnl_table_is_set(pointer, attr(key)), let value = nftnl_table_get_str(pointer, attr(key)) else {
            return nil
        }
        return String(cString: value)
    }

    func u32(_ key: nftnl_table_attr) -> UInt32 { nftnl_table_get_u32(pointer, attr(key)) }

    func isSet(_ key: nftnl_table_attr) -> Bool { nftnl_table_is_set(pointer, attr(key)) }

    func bytes(_ key: nftnl_table_attr) -> [UInt8]? {
        guard nftnl_table_is_set(pointer, attr(key)) else { return nil }
        var length: UInt32 = 0
        guard let data = nftnl_table_get_data(pointer, attr(key), &length) else { return nil }
        return Array(UnsafeRawBufferPointer(start: data, count: Int(length)))
    }
}

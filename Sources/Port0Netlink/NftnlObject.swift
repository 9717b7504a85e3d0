import CNftnl

/// Owns one `struct nftnl_obj` (port0 uses only named counters).
final class NftnlObject {
    private let pointer: OpaquePointer

    init() { pointer = allocated(nftnl_obj_alloc(), "nftnl_obj") }
    deinit { nftnl_obj_free(pointer) }

    func buildPayload(_ nlh: UnsafeMutablePointer<nlmsghdr>) { nftnl_obj_nlmsg_build_payload(nlh, pointer) }

    /// Fills this object from a netlink message; false when it does not parse.
    func parse(_ nlh: UnsafeMutablePointer<nlmsghdr>) -> Bool { nftnl_obj_nlmsg_parse(nlh, pointer) >= 0 }

    func set(_ key: Int, _ value: String) { nftnl_obj_set_str(pointer, attr(key), value) }
    func set(_ key: Int, _ value: UInt32) { nftnl_obj_set_u32(pointer, attr(key), value) }
    func set(_ key: Int, _ value: UInt64) { nftnl_obj_set_u64(pointer, attr(key), value) }

    func string(_ key: Int) -> String? {
        guard nftnl_obj_is_set(pointer, attr(key)), let value = nftnl_obj_get_str(pointer, attr(key)) else {
            return nil
        }
        return String(cString: value)
    }

    func u32(_ key: Int) -> UInt32 { nftnl_obj_get_u32(pointer, attr(key)) }
    func u64(_ key: Int) -> UInt64 { nftnl_obj_get_u64(pointer, attr(key)) }
}

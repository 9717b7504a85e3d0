import CNftnl
import Glibc

/// Owns one `struct nftnl_chain`.
final class NftnlChain {
    private let pointer: OpaquePointer

    init() { pointer = allocated(nftnl_chain_alloc(), "nftnl_chain") }
    deinit { nftnl_chain_free(pointer) }

    func buildPayload(_ nlh: UnsafeMutablePointer<nlmsghdr>) { nftnl_chain_nlmsg_build_payload(nlh, pointer) }

    /// Fills this object from a netlink message; false when it does not parse.
    func parse(_ nlh: UnsafeMutablePointer<nlmsghdr>) -> Bool { nftnl_chain_nlmsg_parse(nlh, pointer) >= 0 }

    func set(_ key: nftnl_chain_attr, _ value: String) { nftnl_chain_set_str(pointer, attr(key), value) }
    func set(_ key: nftnl_chain_attr, _ value: UInt32) { nftnl_chain_set_u32(pointer, attr(key), value) }
    func set(_ key: nftnl_chain_attr, _ value: Int32) { nftnl_chain_set_s32(pointer, attr(key), value) }

    /// NFTNL_CHAIN_DEVICES: libnftnl copies a NULL-terminated array of C strings.
    func setDevices(_ names: [String]) {
        var array: [UnsafeMutablePointer<CChar>?] = names.map { strdup($0) }
        array.append(nil)
        defer { for name in array { free(name) } }
        _ = array.withUnsafeBufferPointer {
            nftnl_chain_set_data(
                pointer, attr(NFTNL_CHAIN_DEVICES), $0.baseAddress,
                UInt32($0.count * MemoryLayout<UnsafeMutablePointer<CChar>?>.stride))
        }
    }

    func isSet(_ key: nftnl_chain_attr) -> Bool { nftnl_chain_is_set(pointer, attr(key)) }

    func string(_ key: nftnl_chain_attr) -> String? {
        guard isSet(key), let value = nftnl_chain_get_str(pointer, attr(key)) else { return nil }
        return String(cString: value)
    }

    func u32(_ key: nftnl_chain_attr) -> UInt32 { nftnl_chain_get_u32(pointer, attr(key)) }
    func u64(_ key: nftnl_chain_attr) -> UInt64 { nftnl_chain_get_u64(pointer, attr(key)) }
    func s32(_ key: nftnl_chain_attr) -> Int32 { nftnl_chain_get_s32(pointer, attr(key)) }

    /// The devices of a netdev base chain, from NFTA_HOOK_DEVS or the single NFTA_HOOK_DEV.
    var devices: [String] {
        if isSet(NFTNL_CHAIN_DEVICES), let array = nftnl_chain_get_array(pointer, attr(NFTNL_CHAIN_DEVICES)) {
            var names: [String] = []
            var index = 0
            while let name = array[index] {
                names.append(String(cString: name))
                index += 1
            }
            return names
        }
        return string(NFTNL_CHAIN_DEV).map { [$0] } ?? []
    }
}

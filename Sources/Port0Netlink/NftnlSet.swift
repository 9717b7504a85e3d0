import CNftnl
import Port0Core

/// Owns one `struct nftnl_set` and, through it, its elements: an element is handed to the set
/// (`nftnl_set_elem_add` takes ownership) the moment it is made, so it never has a second owner.
final class NftnlSet {
    private let pointer: OpaquePointer

    init() { pointer = allocated(nftnl_set_alloc(), "nftnl_set") }
    deinit { nftnl_set_free(pointer) }

    func buildPayload(_ nlh: UnsafeMutablePointer<nlmsghdr>) { nftnl_set_nlmsg_build_payload(nlh, pointer) }

    /// Fills this object from a netlink message; false when it does not parse.
    func parse(_ nlh: UnsafeMutablePointer<nlmsghdr>) -> Bool { nftnl_set_nlmsg_parse(nlh, pointer) >= 0 }

    func set(_ key: nftnl_set_attr, _ value: String) { nftnl_set_set_str(pointer, attr(key), value) }
    func set(_ key: nftnl_set_attr, _ value: UInt32) { nftnl_set_set_u32(pointer, attr(key), value) }
    func set(_ key: nftnl_set_attr, u64 value: UInt64) { nftnl_set_set_u64(pointer, attr(key), value) }
    /// Hands the expression to the set (`nftnl_set_add_expr` takes ownership).
    func addExpression(_ expr: NftnlExpr) { nftnl_set_add_expr(pointer, expr.release()) }
    func set(_ key: nftnl_set_attr, bytes: [UInt8]) {
        _ = bytes.withUnsafeBytes { nftnl_set_set_data(pointer, attr(key), $0.baseAddress, UInt32($0.count)) }
    }

    func isSet(_ key: nftnl_set_attr) -> Bool { nftnl_set_is_set(pointer, attr(key)) }

    func string(_ key: nftnl_set_attr) -> String? {
        guard isSet(key), let value = nftnl_set_get_str(pointer, attr(key)) else { return nil }
        return String(cString: value)
    }

    func u32(_ key: nftnl_set_attr) -> UInt32 { nftnl_set_get_u32(pointer, attr(key)) }
    func u64(_ key: nftnl_set_attr) -> UInt64 { nftnl_set_get_u64(pointer, attr(key)) }

    /// The names of the set's expressions (NFTA_SET_EXPR / NFTA_SET_EXPRESSIONS).
    var expressionNames: [String] {
        var names: [String] = []
        _ = withUnsafeMutablePointer(to: &names) { context in
            nftnl_set_expr_foreach(
                pointer,
                { expr, data in
                    let out = data!.assumingMemoryBound(to: [String].self)
                    out.pointee.append(
                        nftnl_expr_get_str(expr, attr(NFTNL_EXPR_NAME)).map { String(cString: $0) } ?? "")
                    return 0
                }, context)
        }
        return names
    }

    func buildElementsPayload(_ nlh: UnsafeMutablePointer<nlmsghdr>) {
        nftnl_set_elems_nlmsg_build_payload(nlh, pointer)
    }

    func parseElements(_ nlh: UnsafeMutablePointer<nlmsghdr>) { _ = nftnl_set_elems_nlmsg_parse(nlh, pointer) }

    /// Writes the elements into as many messages as their 16-bit nest length needs: `message`
    /// is called once per message with a builder that fills it and says whether more follow.
    func buildElementMessages(_ message: ((UnsafeMutablePointer<nlmsghdr>) -> Bool) -> Void) {
        guard let iterator = nftnl_set_elems_iter_create(pointer) else { return }
        defer { nftnl_set_elems_iter_destroy(iterator) }
        message { nlh in nftnl_set_elems_nlmsg_build_payload_iter(nlh, iterator) == 1 }
    }

    /// Adds an element with this key: an interval end (NFT_SET_ELEM_INTERVAL_END), or with
    /// `chain` a verdict map element, `jump chain`.
    func addElement(key: UnsafeRawBufferPointer, intervalEnd: Bool = false, jumpTo chain: String? = nil) {
        let element = allocated(nftnl_set_elem_alloc(), "nftnl_set_elem")
        nftnl_set_elem_set(element, attr(NFTNL_SET_ELEM_KEY), key.baseAddress, UInt32(key.count))
        if intervalEnd {
            nftnl_set_elem_set_u32(element, attr(NFTNL_SET_ELEM_FLAGS), UInt32(NFT_SET_ELEM_INTERVAL_END.rawValue))
        }
        if let chain {
            nftnl_set_elem_set_u32(element, attr(NFTNL_SET_ELEM_VERDICT), UInt32(bitPattern: NFT_JUMP.rawValue))
            nftnl_set_elem_set_str(element, attr(NFTNL_SET_ELEM_CHAIN), chain)
        }
        nftnl_set_elem_add(pointer, element)
    }

    /// A verdict map's elements whose data is `jump CHAIN`, or nil if any is something else.
    var jumpElements: [VerdictMap.Element]? {
        var out: [VerdictMap.Element]? = []
        forEachElement { element, key in
            guard nftnl_set_elem_is_set(element, attr(NFTNL_SET_ELEM_VERDICT)),
                Int32(bitPattern: nftnl_set_elem_get_u32(element, attr(NFTNL_SET_ELEM_VERDICT))) == NFT_JUMP.rawValue,
                let chain = nftnl_set_elem_get_str(element, attr(NFTNL_SET_ELEM_CHAIN))
            else {
                out = nil
                return
            }
            out?.append(VerdictMap.Element(key: key, chain: String(cString: chain)))
        }
        return out
    }

    /// The elements as (key, interval end) in the set's list order.
    var elements: [IntervalElementView] {
        var out: [IntervalElementView] = []
        forEachElement { element, key in
            let flags =
                nftnl_set_elem_is_set(element, attr(NFTNL_SET_ELEM_FLAGS))
                ? nftnl_set_elem_get_u32(element, attr(NFTNL_SET_ELEM_FLAGS)) : 0
            out.append(IntervalElementView(key: key, flags: flags))
        }
        return out
    }

    /// Each element, borrowed, with its key bytes, in the set's list order.
    private func forEachElement(_ body: (OpaquePointer, [UInt8]) -> Void) {
        guard let iterator = nftnl_set_elems_iter_create(pointer) else { return }
        defer { nftnl_set_elems_iter_destroy(iterator) }
        while let element = nftnl_set_elems_iter_next(iterator) {
            var length: UInt32 = 0
            let key = nftnl_set_elem_get(element, attr(NFTNL_SET_ELEM_KEY), &length)
            body(element, key.map { Array(UnsafeRawBufferPointer(start: $0, count: Int(length))) } ?? [])
        }
    }
}

/// One element as read back: its key bytes and NFT_SET_ELEM_* flags.
struct IntervalElementView {
    var key: [UInt8]
    var flags: UInt32
}

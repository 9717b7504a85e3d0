import CNftnl

/// Owns one `struct nftnl_expr` until `release()` hands it to a rule
/// (`nftnl_rule_add_expr` takes ownership).
final class NftnlExpr {
    private var owned: OpaquePointer?
    private let pointer: OpaquePointer

    init(_ name: String) {
        pointer = allocated(nftnl_expr_alloc(name), "nftnl_expr")
        owned = pointer
    }

    deinit { if let owned { nftnl_expr_free(owned) } }

    /// Gives up ownership: the caller passes the pointer to a function that takes it.
    func release() -> OpaquePointer {
        precondition(owned != nil, "nftnl_expr released twice")
        owned = nil
        return pointer
    }

    func set(_ key: Int, _ value: UInt32) { nftnl_expr_set_u32(pointer, attr(key), value) }
    func set(_ key: Int, _ value: UInt64) { nftnl_expr_set_u64(pointer, attr(key), value) }
    func set(_ key: Int, _ value: UInt8) { nftnl_expr_set_u8(pointer, attr(key), value) }
    func set(_ key: Int, _ value: UInt16) { nftnl_expr_set_u16(pointer, attr(key), value) }
    func set(_ key: Int, _ value: String) { nftnl_expr_set_str(pointer, attr(key), value) }
    func set(_ key: Int, bytes: [UInt8]) {
        _ = bytes.withUnsafeBytes { nftnl_expr_set(pointer, attr(key), $0.baseAddress, UInt32($0.count)) }
    }
}

/// A borrowed view of an expression inside a parsed rule (the rule owns it).
struct NftnlExprView {
    let pointer: OpaquePointer

    var name: String {
        nftnl_expr_get_str(pointer, attr(NFTNL_EXPR_NAME)).map { String(cString: $0) } ?? ""
    }

    func isSet(_ key: Int) -> Bool { nftnl_expr_is_set(pointer, attr(key)) }
    func u32(_ key: Int) -> UInt32? { isSet(key) ? nftnl_expr_get_u32(pointer, attr(key)) : nil }
    func u64(_ key: Int) -> UInt64? { isSet(key) ? nftnl_expr_get_u64(pointer, attr(key)) : nil }
    func u8(_ key: Int) -> UInt8? { isSet(key) ? nftnl_expr_get_u8(pointer, attr(key)) : nil }
    func u16(_ key: Int) -> UInt16? { isSet(key) ? nftnl_expr_get_u16(pointer, attr(key)) : nil }
    func string(_ key: Int) -> String? {
        guard isSet(key), let value = nftnl_expr_get_str(pointer, attr(key)) else { return nil }
        return String(cString: value)
    }
    func bytes(_ key: Int) -> [UInt8]? {
        guard isSet(key) else { return nil }
        var length: UInt32 = 0
        guard let data = nftnl_expr_get(pointer, attr(key), &length) else { return nil }
        return Array(UnsafeRawBufferPointer(start: data, count: Int(length)))
    }

    /// libnftnl's debug text, e.g. `payload load 2b @ transport header + 2 => reg 1`.
    var debugText: String {
        var buffer = [CChar](repeating: 0, count: 4096)
        _ = nftnl_expr_snprintf(&buffer, buffer.count, pointer, UInt32(NFTNL_OUTPUT_DEFAULT.rawValue), 0)
        return text(buffer)
    }
}

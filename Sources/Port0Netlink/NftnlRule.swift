import CNftnl

/// Owns one `struct nftnl_rule` and the expressions added to it.
final class NftnlRule {
    private let pointer: OpaquePointer

    init() { pointer = allocated(nftnl_rule_alloc(), "nftnl_rule") }
    deinit { nftnl_rule_free(pointer) }

    func buildPayload(_ nlh: UnsafeMutablePointer<nlmsghdr>) { nftnl_rule_nlmsg_build_payload(nlh, pointer) }

    /// Fills this object from a netlink message; false when it does not parse.
    func parse(_ nlh: UnsafeMutablePointer<nlmsghdr>) -> Bool { nftnl_rule_nlmsg_parse(nlh, pointer) >= 0 }

    func set(_ key: nftnl_rule_attr, _ value: String) { nftnl_rule_set_str(pointer, attr(key), value) }
    func set(_ key: nftnl_rule_attr, _ value: UInt32) { nftnl_rule_set_u32(pointer, attr(key), value) }

    func string(_ key: nftnl_rule_attr) -> String? {
        guard nftnl_rule_is_set(pointer, attr(key)), let value = nftnl_rule_get_str(pointer, attr(key)) else {
            return nil
        }
        return String(cString: value)
    }

    func u64(_ key: nftnl_rule_attr) -> UInt64 { nftnl_rule_get_u64(pointer, attr(key)) }

    /// Appends the expression; the rule owns it from now on.
    func add(_ expr: NftnlExpr) { nftnl_rule_add_expr(pointer, expr.release()) }

    /// The rule's expressions, borrowed for the duration of `body`.
    func withExprs<T>(_ body: ([NftnlExprView]) -> T) -> T {
        var views: [NftnlExprView] = []
        if let iterator = nftnl_expr_iter_create(pointer) {
            while let expr = nftnl_expr_iter_next(iterator) { views.append(NftnlExprView(pointer: expr)) }
            nftnl_expr_iter_destroy(iterator)
        }
        return body(views)
    }

    /// libnftnl's debug text of the whole rule.
    var debugText: String {
        var size = 16384
        while true {
            var buffer = [CChar](repeating: 0, count: size)
            let written = nftnl_rule_snprintf(&buffer, buffer.count, pointer, UInt32(NFTNL_OUTPUT_DEFAULT.rawValue), 0)
            if written < size { return text(buffer) }
            size = Int(written) + 1
        }
    }
}

/// A base chain priority, parsed from and printed as nft does.
public struct ChainPriority: Sendable, Hashable, Codable {
    public var value: Int32

    public init(_ value: Int32) { self.value = value }

    /// nft's standard priority names valid for a family and hook (nft 1.0.6, `std_prio_table`).
    static func names(family: Family, hook: Hook?) -> [(name: String, value: Int32)] {
        switch family {
        case .netdev:
            return [("filter", 0)]
        case .inet:
            var names: [(String, Int32)] = [("raw", -300), ("mangle", -150)]
            if hook == nil || hook == .prerouting { names.append(("dstnat", -100)) }
            names += [("filter", 0), ("security", 50)]
            if hook == nil || hook == .postrouting { names.append(("srcnat", 100)) }
            return names
        }
    }

    /// Parses `-300`, `raw`, `raw - 10`, `filter+5`: an integer or a standard name with an offset.
    public static func parse(_ text: String, family: Family, hook: Hook?) -> ChainPriority? {
        let compact = text.filter { $0 != " " }
        if let number = Int32(compact) { return ChainPriority(number) }
        let known = names(family: family, hook: hook)
        for (name, base) in known where compact.hasPrefix(name) {
            let rest = compact.dropFirst(name.count)
            if rest.isEmpty { return ChainPriority(base) }
            guard let sign = rest.first, sign == "+" || sign == "-",
                let offset = Int32(rest.dropFirst()), rest.dropFirst().allSatisfy(\.isNumber)
            else { return nil }
            let (sum, overflow) =
                sign == "+" ? base.addingReportingOverflow(offset) : base.subtractingReportingOverflow(offset)
            return overflow ? nil : ChainPriority(sum)
        }
        return nil
    }

    /// Prints like `nft list`: a standard name within ±10 of the value, else the number.
    public func nftText(family: Family, hook: Hook) -> String {
        for (name, base) in Self.names(family: family, hook: hook) {
            let offset = Int64(value) - Int64(base)
            if offset == 0 { return name }
            if abs(offset) <= 10 { return "\(name) \(offset < 0 ? "-" : "+") \(abs(offset))" }
        }
        return String(value)
    }
}

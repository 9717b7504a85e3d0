/// How a live table differs from the one port0 would install, as lines an operator reads.
/// Structural: counter values, rule handles and the order of chains, sets and counters do
/// not count; everything the kernel would treat differently does.
public struct Drift: Sendable, Equatable {
    public var differences: [String]
    /// Chains and devices the kernel dropped when a device went away (`kernel` before 6.16):
    /// each is one of `differences`, said in those words instead of "missing chain".
    public var deviceLosses: [DeviceLoss] = []
    public var isEmpty: Bool { differences.isEmpty }

    /// Set differences beyond this many elements are summarised as counts.
    static let listedElements = 5

    public init(live: LiveTable, desired: Table, kernel: KernelVersion? = nil) {
        self.init(live: live, expected: LiveTable(expecting: desired), kernel: kernel)
    }

    public init(live: LiveTable, expected: LiveTable, kernel: KernelVersion? = nil) {
        let losses = DeviceLoss.find(live: live, expected: expected, kernel: kernel)
        var out: [String] = []
        if live.family != expected.family || live.name != expected.name {
            out.append(
                "table: live \(live.family.rawValue) \(e(live.name)), configured \(expected.family.rawValue) \(e(expected.name))"
            )
        }
        if live.comment != expected.comment { out.append(Self.comment(live.comment, expected.comment)) }
        if live.flags != expected.flags { out += Self.flags(live, expected) }
        out += Self.byName(live.counters, expected.counters, kind: "counter", name: \.name) { _, _ in [] }
        out += Self.byName(live.sets, expected.sets, kind: "set", name: \.name, compare: Self.set)
        let family = expected.family
        let removed = Set(losses.filter(\.chainRemoved).map(\.chain))
        let unbound = Dictionary(losses.filter { !$0.chainRemoved }.map { ($0.chain, $0.devices) }) { a, _ in a }
        out += Self.byName(
            live.chains, expected.chains.filter { !removed.contains($0.name) }, kind: "chain", name: \.name
        ) {
            live, expected in
            var live = live
            // The devices the kernel unbound are reported as such, not as a devices mismatch.
            if let lost = unbound[live.name], live.base != nil {
                live.base!.devices = (live.base!.devices + lost).sorted()
            }
            return Self.chain(live, expected, family: family)
        }
        differences = out + losses.map(\.text)
        deviceLosses = losses
    }

    /// Objects matched by name: missing, unexpected, then each pair's own differences.
    private static func byName<T>(
        _ live: [T], _ expected: [T], kind: String, name: (T) -> String, compare: (T, T) -> [String]
    ) -> [String] {
        var out: [String] = []
        let liveByName = Dictionary(live.map { (name($0), $0) }, uniquingKeysWith: { first, _ in first })
        let expectedNames = Set(expected.map(name))
        for object in expected {
            if let found = liveByName[name(object)] {
                out += compare(found, object)
            } else {
                out.append("missing \(kind) \(e(name(object)))")
            }
        }
        for object in live where !expectedNames.contains(name(object)) {
            out.append("unexpected \(kind) \(e(name(object)))")
        }
        return out
    }

    private static func comment(_ live: String?, _ expected: String?) -> String {
        if LiveTable.isPort0Comment(expected) && !LiveTable.isPort0Comment(live) {
            // Another program's table of port0's name: say so first, not only what is missing.
            return "not port0's table: its comment is \(live.map { "\"\(e($0))\"" } ?? "none"), not port0's; "
                + "apply, plan and remove refuse it without --adopt"
        }
        if let liveVersion = version(live), let expectedVersion = version(expected), liveVersion != expectedVersion {
            return "port0 version: live \(e(liveVersion)), configured \(e(expectedVersion))"
        }
        return
            "table comment: live \(live.map { "\"\(e($0))\"" } ?? "none"), configured \(expected.map { "\"\(e($0))\"" } ?? "none")"
    }

    /// Table flags port0 did not set. Dormant comes first and plainly: it switches all of
    /// the table's filtering off. Ownership with PERSIST is `port0 guard --own-table`'s
    /// (`StatusReport.owner` shows it): not drift for a configuration that does not ask for
    /// it. One that does (the guard's own) wants the table owned, and by itself: anything
    /// else is a difference that its next apply claims.
    private static func flags(_ live: LiveTable, _ expected: LiveTable) -> [String] {
        var out: [String] = []
        let dormant = LiveTable.dormantFlag
        if live.flags & dormant != 0 && expected.flags & dormant == 0 {
            out.append("table is dormant: filtering is switched off")
        }
        let owner = LiveTable.ownerFlag
        let ownership = LiveTable.guardOwnership
        if expected.flags & owner != 0 {
            if live.flags & ownership != ownership {
                out.append(
                    "table is not owned by this guard (flags: \(LiveTable.flagNames(live.flags & ownership))): claiming it"
                )
            }
        } else if live.flags & owner != 0 && !live.heldByGuard {
            out.append("table is owned by another process (\(live.ownerDescription)): port0 cannot change it")
        }
        let rest = (live.flags ^ expected.flags) & ~(dormant | ownership)
        if rest != 0 {
            out.append(
                "table flags: live \(LiveTable.flagNames(live.flags & ~(dormant | ownership))), configured \(LiveTable.flagNames(expected.flags & ~(dormant | ownership)))"
            )
        }
        return out
    }

    /// "port0 0.1.0: drops …" → "0.1.0".
    private static func version(_ comment: String?) -> String? {
        guard let comment, comment.hasPrefix("port0 "), let colon = comment.firstIndex(of: ":") else { return nil }
        return String(comment[comment.index(comment.startIndex, offsetBy: 6)..<colon])
    }

    private static func set(_ live: LiveSet, _ expected: LiveSet) -> [String] {
        let name = "set \(e(expected.name))"
        if (live.keyType, live.keyLength, live.flags) != (expected.keyType, expected.keyLength, expected.flags)
            || (live.size, live.timeoutMilliseconds, live.expressions)
                != (expected.size, expected.timeoutMilliseconds, expected.expressions)
        {
            return ["\(name): live \(describe(live)), configured \(describe(expected))"]
        }
        guard live.elements != expected.elements else { return [] }
        guard let liveSet = live.addressSet, let expectedSet = expected.addressSet else {
            if IntervalRanges.inKeyOrder(live.elements) == IntervalRanges.inKeyOrder(expected.elements) { return [] }
            return ["\(name): elements differ (\(live.elements.count) live, \(expected.elements.count) configured)"]
        }
        guard liveSet.elements != expectedSet.elements else { return [] }
        let liveRanges = Set(liveSet.elements)
        let expectedRanges = Set(expectedSet.elements)
        let missing = expectedSet.elements.filter { !liveRanges.contains($0) }
        let unexpected = liveSet.elements.filter { !expectedRanges.contains($0) }
        var out: [String] = []
        for (ranges, what) in [(missing, "missing"), (unexpected, "unexpected")] where !ranges.isEmpty {
            var listed = ranges.prefix(listedElements).map { $0.nftText(expectedSet.version) }.joined(separator: ", ")
            if ranges.count > listedElements { listed += " … and \(ranges.count - listedElements) more" }
            out.append("\(name): \(ranges.count) element\(ranges.count == 1 ? "" : "s") \(what): \(listed)")
        }
        return out
    }

    private static func describe(_ set: LiveSet) -> String {
        let type: String? =
            switch (set.keyType, set.keyLength) {
            case (NftDatatype.ipv4Address, 4): "ipv4_addr"
            case (NftDatatype.ipv6Address, 16): "ipv6_addr"
            case (NftDatatype.integer, 4): "integer (typeof @nh,96,32)"
            case (NftDatatype.integer, 16): "integer (typeof @nh,64,128)"
            default: nil
            }
        if let type, set.flags == AddressSet.flags { return "type \(type), flags \(AddressSet.flagsText)" }
        if let type, set.flags == LiveSet.intervalFlag { return "type \(type), flags interval" }
        if let type, let source = set.sourceSet {
            return
                "type \(type), size \(source.size), flags dynamic,timeout, counter, timeout \(NftTextRenderer.durationText(source.timeoutSeconds))"
        }
        return "key type \(set.keyType), \(set.keyLength)-byte keys, flags 0x\(String(set.flags, radix: 16))"
    }

    private static func chain(_ live: LiveChain, _ expected: LiveChain, family: Family) -> [String] {
        let name = "chain \(e(expected.name))"
        var out: [String] = []
        switch (live.base, expected.base) {
        case (nil, nil): break
        case (let base?, nil):
            out.append(
                "\(name): live a base chain (hook \(base.hook?.rawValue ?? "unknown")), configured a regular chain")
        case (nil, let base?):
            out.append(
                "\(name): live a regular chain, configured a base chain (hook \(base.hook?.rawValue ?? "unknown"))")
        case (let liveBase?, let expectedBase?):
            func hook(_ base: LiveBaseChain) -> String { base.hook?.rawValue ?? "unknown" }
            func priority(_ base: LiveBaseChain) -> String {
                let number = String(base.priority)
                guard let hook = base.hook else { return number }
                let text = ChainPriority(base.priority).nftText(family: family, hook: hook)
                return text == number ? number : "\(text) (\(number))"
            }
            func devices(_ base: LiveBaseChain) -> String {
                base.devices.isEmpty ? "none" : base.devices.map { "\"\(e($0))\"" }.joined(separator: ", ")
            }
            let fields: [(String, (LiveBaseChain) -> String)] = [
                ("type", { e($0.type) }), ("hook", hook), ("priority", priority), ("devices", devices),
                ("policy", \.policyText),
            ]
            for (field, text) in fields where text(liveBase) != text(expectedBase) {
                out.append("\(name): \(field) live \(text(liveBase)), configured \(text(expectedBase))")
            }
        }
        let liveRules = live.rules.map { normalized($0.exprs) }
        let expectedRules = expected.rules.map { normalized($0.exprs) }
        for edit in EditScript.edits(from: liveRules, to: expectedRules) {
            switch edit {
            case .keep: break
            case .delete(let index):
                out.append(
                    "\(name): unexpected rule: \(LiveTextRenderer.ruleText(live.rules[index].exprs.map(\.escapedForText), family: family))"
                )
            case .insert(let index):
                out.append(
                    "\(name): missing rule: \(LiveTextRenderer.ruleText(expected.rules[index].exprs, family: family))")
            }
        }
        return out
    }

    /// Anonymous set elements in key order: the kernel may list them in its own order.
    static func normalized(_ exprs: [Expr]) -> [Expr] {
        exprs.map { expr in
            guard case .lookup(.anonymous(var set)) = expr else { return expr }
            set.elements.sort { $0.lexicographicallyPrecedes($1) }
            return .lookup(.anonymous(set))
        }
    }
}

private func e(_ text: String) -> String { PrintableText.escaped(text) }

/// Decodes port0's table from a saved `nft -j list ruleset` listing into the `LiveTable`
/// that reading the kernel over netlink gives for the same state, so `plan --live FILE`
/// prints what `plan` would have printed on that machine: no privileges, no netlink.
///
/// What a listing cannot say is filled from the configuration and named in `notes`:
/// nft before 1.0.9 leaves the table comment (port0's version mark) and the devices of
/// netdev chains out of its JSON.
public struct SavedListing: Sendable {
    /// port0's table as listed; nil when the listing has no table of that family and name.
    public var table: LiveTable?
    /// Things the listing could not show, for stderr.
    public var notes: [String]

    /// The nft that wrote the listing (metainfo `version`), when it says.
    public var nftVersion: String?

    /// The text form is refused: its rule syntax cannot be read back exactly.
    static let textAdvice = "save the JSON listing with `nft -j list ruleset`"

    /// Parses and decodes; every problem is one `Port0Error.invalidListing` naming the file.
    public static func decode(_ bytes: [UInt8], path: String, desired: Table) throws(Port0Error) -> SavedListing {
        let first = bytes.first { ![0x20, 0x0a, 0x0d, 0x09].contains($0) }
        guard let first else { throw .invalidListing(path: path, reason: "empty; \(textAdvice)") }
        guard first == UInt8(ascii: "{") else {
            let looksLikeText = ["table ", "#!", "flush ", "add ", "define ", "include "].contains {
                bytes.drop { [0x20, 0x0a, 0x0d, 0x09].contains($0) }.starts(with: Array($0.utf8))
            }
            throw .invalidListing(
                path: path,
                reason: looksLikeText
                    ? "an nft text listing or script: port0 reads only nft's JSON listing; \(textAdvice)"
                    : "not an nft JSON listing (it does not start with '{'); \(textAdvice)")
        }
        let root: JSONValue
        do {
            root = try JSONParser.parse(bytes)
        } catch {
            // nft 1.0.6 stops writing its JSON at a table's flags (a dormant table).
            let tail = bytes.reversed().drop { [0x20, 0x0a, 0x0d, 0x09].contains($0) }
            if tail.starts(with: Array(#""flags":"#.utf8).reversed()) {
                throw .invalidListing(
                    path: path,
                    reason:
                        "ends at a table's \"flags\": nft 1.0.6 stops its JSON listing there (a dormant table); `nft list table` shows the flags"
                )
            }
            throw .invalidListing(
                path: path, reason: "invalid JSON at byte \(error.offset) (line \(error.line)): \(error.message)")
        }
        do {
            return try Decoder(family: desired.family, name: desired.name, desired: desired)
                .decode(ListingNode(value: root, path: "$"))
        } catch {
            throw .invalidListing(path: path, reason: error.text)
        }
    }

    private struct Decoder {
        let family: Family
        let name: String
        let desired: Table

        func decode(_ root: ListingNode) throws(ListingNode.Problem) -> SavedListing {
            guard case .object(let members) = root.value, members.count == 1, let list = root.member("nftables")
            else { throw root.problem("not an nft JSON listing: expected {\"nftables\": [...]}") }
            var listing = SavedListing(table: nil, notes: [])
            var comment: String?? = .none
            var tableFlags: UInt32 = 0
            var counters: [NamedCounter] = []
            var sets: [LiveSet] = []
            // Decoded after the rules: an integer set's key length comes from its lookups.
            var setBodies: [(ListingNode, String)] = []
            var chains: [LiveChain] = []
            var rules: [String: [LiveRule]] = [:]
            var devicesListed: Set<String> = []
            /// Other tables, and whether they look like port0's (its comment, or its default name).
            var otherTables: [(name: String, port0s: Bool)] = []
            for entry in try list.elements() {
                let (kind, body) = try entry.single()
                if kind == "metainfo" {
                    try metainfo(body, &listing)
                    continue
                }
                if Self.commands.contains(kind) {
                    throw entry.problem("\"\(kind)\" is an nft command, not a listed object (a script?); \(textAdvice)")
                }
                guard case .object = body.value else { throw body.problem("expected an object, found \(body.kind)") }
                let objectFamily = try body.string("family")
                let table = kind == "table" ? try body.string("name") : try body.string("table")
                guard objectFamily == family.rawValue, table == name else {
                    if kind == "table" {
                        let port0s = (try? body.optionalString("comment"))??.hasPrefix("port0 ") ?? false
                        otherTables.append(("\(objectFamily) \(table)", port0s || table == name || table == "port0"))
                    }
                    continue
                }
                switch kind {
                case "table":
                    guard comment == .none else { throw body.problem("table \(family.rawValue) \(name) listed twice") }
                    comment = .some(try body.optionalString("comment"))
                    tableFlags = try Self.tableFlags(body)
                case "counter":
                    counters.append(
                        NamedCounter(
                            name: try body.string("name"),
                            packets: try body.required("packets").integer(UInt64.self),
                            bytes: try body.required("bytes").integer(UInt64.self)))
                case "set", "map", "meter":
                    _ = try body.string("name")
                    setBodies.append((body, kind))
                case "chain":
                    let (chain, listedDevices) = try self.chain(body)
                    if listedDevices { devicesListed.insert(chain.name) }
                    chains.append(chain)
                case "rule":
                    let chain = try body.string("chain")
                    let handle = try body.member("handle")?.integer(UInt64.self) ?? 0
                    // nft lists a rule without statements without "expr".
                    let statements = try body.member("expr")?.elements() ?? []
                    for statement in statements { _ = try statement.single() }
                    rules[chain, default: []].append(
                        LiveRule(exprs: ListingRule(family: family).exprs(statements), handle: handle))
                default:
                    // Other objects (quotas, limits, flowtables, ct helpers …): netlink
                    // read-back does not read them either.
                    continue
                }
            }
            let lookupLengths = Self.lookupKeyLengths(rules.values.joined())
            var unsized: [String] = []
            var sources: [TrackedSource] = []
            // nft before 1.0.7 lists no `dynamic` flag: a set a rule updates has it.
            let updated =
                SavedListing.listsDynamicFlag(listing.nftVersion) ? [] : Self.updatedSets(rules.values.joined())
            for (body, kind) in setBodies {
                let name = try body.string("name")
                let length =
                    lookupLengths[name] ?? desired.sets.first { $0.name == name && $0.rawKey != nil }?.keyLength
                let set = try ListingSet.decode(
                    body, kind: kind, integerKeyLength: length, updatedByRules: updated.contains(name),
                    sources: &sources)
                if set.keyType == NftDatatype.integer, set.keyLength == 0 {
                    unsized.append(PrintableText.escaped(name))
                }
                sets.append(set)
            }
            if !unsized.isEmpty {
                let writer = "nft \(listing.nftVersion.map { PrintableText.escaped($0) } ?? "(no version)")"
                listing.notes.append(
                    "\(writer) lists set \(unsized.joined(separator: ", ")) as type integer without its key length, and no rule looks it up: its elements are shown by count only"
                )
            }
            guard let comment else {
                // port0's table under another family or name: the options are probably not
                // the ones that machine runs with, and planning a create would mislead.
                if let other = otherTables.first(where: \.port0s) {
                    throw root.problem(
                        "holds table \(PrintableText.escaped(other.name)), not the configured table \(family.rawValue) \(name): check --profile and --table"
                    )
                }
                if !counters.isEmpty || !sets.isEmpty || !chains.isEmpty || !rules.isEmpty {
                    throw root.problem("lists objects of table \(family.rawValue) \(name) but not the table itself")
                }
                return listing
            }
            for (chain, _) in rules where !chains.contains(where: { $0.name == chain }) {
                throw root.problem("rules of chain \(PrintableText.escaped(chain)), which the listing does not hold")
            }
            for index in chains.indices {
                chains[index].rules = rules[chains[index].name] ?? []
            }
            var table = LiveTable(
                family: family, name: name, comment: comment, counters: counters, sets: sets, chains: chains,
                sources: sources, flags: tableFlags)
            fillUnlisted(&table, &listing, devicesListed: devicesListed, commentListed: comment != nil)
            listing.table = table
            return listing
        }

        /// nft 1.0.9 and later list the table comment and chain devices; before that the JSON
        /// has neither, so they are taken from the configuration (and said so).
        private func fillUnlisted(
            _ table: inout LiveTable, _ listing: inout SavedListing, devicesListed: Set<String>, commentListed: Bool
        ) {
            guard !SavedListing.listsCommentsAndDevices(listing.nftVersion) else { return }
            let writer = "nft \(listing.nftVersion.map { PrintableText.escaped($0) } ?? "(no version)")"
            if !commentListed, desired.comment != nil {
                table.comment = desired.comment
                listing.notes.append(
                    "\(writer) leaves the table comment (port0's version mark) out of JSON listings: not compared")
            }
            var filled = false
            var unknown: [String] = []
            for index in table.chains.indices where table.family == .netdev {
                let chainName = table.chains[index].name
                guard var base = table.chains[index].base, !devicesListed.contains(chainName) else { continue }
                filled = true
                guard let configured = desired.chains.first(where: { $0.name == chainName })?.base else {
                    unknown.append(PrintableText.escaped(chainName))
                    continue
                }
                base.devices = configured.devices.sorted()
                table.chains[index].base = base
            }
            if filled {
                var note = "\(writer) leaves chain devices out of JSON listings: devices not compared"
                if !unknown.isEmpty { note += " (not known for chain \(unknown.joined(separator: ", ")))" }
                listing.notes.append(note)
            }
        }

        private func metainfo(_ body: ListingNode, _ listing: inout SavedListing) throws(ListingNode.Problem) {
            guard case .object = body.value else { throw body.problem("expected an object, found \(body.kind)") }
            if let schema = body.member("json_schema_version") {
                let version = try schema.int()
                guard version == 1 else {
                    throw schema.problem("json_schema_version \(version) is not supported (port0 reads version 1)")
                }
            }
            listing.nftVersion = try body.optionalString("version")
        }

        private func chain(_ body: ListingNode) throws(ListingNode.Problem) -> (LiveChain, Bool) {
            let chainName = try body.string("name")
            guard let hookName = try body.optionalString("hook") else {
                return (LiveChain(name: chainName, base: nil, rules: []), false)
            }
            let prio = try body.required("prio").integer(Int32.self)
            let policyNode = try body.required("policy")
            let policy: UInt32
            switch try policyNode.string() {
            case "accept": policy = 1
            case "drop": policy = 0
            case let other: throw policyNode.problem("unknown chain policy \"\(PrintableText.escaped(other))\"")
            }
            var devices: [String] = []
            let dev = body.member("dev")
            if let dev {
                if case .array = dev.value {
                    for device in try dev.elements() { devices.append(try device.string()) }
                } else {
                    devices = [try dev.string()]
                }
            }
            let base = LiveBaseChain(
                type: try body.string("type"), hook: family.hooks.first { $0.rawValue == hookName }, priority: prio,
                devices: devices.sorted(), policy: policy)
            return (LiveChain(name: chainName, base: base, rules: []), dev != nil)
        }

        /// The key length each named set is looked up with (the payload load before the lookup).
        static func lookupKeyLengths(_ rules: some Sequence<LiveRule>) -> [String: UInt32] {
            var lengths: [String: UInt32] = [:]
            for rule in rules {
                for (load, lookup) in zip(rule.exprs, rule.exprs.dropFirst()) {
                    if case .payload(_, _, let length) = load, case .lookup(.named(let name)) = lookup {
                        lengths[name] = length
                    }
                }
            }
            return lengths
        }

        /// A table's `flags` (nft ≥ 1.0.9 may print a single one as a string); the owning
        /// socket is not in a listing.
        static func tableFlags(_ body: ListingNode) throws(ListingNode.Problem) -> UInt32 {
            guard let listed = body.member("flags") else { return 0 }
            let names = try (listed.value.isString ? [listed] : try listed.elements()).map {
                (node) throws(ListingNode.Problem) in try node.string()
            }
            var flags: UInt32 = 0
            for flag in names {
                guard let bit = ["dormant": UInt32(0x1), "owner": 0x2, "persist": 0x4][flag] else {
                    throw listed.problem("unknown table flag \"\(PrintableText.escaped(flag))\"")
                }
                flags |= bit
            }
            return flags
        }

        /// Sets the rules update from the packet path (`update @set { … }`).
        static func updatedSets(_ rules: some Sequence<LiveRule>) -> Set<String> {
            var names: Set<String> = []
            for rule in rules {
                for case .dynsetUpdate(let name) in rule.exprs { names.insert(name) }
            }
            return names
        }

        static let commands: Set<String> = [
            "add", "replace", "create", "insert", "delete", "list", "reset", "flush", "rename", "destroy",
        ]
    }

    /// nft 1.0.9 is the first whose JSON listing carries table comments and chain devices.
    static func listsCommentsAndDevices(_ version: String?) -> Bool { atLeast(version, (1, 0, 9)) }

    /// nft 1.0.7 is the first whose JSON listing carries a set's `dynamic` flag.
    static func listsDynamicFlag(_ version: String?) -> Bool { atLeast(version, (1, 0, 7)) }

    static func atLeast(_ version: String?, _ minimum: (Int, Int, Int)) -> Bool {
        guard let version else { return false }
        let parts = version.split(separator: ".").map { Int($0) }
        guard parts.count >= 2, parts.allSatisfy({ $0 != nil }) else { return false }
        let numbers = parts.map { $0! } + [0, 0]
        return (numbers[0], numbers[1], numbers[2]) >= minimum
    }
}

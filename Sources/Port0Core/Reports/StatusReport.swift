/// port0's table as it is now, measured against the configuration: installed or not,
/// matching or drifted (and how), and what each counter has dropped.
public struct StatusReport: Sendable {
    /// `inet port0`
    public var table: String
    public var installed: Bool
    /// Empty when matching, and when not installed.
    public var differences: [String]
    /// The live counters with their values (none when not installed).
    public var counters: [NamedCounter]
    /// Every source in the live dynamic sets, one row per address, unranked
    /// (`--track-sources`): the reports rank only the ones they show (`topSources`).
    public var trackedSources: [TrackedSource]
    /// How many sources the text and JSON list (`status --top N`; 0: only the count).
    public var top = 0
    /// The timeout of each live source set, in ms: how long ago a source was last seen is
    /// the timeout minus the time it has left.
    var setTimeouts: [String: UInt64]
    /// Chains and devices the kernel dropped with a device (Linux before 6.16); also in
    /// `differences`, in words.
    public var deviceLosses: [DeviceLoss]
    /// Configured devices that do not exist in the target namespace (`noteMissing`): the
    /// table names them, but nothing is filtered there; also in `differences`, in words.
    public private(set) var missingDevices: [String] = []
    /// The devices the live netdev base chains are bound to, by name.
    var liveDevices: Set<String>
    /// The live table's NFT_TABLE_F_* (0 when not installed).
    public var flags: UInt32
    /// Who owns the table (NFT_TABLE_F_OWNER), as `netlink port 1234, pid 1234 (port0)`.
    public var owner: String?

    public init(live: LiveTable?, desired: Table, kernel: KernelVersion? = nil) {
        table = "\(desired.family.rawValue) \(desired.name)"
        installed = live != nil
        let drift = live.map { Drift(live: $0, desired: desired, kernel: kernel) }
        differences = drift?.differences ?? []
        deviceLosses = drift?.deviceLosses ?? []
        flags = live?.flags ?? 0
        liveDevices = Set((live?.chains ?? []).flatMap { $0.base?.devices ?? [] })
        owner = live.flatMap { $0.flags & LiveTable.ownerFlag != 0 ? $0.ownerDescription : nil }
        counters = live?.counters ?? []
        trackedSources = Self.merged(live?.sources ?? [])
        setTimeouts = Dictionary(
            (live?.sets ?? []).filter(\.isDynamic).map { ($0.name, $0.timeoutMilliseconds) },
            uniquingKeysWith: { first, _ in first })
    }

    /// One row per address: a source can be in two sets (an outer source shard and the set
    /// of sources inside encapsulated frames); its counts add up, it was last seen when
    /// either set last saw it.
    ///
    /// Within one set the kernel keeps each key once, so a full table usually has no address
    /// twice: the sources are then returned as they are, without a copy.
    static func merged(_ sources: [TrackedSource]) -> [TrackedSource] {
        // An open-addressing index of the sources seen so far: each slot holds 32 bits of the
        // address's hash and the source's index + 1 (0: empty), 8 bytes a slot so that it
        // stays in the cache (a Dictionary of the keys cost 10 ms for 65,536 sources).
        // Hasher is seeded per process, so spoofed addresses cannot be chosen to collide.
        var capacity = 16
        while capacity < sources.count * 2 { capacity *= 2 }
        var slots = [UInt64](repeating: 0, count: capacity)
        let mask = capacity - 1
        // (later, first) for every source whose address an earlier one has.
        var repeats: [(Int, Int)] = []
        for later in sources.indices {
            // The address alone (two 64-bit words): a match compares the version too.
            var hasher = Hasher()
            hasher.combine(sources[later].address)
            let hash = UInt64(UInt(bitPattern: hasher.finalize()))
            var slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot] != 0 {
                let first = Int(truncatingIfNeeded: slots[slot] & 0xffff_ffff) - 1
                if slots[slot] >> 32 == hash >> 32, sources[first].address == sources[later].address,
                    sources[first].version == sources[later].version
                {
                    repeats.append((later, first))
                    break
                }
                slot = (slot + 1) & mask
            }
            if slots[slot] == 0 { slots[slot] = hash & 0xffff_ffff_0000_0000 | UInt64(later + 1) }
        }
        if repeats.isEmpty { return sources }
        var out = sources
        var merged = [Bool](repeating: false, count: sources.count)
        for (later, first) in repeats {
            let source = sources[later]
            out[first].packets += source.packets
            out[first].bytes += source.bytes
            if let expires = source.expiresInMilliseconds, expires > out[first].expiresInMilliseconds ?? 0 {
                out[first].expiresInMilliseconds = expires
                out[first].set = source.set
            }
            merged[later] = true
        }
        return out.indices.filter { !merged[$0] }.map { out[$0] }
    }

    /// Every source, most packets first.
    public var sources: [TrackedSource] { topSources(trackedSources.count) }

    /// The `count` sources with the most packets, most first.
    public func topSources(_ count: Int) -> [TrackedSource] { Self.ranked(trackedSources, top: count) }

    /// A source's place in the ranking: most packets first, then most bytes, then IPv4 before
    /// IPv6, then by address (a total order: one row per address).
    private struct Rank {
        var packets: UInt64
        var bytes: UInt64
        var ipv6: Bool
        var address: UInt128
        var index: Int

        init(_ source: TrackedSource, _ index: Int) {
            (packets, bytes, ipv6, address) = (source.packets, source.bytes, source.version == .ipv6, source.address)
            self.index = index
        }

        func precedes(_ other: Rank) -> Bool {
            if packets != other.packets { return packets > other.packets }
            if bytes != other.bytes { return bytes > other.bytes }
            if ipv6 != other.ipv6 { return !ipv6 }
            return address < other.address
        }
    }

    /// Up to this many, the top sources are selected in one pass over the sources (a full
    /// 65,536-source set: a sort of every source was a third of `status --top`'s user time);
    /// more are sorted whole.
    static let selectionLimit = 64

    /// The first `count` sources in the ranking. Sorted as plain keys, not as the sources
    /// themselves (moving those retains each one's set name).
    static func ranked(_ sources: [TrackedSource], top count: Int) -> [TrackedSource] {
        let count = min(max(count, 0), sources.count)
        if count == 0 { return [] }
        if count > selectionLimit {
            var ranks = sources.indices.map { Rank(sources[$0], $0) }
            ranks.sort { $0.precedes($1) }
            return ranks.prefix(count).map { sources[$0.index] }
        }
        // The best `count` so far, best first: a source that does not beat the last is
        // passed over with one comparison.
        var best: [Rank] = []
        best.reserveCapacity(count)
        for index in sources.indices {
            let rank = Rank(sources[index], index)
            if best.count == count {
                guard rank.precedes(best[count - 1]) else { continue }
                best.removeLast()
            }
            var low = 0
            var high = best.count
            while low < high {
                let middle = (low + high) / 2
                if best[middle].precedes(rank) { low = middle + 1 } else { high = middle }
            }
            best.insert(rank, at: low)
        }
        return best.map { sources[$0.index] }
    }

    /// Milliseconds since the source's last dropped packet, when the kernel reports expiry.
    public func lastSeenMilliseconds(_ source: TrackedSource) -> UInt64? {
        guard let expires = source.expiresInMilliseconds, let timeout = setTimeouts[source.set] else { return nil }
        return timeout >= expires ? timeout - expires : 0
    }

    static func seconds(_ milliseconds: UInt64) -> String {
        "\(milliseconds / 1000).\(String(milliseconds % 1000 / 100))s"
    }

    /// Records which of `missing` (configured devices that do not exist in the table's
    /// namespace) the live chains are still bound to. From Linux 6.16 the kernel keeps a
    /// netdev chain whose device went away (deleted, or renamed: it binds by name) and binds
    /// it again when a link of that name appears, so the table reads back as configured while
    /// nothing on that link is filtered. Before 6.16 the kernel unbinds the device instead
    /// (`deviceLosses`, or a renamed device listed under its new name). Either way the edge is
    /// not protected as configured: the report is drifted (exit 4) on both.
    public mutating func noteMissing(devices missing: [String]) {
        let fresh = missing.filter { liveDevices.contains($0) && !missingDevices.contains($0) }
        guard installed, !fresh.isEmpty else { return }
        missingDevices += fresh
        differences += fresh.map {
            let name = "\"\(PrintableText.escaped($0))\""
            return "device \(name) does not exist in this network namespace: the chains bound to \(name) filter "
                + "nothing until a link of that name appears"
        }
    }

    public var drifted: Bool { installed && !differences.isEmpty }

    /// `status`'s exit code: 0 installed and matching, 3 not installed, 4 drifted.
    public var exitCode: Int32 { !installed ? 3 : drifted ? 4 : 0 }

    public var state: String { !installed ? "not installed" : drifted ? "drifted" : "matching" }

    public var text: String {
        var out = "table \(table): \(installed ? "installed" : "not installed")"
        if installed { out += ", \(drifted ? "drifted from" : "matches") the configuration" }
        out += "\n"
        for difference in differences { out += "  \(difference)\n" }
        if let ownership = ownershipLine { out += ownership + "\n" }
        if !counters.isEmpty { out += "counters:\n" }
        for counter in counters {
            let name: String
            switch counter.kind {
            case (let direction, .dropped(let field))?: name = "\(direction.rawValue) \(field.rawValue)"
            case (let direction, .passedFragments)?: name = "\(direction.rawValue) fragments passed"
            case (let direction, .exempt)?: name = "\(direction.rawValue) exempt passed"
            case nil:
                name =
                    Encapsulation.counted(by: counter.name).map { "uninspected \($0.rawValue) (passed)" }
                    ?? PrintableText.escaped(counter.name)
            }
            out += "  \(name): \(counter.packets) packets, \(counter.bytes) bytes\n"
        }
        if !setTimeouts.isEmpty {
            out += "sources: \(trackedSources.count) tracked"
            if top > 0 && !trackedSources.isEmpty { out += ", top \(min(top, trackedSources.count)) by packets" }
            out += "\n"
            for source in topSources(top) {
                out += "  \(source.addressText): \(source.packets) packets, \(source.bytes) bytes"
                if let ago = lastSeenMilliseconds(source) { out += ", last seen \(Self.seconds(ago)) ago" }
                out += "\n"
            }
        }
        return out
    }

    /// The ownership a `port0 guard --own-table` gives the table (PERSIST): who holds it, or
    /// that nobody does since the guard stopped. Other ownership is one of `differences`.
    var ownershipLine: String? {
        guard installed, flags & LiveTable.persistFlag != 0 else { return nil }
        if let owner {
            return
                "owner: \(owner), flags owner, persist: only it can change or delete the table; it stays when it exits"
        }
        return "owner: none, flags persist: left by a stopped port0 guard --own-table; a guard started again claims it"
    }

    public var json: String {
        JSONValue.object(
            [
                ("table", .string(table)), ("installed", .bool(installed)), ("state", .string(state)),
                ("differences", .array(differences.map(JSONValue.string))),
                ("removed_with_device", .array(deviceLosses.map(\.json))),
                ("missing_devices", .array(missingDevices.map(JSONValue.string))),
            ] + ownershipJSON + [("counters", .array(counters.map(Self.json)))] + sourcesJSON
        ).spacedText
    }

    /// A counter's name, what it counts and its values.
    static func json(_ counter: NamedCounter) -> JSONValue {
        var members: [(String, JSONValue)] = [("name", .string(counter.name))]
        switch counter.kind {
        case (let direction, .dropped(let field))?:
            members += [("direction", .string(direction.rawValue)), ("field", .string(field.rawValue))]
        case (let direction, .passedFragments)?:
            members += [("direction", .string(direction.rawValue)), ("kind", "passed_fragments")]
        case (let direction, .exempt)?:
            members += [("direction", .string(direction.rawValue)), ("kind", "exempt")]
        case nil:
            if let encap = Encapsulation.counted(by: counter.name) {
                members.append(("encap", .string(encap.rawValue)))
            }
        }
        return .object(
            members + [
                ("packets", .int(Int64(clamping: counter.packets))), ("bytes", .int(Int64(clamping: counter.bytes))),
            ])
    }

    /// The live table's `flags` and `owner` (null when unowned), when it is installed.
    var ownershipJSON: [(String, JSONValue)] {
        guard installed else { return [] }
        return [("flags", .array(flagNames.map(JSONValue.string))), ("owner", owner.map(JSONValue.string) ?? .null)]
    }

    /// NFT_TABLE_F_* by name: `dormant`, `owner`, `persist`.
    var flagNames: [String] {
        [(LiveTable.dormantFlag, "dormant"), (LiveTable.ownerFlag, "owner"), (LiveTable.persistFlag, "persist")]
            .filter { flags & $0.0 != 0 }.map(\.1)
    }

    /// `tracked_sources` and the `top_sources` (only with source tracking configured).
    var sourcesJSON: [(String, JSONValue)] {
        guard !setTimeouts.isEmpty else { return [] }
        return [
            ("tracked_sources", .int(Int64(trackedSources.count))), ("top_sources", .array(topSources(top).map(json))),
        ]
    }

    /// A listed source: its address, values, and when it was last seen and expires.
    func json(_ source: TrackedSource) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("address", .string(source.addressText)), ("family", .string(source.version.rawValue)),
            ("packets", .int(Int64(clamping: source.packets))), ("bytes", .int(Int64(clamping: source.bytes))),
        ]
        if let ago = lastSeenMilliseconds(source) { members.append(("last_seen_ms_ago", .int(Int64(clamping: ago)))) }
        if let expires = source.expiresInMilliseconds {
            members.append(("expires_in_ms", .int(Int64(clamping: expires))))
        }
        return .object(members)
    }
}

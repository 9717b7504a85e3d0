import CNftnl
import Port0Core

/// Reads one table back with netlink dumps (table, counters, sets and their elements,
/// chains, rules) into a `LiveTable`. Other tables are skipped as they are decoded.
struct TableReader {
    let session: NetlinkSession
    let family: Family
    let name: String
    /// false: named (interval) sets come back without elements (anonymous sets are always
    /// read: rules need them). Dumping a large interval set is the slow part of a read (the
    /// kernel walks its rbtree from the start for every dump message).
    var namedSetElements = true
    /// false: dynamic sets come back without their sources (elements with counters), which
    /// only `status` reports.
    var trackedSources = true

    func read() throws(Port0Error) -> LiveTable? {
        guard let header = try readTable() else { return nil }
        var handles = HandleCensus()
        let counters = try readCounters(&handles)
        let sets = try readSets(&handles)
        var anonymous: [String: AnonymousSet] = [:]
        var maps: [String: VerdictMap] = [:]
        var named: [LiveSet] = []
        var sources: [TrackedSource] = []
        for set in sets {
            if set.flags & LiveSet.dynamicFlags == LiveSet.dynamicFlags {
                // A dynamic set's elements are state (who was dropped), read with their counters.
                named.append(
                    LiveSet(
                        name: set.name, keyType: set.keyType, keyLength: set.keyLength, flags: set.flags,
                        elements: [], size: set.size, timeoutMilliseconds: set.timeout, expressions: set.expressions))
                if trackedSources { try readTrackedElements(of: set, into: &sources) }
                continue
            }
            let isAnonymous = set.flags & UInt32(NFT_SET_ANONYMOUS.rawValue) != 0
            if isAnonymous, set.flags & UInt32(NFT_SET_MAP.rawValue) != 0 {
                // A verdict map of jumps (the source shards); any other map stays unknown.
                if set.dataType == NftDatatype.verdict, let elements = try dumpElements(of: set.name).jumpElements {
                    maps[set.name] = VerdictMap(elements: elements)
                }
                continue
            }
            if isAnonymous {
                // Compared as a set: the kernel's hash keeps no order.
                var keys = try readElements(of: set.name) { key, _ in key }
                keys.sort(by: Self.lexicographic)
                anonymous[set.name] = AnonymousSet(keyType: set.keyType, keyLength: set.keyLength, elements: keys)
            } else {
                var elements =
                    namedSetElements
                    ? try readElements(of: set.name) { key, flags in
                        IntervalElement(key: key, intervalEnd: flags & UInt32(NFT_SET_ELEM_INTERVAL_END.rawValue) != 0)
                    } : []
                elements.sort {
                    Self.lexicographic($0.key, $1.key) || ($0.key == $1.key && $0.intervalEnd && !$1.intervalEnd)
                }
                named.append(
                    LiveSet(
                        name: set.name, keyType: set.keyType, keyLength: set.keyLength, flags: set.flags,
                        elements: elements))
            }
        }
        var chains = try readChains(&handles)
        let rules = try readRules(anonymous: anonymous, maps: maps, &handles)
        for index in chains.indices {
            chains[index].rules = rules[chains[index].name] ?? []
        }
        var table = LiveTable(
            family: family, name: name, comment: header.comment, counters: counters, sets: named, chains: chains,
            sources: sources, flags: header.flags, owner: header.owner)
        table.stamp = header.stamp
        table.handles = handles
        return table
    }

    static func lexicographic(_ a: [UInt8], _ b: [UInt8]) -> Bool { a.lexicographicallyPrecedes(b) }

    struct Header {
        var comment: String?
        var flags: UInt32
        var owner: UInt32?
        var stamp: CommitStamp?
    }

    /// The table's comment (NFTNL_UDATA_TABLE_COMMENT), flags and owner, or nil when the
    /// table is absent.
    func readTable() throws(Port0Error) -> Header? {
        var found: Header?
        try session.request(NFT_MSG_GETTABLE, family: family.nfproto) { nlh in
            let t = NftnlTable()
            guard t.parse(nlh), t.string(NFTNL_TABLE_NAME) == name else { return }
            let udata = t.bytes(NFTNL_TABLE_USERDATA)
            let text =
                udata
                .flatMap { Udata.find(UInt8(NFTNL_UDATA_TABLE_COMMENT.rawValue), in: $0) }
                .map { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            let stamp = udata.flatMap { Udata.find(CommitStamp.udataType, in: $0) }.flatMap(CommitStamp.init(bytes:))
            let owner = t.isSet(NFTNL_TABLE_OWNER) ? t.u32(NFTNL_TABLE_OWNER) : nil
            found = Header(comment: text, flags: t.u32(NFTNL_TABLE_FLAGS), owner: owner, stamp: stamp)
        }
        return found
    }

    private func readCounters(_ handles: inout HandleCensus) throws(Port0Error) -> [NamedCounter] {
        var counters: [NamedCounter] = []
        try session.request(
            NFT_MSG_GETOBJ, family: family.nfproto,
            payload: { nlh in
                mnl_attr_put_strz(nlh, UInt16(NFTA_OBJ_TABLE.rawValue), name)
                mnl_attr_put_u32(nlh, UInt16(NFTA_OBJ_TYPE.rawValue), UInt32(NFT_OBJECT_COUNTER).bigEndian)
            }
        ) { nlh in
            let o = NftnlObject()
            guard o.parse(nlh), o.string(NFTNL_OBJ_TABLE) == name,
                o.u32(NFTNL_OBJ_TYPE) == UInt32(NFT_OBJECT_COUNTER), let objectName = o.string(NFTNL_OBJ_NAME)
            else { return }
            handles.add(o.u64(NFTNL_OBJ_HANDLE))
            counters.append(
                NamedCounter(name: objectName, packets: o.u64(NFTNL_OBJ_CTR_PKTS), bytes: o.u64(NFTNL_OBJ_CTR_BYTES)))
        }
        return counters
    }

    private struct SetHeader {
        var name: String
        var keyType: UInt32
        var keyLength: UInt32
        var flags: UInt32
        var dataType: UInt32 = 0
        var size: UInt32 = 0
        var timeout: UInt64 = 0
        var expressions: [String] = []
    }

    /// Every set of the table, anonymous ones too (each drew a handle).
    private func readSets(_ handles: inout HandleCensus) throws(Port0Error) -> [SetHeader] {
        var sets: [SetHeader] = []
        try session.request(
            NFT_MSG_GETSET, family: family.nfproto,
            payload: { nlh in mnl_attr_put_strz(nlh, UInt16(NFTA_SET_TABLE.rawValue), name) }
        ) { nlh in
            let s = NftnlSet()
            guard s.parse(nlh), s.string(NFTNL_SET_TABLE) == name,
                let setName = s.string(NFTNL_SET_NAME)
            else { return }
            handles.add(s.u64(NFTNL_SET_HANDLE))
            var header = SetHeader(
                name: setName, keyType: s.u32(NFTNL_SET_KEY_TYPE), keyLength: s.u32(NFTNL_SET_KEY_LEN),
                flags: s.u32(NFTNL_SET_FLAGS))
            if s.isSet(NFTNL_SET_DATA_TYPE) { header.dataType = s.u32(NFTNL_SET_DATA_TYPE) }
            if header.flags & LiveSet.dynamicFlags == LiveSet.dynamicFlags {
                header.size = s.isSet(NFTNL_SET_DESC_SIZE) ? s.u32(NFTNL_SET_DESC_SIZE) : 0
                header.timeout = s.isSet(NFTNL_SET_TIMEOUT) ? s.u64(NFTNL_SET_TIMEOUT) : 0
                header.expressions = s.expressionNames
            }
            sets.append(header)
        }
        return sets
    }

    /// A set's elements, each made by `make` from its key and NFT_SET_ELEM_* flags as its dump
    /// message is parsed (`ElementDump`): no second copy of the dump is held alongside. Keys
    /// longer than 16 bytes (another tool's concatenations), which that reader does not keep
    /// whole, are read again through libnftnl.
    private func readElements<Element>(
        of setName: String, _ make: (_ key: [UInt8], _ flags: UInt32) -> Element
    ) throws(Port0Error) -> [Element] {
        var elements: [Element] = []
        var longKeys = false
        try dumpElementMessages(of: setName) { element in
            longKeys = longKeys || element.keyLength > 16
            elements.append(make(element.keyBytes, element.flags))
        }
        guard longKeys else { return elements }
        return try dumpElements(of: setName).elements.map { make($0.key, $0.flags) }
    }

    /// One GETSETELEM dump of the named set, its elements parsed into the returned owner.
    private func dumpElements(of setName: String) throws(Port0Error) -> NftnlSet {
        let s = NftnlSet()
        s.set(NFTNL_SET_TABLE, name)
        s.set(NFTNL_SET_NAME, setName)
        s.set(NFTNL_SET_FAMILY, family.nfproto)
        try session.request(
            NFT_MSG_GETSETELEM, family: family.nfproto,
            payload: { nlh in s.buildElementsPayload(nlh) }
        ) { nlh in
            s.parseElements(nlh)
        }
        return s
    }

    /// A dynamic set's elements with their counters, parsed straight from the dump messages
    /// (`ElementDump`). Keys that are not IPv4 or IPv6 addresses (another tool's set)
    /// are skipped: they name no source.
    private func readTrackedElements(of set: SetHeader, into sources: inout [TrackedSource]) throws(Port0Error) {
        let version: IPVersion
        switch (set.keyType, set.keyLength) {
        case (NftDatatype.ipv4Address, 4): version = .ipv4
        case (NftDatatype.ipv6Address, 16): version = .ipv6
        default: return
        }
        try dumpElementMessages(of: set.name) { element in
            guard element.keyLength == Int(set.keyLength) else { return }
            sources.append(
                TrackedSource(
                    set: set.name, version: version, address: element.key, packets: element.packets ?? 0,
                    bytes: element.bytes ?? 0, expiresInMilliseconds: element.expiresInMilliseconds))
        }
    }

    /// One GETSETELEM dump of the named set, each element handed to `each` as its message is
    /// parsed (`ElementDump`): nothing of the dump is kept but what `each` keeps.
    private func dumpElementMessages(of setName: String, _ each: (ElementDump.Element) -> Void) throws(Port0Error) {
        try session.request(
            NFT_MSG_GETSETELEM, family: family.nfproto,
            payload: { nlh in
                mnl_attr_put_strz(nlh, UInt16(NFTA_SET_ELEM_LIST_TABLE.rawValue), name)
                mnl_attr_put_strz(nlh, UInt16(NFTA_SET_ELEM_LIST_SET.rawValue), setName)
            }
        ) { (nlh) throws(Port0Error) in
            let message = UnsafeRawBufferPointer(start: nlh, count: Int(nlh.pointee.nlmsg_len))
            do throws(NetlinkAttributes.Malformed) {
                try ElementDump.elements(of: message, each)
            } catch {
                throw .system(
                    context: "set \(setName)'s elements", reason: "malformed netlink answer (\(error.attribute))")
            }
        }
    }

    private func readChains(_ handles: inout HandleCensus) throws(Port0Error) -> [LiveChain] {
        var chains: [LiveChain] = []
        try session.request(
            NFT_MSG_GETCHAIN, family: family.nfproto,
            payload: { nlh in mnl_attr_put_strz(nlh, UInt16(NFTA_CHAIN_TABLE.rawValue), name) }
        ) { nlh in
            let c = NftnlChain()
            guard c.parse(nlh), c.string(NFTNL_CHAIN_TABLE) == name,
                let chainName = c.string(NFTNL_CHAIN_NAME)
            else { return }
            handles.add(c.u64(NFTNL_CHAIN_HANDLE))
            var base: LiveBaseChain?
            if c.isSet(NFTNL_CHAIN_HOOKNUM) {
                let number = c.u32(NFTNL_CHAIN_HOOKNUM)
                base = LiveBaseChain(
                    type: c.string(NFTNL_CHAIN_TYPE) ?? "", hook: family.hooks.first { $0.number == number },
                    priority: c.s32(NFTNL_CHAIN_PRIO), devices: c.devices.sorted(), policy: c.u32(NFTNL_CHAIN_POLICY))
            }
            chains.append(LiveChain(name: chainName, base: base, rules: []))
        }
        return chains
    }

    private func readRules(
        anonymous: [String: AnonymousSet], maps: [String: VerdictMap], _ handles: inout HandleCensus
    ) throws(Port0Error) -> [String: [LiveRule]] {
        var rules: [String: [LiveRule]] = [:]
        try session.request(
            NFT_MSG_GETRULE, family: family.nfproto,
            payload: { nlh in mnl_attr_put_strz(nlh, UInt16(NFTA_RULE_TABLE.rawValue), name) }
        ) { nlh in
            let r = NftnlRule()
            guard r.parse(nlh), r.string(NFTNL_RULE_TABLE) == name,
                let chain = r.string(NFTNL_RULE_CHAIN)
            else { return }
            let exprs = r.withExprs { views in
                views.map { ExprDecoding.decode($0, anonymousSets: anonymous, anonymousMaps: maps) }
            }
            let handle = r.u64(NFTNL_RULE_HANDLE)
            handles.add(handle)
            rules[chain, default: []].append(LiveRule(exprs: exprs, handle: handle))
        }
        return rules
    }
}

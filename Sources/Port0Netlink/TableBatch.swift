import CNftnl
import CPort0Sys
import Glibc
import Port0Core

/// Writes the atomic replace of one table into a batch, in the order and with the attributes
/// nft 1.0.6 sends for `port0 render`'s script (src/mnl.c): NEWTABLE, DELTABLE, NEWTABLE with
/// its comment, the chains, the counters, the named sets with their elements, then rule by rule
/// (each preceded by its anonymous sets). The same order gives the same handles.
struct TableBatch {
    private(set) var table: Table
    private var nextSetID: UInt32 = 1
    private var namedSetIDs: [String: UInt32] = [:]

    init(_ table: consuming Table) { self.table = table }

    private var family: Family { table.family }
    private var tableLabel: String { "table \(table.family.rawValue) \(table.name)" }

    mutating func write(to batch: Batch, stamp: CommitStamp? = nil) throws(Port0Error) {
        writeHead(to: batch, stamp: stamp)
        try writeBody(to: batch)
    }

    /// The tables, chains and counters: small, and the only part that depends on live state
    /// (the counter values carried over, the commit stamp). nft sends no stamp: it is
    /// one more user-data TLV in the table, which nft ignores.
    func writeHead(to batch: Batch, stamp: CommitStamp? = nil) {
        let create = NLM_F_CREATE
        // `table inet port0 {}`: creates it when absent, so the delete cannot fail. No flags
        // attribute: on an existing table that is no update at all, where flags of 0 would
        // be an attempt to drop a PERSIST flag (EOPNOTSUPP) or to take ownership.
        batch.message(NFT_MSG_NEWTABLE, family: family, flags: create, label: tableLabel) { nlh in
            tableObject(comment: nil, flags: nil).buildPayload(nlh)
        }
        batch.message(NFT_MSG_DELTABLE, family: family, flags: 0, label: tableLabel) { nlh in
            mnl_attr_put_strz(nlh, UInt16(NFTA_TABLE_NAME.rawValue), table.name)
        }
        batch.message(NFT_MSG_NEWTABLE, family: family, flags: create, label: tableLabel) { nlh in
            tableObject(comment: table.comment, flags: table.flags, stamp: stamp).buildPayload(nlh)
        }
        for chain in table.chains { writeChain(chain, batch) }
        for counter in table.counters { writeCounter(counter, batch) }
    }

    /// The sets with their elements and the rules: everything large. Set ids are numbered
    /// here, so the head never needs them. `releasingElements`: each set's ranges are moved
    /// out of `table` and freed a chunk at a time as they are written (when nothing else
    /// holds them), so that a large set's ranges and its encoding never exist whole together.
    mutating func writeBody(to batch: Batch, releasingElements: Bool = false) throws(Port0Error) {
        for index in table.sets.indices {
            let size = table.sets[index].descriptionSize
            let chunks: [[AddressRange]]
            if releasingElements {
                var ranges: [AddressRange] = []
                swap(&ranges, &table.sets[index].elements)
                chunks = IntervalKeys.chunks(consume ranges)
            } else {
                chunks = [table.sets[index].elements]
            }
            let keys = IntervalKeys(chunks: consume chunks, version: table.sets[index].version)
            writeNamedSet(table.sets[index], size: size, keys: keys, batch)
        }
        for set in table.sourceSets { writeSourceSet(set, batch) }
        for chain in table.chains {
            for (index, rule) in chain.rules.enumerated() {
                try writeRule(Lowering.exprs(rule, family: family), chain: chain.name, index: index + 1, batch)
            }
        }
    }

    private func tableObject(comment: String?, flags: UInt32?, stamp: CommitStamp? = nil) -> NftnlTable {
        let t = NftnlTable()
        t.set(NFTNL_TABLE_NAME, table.name)
        t.set(NFTNL_TABLE_FAMILY, family.nfproto)
        if let flags { t.set(NFTNL_TABLE_FLAGS, flags) }
        var udata = comment.map { Udata.string(type: UInt8(NFTNL_UDATA_TABLE_COMMENT.rawValue), $0) } ?? []
        if let stamp { udata += Udata.tlv(CommitStamp.udataType, stamp.bytes) }
        if !udata.isEmpty { t.set(NFTNL_TABLE_USERDATA, bytes: udata) }
        return t
    }

    private func writeChain(_ chain: Chain, _ batch: Batch) {
        batch.message(NFT_MSG_NEWCHAIN, family: family, flags: NLM_F_CREATE, label: "chain \(chain.name)") { nlh in
            let c = NftnlChain()
            c.set(NFTNL_CHAIN_TABLE, table.name)
            c.set(NFTNL_CHAIN_NAME, chain.name)
            c.set(NFTNL_CHAIN_FAMILY, family.nfproto)
            if let base = chain.base {
                c.set(NFTNL_CHAIN_HOOKNUM, base.hook.number)
                c.set(NFTNL_CHAIN_PRIO, base.priority.value)
                c.set(NFTNL_CHAIN_TYPE, "filter")
                c.set(NFTNL_CHAIN_POLICY, UInt32(NF_ACCEPT))
                // nft sends a single device as NFTA_HOOK_DEV, several as NFTA_HOOK_DEVS.
                if base.devices.count == 1 {
                    c.set(NFTNL_CHAIN_DEV, base.devices[0])
                } else if base.devices.count > 1 {
                    c.setDevices(base.devices)
                }
            }
            c.buildPayload(nlh)
        }
    }

    private func writeCounter(_ counter: NamedCounter, _ batch: Batch) {
        batch.message(NFT_MSG_NEWOBJ, family: family, flags: NLM_F_CREATE, label: "counter \(counter.name)") { nlh in
            let o = NftnlObject()
            o.set(NFTNL_OBJ_TABLE, table.name)
            o.set(NFTNL_OBJ_NAME, counter.name)
            o.set(NFTNL_OBJ_FAMILY, family.nfproto)
            o.set(NFTNL_OBJ_TYPE, UInt32(NFT_OBJECT_COUNTER))
            o.set(NFTNL_OBJ_CTR_BYTES, counter.bytes)
            o.set(NFTNL_OBJ_CTR_PKTS, counter.packets)
            o.buildPayload(nlh)
        }
    }

    /// A set of this table with the next set id, which the batch's rules refer to.
    private mutating func newSet(_ name: String) -> (NftnlSet, id: UInt32) {
        defer { nextSetID += 1 }
        return (setObject(name, id: nextSetID), nextSetID)
    }

    private func setObject(_ name: String, id: UInt32) -> NftnlSet {
        let s = NftnlSet()
        s.set(NFTNL_SET_TABLE, table.name)
        s.set(NFTNL_SET_NAME, name)
        s.set(NFTNL_SET_FAMILY, family.nfproto)
        s.set(NFTNL_SET_ID, id)
        return s
    }

    private mutating func newNamedSet(_ name: String) -> NftnlSet {
        let (s, id) = newSet(name)
        namedSetIDs[name] = id
        return s
    }

    /// An anonymous constant set (a map with `NFT_SET_MAP` in `flags`) of `size` elements.
    private mutating func newAnonymousSet(_ name: String, flags: UInt32 = 0, size: Int) -> (NftnlSet, id: UInt32) {
        let (s, id) = newSet(name)
        s.set(NFTNL_SET_FLAGS, UInt32(NFT_SET_ANONYMOUS.rawValue | NFT_SET_CONSTANT.rawValue) | flags)
        s.set(NFTNL_SET_DESC_SIZE, UInt32(size))
        return (s, id)
    }

    /// `type ipv4_addr; flags constant,interval`: key in network byte order, elements as
    /// `IntervalElements` lists them, in as many messages as their 16-bit nest allows, all
    /// before the first rule that looks the set up (a bound constant set takes none).
    /// `size`: nft's size hint for the set's ranges, taken before they were moved into `keys`.
    private mutating func writeNamedSet(
        _ addressSet: AddressSet, size: UInt32, keys: consuming IntervalKeys, _ batch: Batch
    ) {
        let s = newNamedSet(addressSet.name)
        s.set(NFTNL_SET_FLAGS, AddressSet.flags)
        if size > 0 { s.set(NFTNL_SET_DESC_SIZE, size) }
        s.set(NFTNL_SET_KEY_TYPE, addressSet.keyType)
        s.set(NFTNL_SET_KEY_LEN, addressSet.keyLength)
        s.set(NFTNL_SET_USERDATA, bytes: Udata.namedSet(addressSet))
        writeSet(s, label: "set \(addressSet.name)", batch)
        writeIntervalElements(addressSet, keys: keys, setID: namedSetIDs[addressSet.name] ?? 0, batch)
    }

    /// The elements in the messages libnftnl would split them into (as many as fit the list's
    /// 16-bit nest), each built by libnftnl from a set holding only that message's elements:
    /// a libnftnl element takes ~300 bytes, so a million-prefix set never exists as libnftnl
    /// objects all at once. Sizes: an element nest (4) holding the key nest (4) with its value
    /// (4 + key length), plus NFTA_SET_ELEM_FLAGS (8) for an interval end.
    private func writeIntervalElements(
        _ addressSet: AddressSet, keys: consuming IntervalKeys, setID: UInt32, _ batch: Batch
    ) {
        let width = Int(addressSet.keyLength)
        let startSize = 12 + width
        let listLimit = Int(UInt16.max)
        var pending = keys.next()
        var released = 0
        var key = [UInt8](repeating: 0, count: width)
        while pending != nil {
            let s = setObject(addressSet.name, id: setID)
            var used = 4  // the NFTA_SET_ELEM_LIST_ELEMENTS nest's header
            while let (value, end) = pending {
                let size = startSize + (end ? 8 : 0)
                if used + size > listLimit { break }
                used += size
                for index in 0..<width { key[index] = UInt8(truncatingIfNeeded: value >> (8 * (width - 1 - index))) }
                key.withUnsafeBytes { s.addElement(key: $0, intervalEnd: end) }
                pending = keys.next()
            }
            writeElements(s, label: "elements of set \(addressSet.name)", batch)
            // A chunk of ranges freed: its heap pages go back to the kernel now, so that the
            // ranges shrink while the batch grows.
            if keys.releasedChunks > released {
                released = keys.releasedChunks
                port0_release_free_heap()
            }
        }
    }

    /// `size N; flags dynamic,timeout; counter; timeout T`: no elements, the rules fill it.
    /// nft sends the counter as the set's one expression (NFTA_SET_EXPR) and the timeout in ms.
    private mutating func writeSourceSet(_ sourceSet: SourceSet, _ batch: Batch) {
        let s = newNamedSet(sourceSet.name)
        s.set(NFTNL_SET_FLAGS, LiveSet.dynamicFlags)
        s.set(NFTNL_SET_KEY_TYPE, sourceSet.version == .ipv4 ? NftDatatype.ipv4Address : NftDatatype.ipv6Address)
        s.set(NFTNL_SET_KEY_LEN, sourceSet.version == .ipv4 ? 4 : 16)
        s.set(NFTNL_SET_DESC_SIZE, sourceSet.size)
        s.set(NFTNL_SET_TIMEOUT, u64: UInt64(sourceSet.timeoutSeconds) * 1000)
        s.set(NFTNL_SET_USERDATA, bytes: Udata.addressSet)
        s.addExpression(NftnlExpr("counter"))
        writeSet(s, label: "set \(sourceSet.name)", batch)
    }

    private func writeSet(_ s: NftnlSet, label: String, _ batch: Batch) {
        batch.message(NFT_MSG_NEWSET, family: family, flags: NLM_F_CREATE, label: label) { nlh in s.buildPayload(nlh) }
    }

    private func writeElements(_ s: NftnlSet, label: String, _ batch: Batch) {
        s.buildElementMessages { payload in
            batch.messages(NFT_MSG_NEWSETELEM, family: family, flags: NLM_F_CREATE, label: label, payload: payload)
        }
    }

    /// An anonymous constant set as nft sends it for `meta l4proto { tcp, udp }`.
    /// `key` is the expression that loads the looked-up value: nft records it as the key's `typeof`.
    private mutating func writeAnonymousSet(_ anonymous: AnonymousSet, key: Expr?, label: String, _ batch: Batch)
        -> UInt32
    {
        let (s, id) = newAnonymousSet(Self.anonymousSetName, size: anonymous.elements.count)
        s.set(NFTNL_SET_KEY_TYPE, anonymous.keyType)
        s.set(NFTNL_SET_KEY_LEN, anonymous.keyLength)
        s.set(NFTNL_SET_USERDATA, bytes: Udata.anonymousSet(anonymous, key: key))
        writeSet(s, label: label, batch)
        for key in anonymous.elements {
            key.withUnsafeBytes { s.addElement(key: $0) }
        }
        writeElements(s, label: "elements of \(label)", batch)
        return id
    }

    static let anonymousSetName = "__set%d"
    static let anonymousMapName = "__map%d"

    /// An anonymous verdict map as nft sends it for `jhash ip saddr mod N vmap { … }`: an
    /// integer key in host byte order (no typeof: nft has none for a hash), verdict data.
    private mutating func writeAnonymousMap(_ map: VerdictMap, label: String, _ batch: Batch) -> UInt32 {
        let (s, id) = newAnonymousSet(
            Self.anonymousMapName, flags: UInt32(NFT_SET_MAP.rawValue), size: map.elements.count)
        s.set(NFTNL_SET_KEY_TYPE, NftDatatype.integer)
        s.set(NFTNL_SET_KEY_LEN, UInt32(4))
        s.set(NFTNL_SET_DATA_TYPE, NftDatatype.verdict)
        s.set(NFTNL_SET_DATA_LEN, UInt32(0))
        s.set(NFTNL_SET_USERDATA, bytes: Udata.verdictMap)
        writeSet(s, label: label, batch)
        for element in map.elements {
            element.key.withUnsafeBytes { s.addElement(key: $0, jumpTo: element.chain) }
        }
        writeElements(s, label: "elements of \(label)", batch)
        return id
    }

    private mutating func writeRule(_ exprs: [Expr], chain: String, index: Int, _ batch: Batch) throws(Port0Error) {
        let label = "rule \(index) in chain \(chain)"
        var anonymousIDs: [UInt32] = []
        for (index, expr) in exprs.enumerated() {
            if case .lookup(.anonymous(let anonymous)) = expr {
                let key = index > 0 ? exprs[index - 1] : nil
                anonymousIDs.append(writeAnonymousSet(anonymous, key: key, label: "anonymous set of \(label)", batch))
            }
            if case .lookupVerdictMap(let map) = expr {
                anonymousIDs.append(writeAnonymousMap(map, label: "anonymous map of \(label)", batch))
            }
        }
        let r = NftnlRule()
        r.set(NFTNL_RULE_TABLE, table.name)
        r.set(NFTNL_RULE_CHAIN, chain)
        r.set(NFTNL_RULE_FAMILY, family.nfproto)
        var nextAnonymous = anonymousIDs.makeIterator()
        for expr in exprs {
            let named = namedSetIDs
            var anonymousID: UInt32 = 0
            if case .lookup(.anonymous) = expr { anonymousID = nextAnonymous.next() ?? 0 }
            if case .lookupVerdictMap = expr { anonymousID = nextAnonymous.next() ?? 0 }
            r.add(
                try ExprEncoding.encode(expr) { reference in
                    switch reference {
                    case .named(let name): return (name, named[name] ?? 0)
                    case .anonymous:
                        if case .lookupVerdictMap = expr { return (Self.anonymousMapName, anonymousID) }
                        return (Self.anonymousSetName, anonymousID)
                    }
                })
        }
        batch.message(NFT_MSG_NEWRULE, family: family, flags: NLM_F_CREATE | NLM_F_APPEND, label: label) { nlh in
            r.buildPayload(nlh)
        }
    }
}

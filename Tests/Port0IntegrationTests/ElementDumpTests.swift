import CNftnl
import Foundation
import Testing

@testable import Port0Netlink

/// `status --top` reads the source sets' elements, and every read-back the other sets'
/// elements, straight from the dump messages (`ElementDump`), without libnftnl objects:
/// the same values libnftnl parses from messages libnftnl builds, exact counts from a real
/// kernel dump, and a clear refusal of a message whose attributes do not fit.
@Suite("Set elements parsed straight from the netlink dump")
struct ElementDumpTests {
    /// One element as a test writes it.
    struct Spec {
        var key: [UInt8]
        var expiration: UInt64?
        var counter: (packets: UInt64, bytes: UInt64)?
        /// Another stateful expression before the counter: the element then carries
        /// NFTA_SET_ELEM_EXPRESSIONS instead of NFTA_SET_ELEM_EXPR.
        var limitFirst = false
        /// NFT_SET_ELEM_INTERVAL_END, as an interval set's end keys carry it.
        var intervalEnd = false
    }

    static let v6Key: [UInt8] = [0x20, 0x01, 0x0d, 0xb8] + Array(repeating: 0, count: 11) + [0x09]

    static let specs = [
        Spec(key: [198, 51, 100, 7], expiration: 3_599_000, counter: (7, 420)),
        Spec(key: v6Key, expiration: 12_345, counter: (1 << 40, 1 << 50), limitFirst: true),
        Spec(key: [10, 0, 0, 1]),
        Spec(key: [10, 0, 0, 2], counter: (0, 0)),
    ]

    /// An NFT_MSG_NEWSETELEM message as libnftnl builds it, each element's nest then typed
    /// NFTA_LIST_ELEM as in the kernel's dumps (libnftnl numbers them 1, 2, 3 … and its own
    /// parser takes only NFTA_LIST_ELEM) unless `asBuilt`.
    static func message(_ specs: [Spec], asBuilt: Bool = false) -> [UInt8] {
        let set = allocated(nftnl_set_alloc(), "nftnl_set")
        defer { nftnl_set_free(set) }
        nftnl_set_set_str(set, attr(NFTNL_SET_TABLE), "port0")
        nftnl_set_set_str(set, attr(NFTNL_SET_NAME), "sources_v4_0")
        for spec in specs {
            let element = allocated(nftnl_set_elem_alloc(), "nftnl_set_elem")
            _ = spec.key.withUnsafeBytes {
                nftnl_set_elem_set(element, attr(NFTNL_SET_ELEM_KEY), $0.baseAddress, UInt32($0.count))
            }
            if let expiration = spec.expiration {
                nftnl_set_elem_set_u64(element, attr(NFTNL_SET_ELEM_EXPIRATION), expiration)
            }
            if spec.intervalEnd {
                nftnl_set_elem_set_u32(element, attr(NFTNL_SET_ELEM_FLAGS), UInt32(NFT_SET_ELEM_INTERVAL_END.rawValue))
            }
            if spec.limitFirst {
                let limit = allocated(nftnl_expr_alloc("limit"), "nftnl_expr")
                nftnl_expr_set_u64(limit, attr(NFTNL_EXPR_LIMIT_RATE), 10)
                nftnl_expr_set_u64(limit, attr(NFTNL_EXPR_LIMIT_UNIT), 60)
                nftnl_set_elem_add_expr(element, limit)
            }
            if let counter = spec.counter {
                let expr = allocated(nftnl_expr_alloc("counter"), "nftnl_expr")
                nftnl_expr_set_u64(expr, attr(NFTNL_EXPR_CTR_PACKETS), counter.packets)
                nftnl_expr_set_u64(expr, attr(NFTNL_EXPR_CTR_BYTES), counter.bytes)
                nftnl_set_elem_add_expr(element, expr)
            }
            nftnl_set_elem_add(set, element)
        }
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: 1 << 16, alignment: 8)
        defer { buffer.deallocate() }
        let nlh = nftnl_nlmsg_build_hdr(
            buffer.assumingMemoryBound(to: CChar.self), UInt16(NFT_MSG_NEWSETELEM.rawValue), UInt16(NFPROTO_INET), 0, 1)!
        nftnl_set_elems_nlmsg_build_payload(nlh, set)
        var message = Array(UnsafeRawBufferPointer(start: nlh, count: Int(nlh.pointee.nlmsg_len)))
        if !asBuilt { Self.typeElements(&message) }
        return message
    }

    /// Sets the type of every nest in NFTA_SET_ELEM_LIST_ELEMENTS to NFTA_LIST_ELEM.
    static func typeElements(_ message: inout [UInt8]) {
        func u16(_ at: Int) -> Int { Int(message[at]) | Int(message[at + 1]) << 8 }
        var offset = 20  // nlmsghdr + nfgenmsg
        while offset + 4 <= message.count {
            let length = u16(offset)
            if u16(offset + 2) & 0x3fff == Int(NFTA_SET_ELEM_LIST_ELEMENTS.rawValue) {
                var inner = offset + 4
                while inner + 4 <= offset + length {
                    message[inner + 2] = UInt8(NFTA_LIST_ELEM.rawValue)
                    message[inner + 3] = UInt8(u16(inner + 2) >> 8 & 0xc0)
                    inner += (u16(inner) + 3) & ~3
                }
            }
            offset += (length + 3) & ~3
        }
    }

    static func parsed(_ message: [UInt8]) throws -> [ElementDump.Element] {
        var out: [ElementDump.Element] = []
        try message.withUnsafeBytes { bytes in
            try ElementDump.elements(of: bytes) { out.append($0) }
        }
        return out
    }

    /// What libnftnl itself parses from the message: key, flags, counter, expiration.
    static func parsedByLibnftnl(_ message: [UInt8]) -> [ElementDump.Element] {
        var message = message
        let set = allocated(nftnl_set_alloc(), "nftnl_set")
        defer { nftnl_set_free(set) }
        var out: [ElementDump.Element] = []
        message.withUnsafeMutableBytes { bytes in
            _ = nftnl_set_elems_nlmsg_parse(bytes.baseAddress!.assumingMemoryBound(to: nlmsghdr.self), set)
        }
        let iterator = allocated(nftnl_set_elems_iter_create(set), "iterator")
        defer { nftnl_set_elems_iter_destroy(iterator) }
        while let element = nftnl_set_elems_iter_next(iterator) {
            var length: UInt32 = 0
            let key = UnsafeRawBufferPointer(
                start: nftnl_set_elem_get(element, attr(NFTNL_SET_ELEM_KEY), &length), count: Int(length))
            var view = ElementDump.Element(
                keyLength: key.count, key: key.reduce(UInt128(0)) { $0 << 8 | UInt128($1) })
            if nftnl_set_elem_is_set(element, attr(NFTNL_SET_ELEM_FLAGS)) {
                view.flags = nftnl_set_elem_get_u32(element, attr(NFTNL_SET_ELEM_FLAGS))
            }
            if nftnl_set_elem_is_set(element, attr(NFTNL_SET_ELEM_EXPIRATION)) {
                view.expiresInMilliseconds = nftnl_set_elem_get_u64(element, attr(NFTNL_SET_ELEM_EXPIRATION))
            }
            _ = withUnsafeMutablePointer(to: &view) { context in
                nftnl_set_elem_expr_foreach(
                    element,
                    { expr, data in
                        let view = data!.assumingMemoryBound(to: ElementDump.Element.self)
                        if nftnl_expr_get_str(expr, attr(NFTNL_EXPR_NAME)).map({ String(cString: $0) }) == "counter" {
                            view.pointee.packets = nftnl_expr_get_u64(expr, attr(NFTNL_EXPR_CTR_PACKETS))
                            view.pointee.bytes = nftnl_expr_get_u64(expr, attr(NFTNL_EXPR_CTR_BYTES))
                        }
                        return 0
                    }, context)
            }
            out.append(view)
        }
        return out
    }

    @Test("libnftnl's messages: keys, counters (one expression or several) and expiry as libnftnl reads them")
    func libnftnlMessages() throws {
        let message = Self.message(Self.specs)
        let elements = try Self.parsed(message)
        typealias Element = ElementDump.Element
        let v4 = Element(keyLength: 4, key: 0xc633_6407, packets: 7, bytes: 420, expiresInMilliseconds: 3_599_000)
        let v6Address: UInt128 = 0x2001_0db8_0000_0000_0000_0000_0000_0009
        let v6 = Element(
            keyLength: 16, key: v6Address, packets: 1 << 40, bytes: 1 << 50, expiresInMilliseconds: 12_345)
        let bare = Element(keyLength: 4, key: 0x0a00_0001)
        let zero = Element(keyLength: 4, key: 0x0a00_0002, packets: 0, bytes: 0)
        #expect(elements == [v4, v6, bare, zero])
        #expect(elements == Self.parsedByLibnftnl(message))
        // The kernel reads an element list whatever its nests' types; so does this reader.
        #expect(try Self.parsed(Self.message(Self.specs, asBuilt: true)) == elements)
    }

    @Test(
        "an interval set's elements: start keys, and end keys flagged NFT_SET_ELEM_INTERVAL_END, as libnftnl reads them"
    )
    func intervalElements() throws {
        let specs = [
            Spec(key: [0, 0, 0, 0], intervalEnd: true),
            Spec(key: [192, 0, 2, 0]),
            Spec(key: [192, 0, 3, 0], intervalEnd: true),
            Spec(key: Self.v6Key),
            Spec(key: Self.v6Key.dropLast() + [0x0a], intervalEnd: true),
        ]
        let message = Self.message(specs)
        let elements = try Self.parsed(message)
        let end = UInt32(NFT_SET_ELEM_INTERVAL_END.rawValue)
        #expect(elements.map(\.flags) == [end, 0, end, 0, end])
        #expect(elements.map(\.keyBytes) == specs.map(\.key))
        #expect(elements == Self.parsedByLibnftnl(message))
    }

    @Test("many elements in one message, in the kernel's order")
    func manyElements() throws {
        let specs: [Spec] = (0..<500).map { (index: Int) -> Spec in
            let key: [UInt8] = [10, 1, UInt8(index >> 8), UInt8(index & 0xff)]
            let count = UInt64(index)
            return Spec(key: key, expiration: count * 1000, counter: (count, count * 60))
        }
        let message = Self.message(specs)
        let elements: [ElementDump.Element] = try Self.parsed(message)
        #expect(elements.count == 500)
        let packets: [UInt64?] = (0..<500).map { UInt64($0) }
        let keys: [UInt128] = (0..<500).map { 0x0a01_0000 + UInt128($0) }
        #expect(elements.map { $0.packets } == packets)
        #expect(elements.map { $0.key } == keys)
        #expect(elements == Self.parsedByLibnftnl(message))
    }

    @Test("an attribute that runs past its message, or a counter of the wrong size, is refused")
    func malformed() throws {
        let message = Self.message(Self.specs)
        // The message cut short: the element list's length now runs past its end.
        #expect(throws: NetlinkAttributes.Malformed.self) { try Self.parsed(Array(message.dropLast(6))) }

        // A counter whose packets attribute holds 4 bytes instead of 8.
        func attribute(_ type: Int, _ payload: [UInt8]) -> [UInt8] {
            let length = 4 + payload.count
            var out = [UInt8(length & 0xff), UInt8(length >> 8), UInt8(type & 0xff), UInt8(type >> 8)] + payload
            while out.count % 4 != 0 { out.append(0) }
            return out
        }
        let nested = 0x8000  // NLA_F_NESTED, as the kernel may set it
        func counter(packets: [UInt8]) -> [UInt8] {
            let expr =
                attribute(Int(NFTA_EXPR_NAME.rawValue), Array("counter\0".utf8))
                + attribute(
                    Int(NFTA_EXPR_DATA.rawValue) | nested,
                    attribute(Int(NFTA_COUNTER_BYTES.rawValue), [0, 0, 0, 0, 0, 0, 1, 0])
                        + attribute(Int(NFTA_COUNTER_PACKETS.rawValue), packets))
            let element =
                attribute(
                    Int(NFTA_SET_ELEM_KEY.rawValue) | nested, attribute(Int(NFTA_DATA_VALUE.rawValue), [192, 0, 2, 1]))
                + attribute(Int(NFTA_SET_ELEM_EXPR.rawValue) | nested, expr)
            let body =
                [UInt8(NFPROTO_INET), 0, 0, 0]
                + attribute(
                    Int(NFTA_SET_ELEM_LIST_ELEMENTS.rawValue) | nested,
                    attribute(Int(NFTA_LIST_ELEM.rawValue) | nested, element))
            let type = Int(ElementDump.messageType)
            let length = 16 + body.count
            return [UInt8(length & 0xff), UInt8(length >> 8), 0, 0, UInt8(type & 0xff), UInt8(type >> 8)]
                + Array(repeating: 0, count: 10) + body
        }
        #expect(
            try Self.parsed(counter(packets: [0, 0, 0, 0, 0, 0, 0, 3])) == [
                .init(keyLength: 4, key: 0xc000_0201, packets: 3, bytes: 256)
            ])
        #expect(throws: NetlinkAttributes.Malformed(attribute: "NFTA_COUNTER_PACKETS")) {
            try Self.parsed(counter(packets: [0, 0, 0, 3]))
        }
    }

    /// Elements put into port0's shards with exact counters (`nft add element … counter
    /// packets N bytes M`), read back through a real kernel dump: one shard holding more
    /// elements than one dump message carries, an address in two shards (one row, counts
    /// added), IPv6.
    @Test("a real dump: exact counts, a shard of several messages, an address in two shards", .needsRoot)
    func kernelDump() throws {
        try Support.withNetns { ns in
            let options = ["--track-sources", "16384"]
            #expect(try Netns.port0(ns, ["apply"] + options).status == 0)
            // 1,000 elements in one shard (size 1,024): ~3 dump messages.
            var script = ""
            for index in 0..<1000 {
                script +=
                    "add element inet port0 sources_v4_3 { 10.9.\(index >> 8).\(index & 0xff) counter packets \(index + 1) bytes \((index + 1) * 100) }\n"
            }
            script += "add element inet port0 sources_v4_7 { 10.9.3.231 counter packets 5000 bytes 7 }\n"
            script += "add element inet port0 sources_v6_0 { 2001:db8::1 counter packets 999 bytes 1 }\n"
            try Netns.nft(ns, ["-f", "-"], stdin: script)
            let result = try Netns.port0(ns, ["status", "--format", "json", "--top", "4"] + options)
            #expect(result.status == 0, "\(result.stderr)")
            let status = try #require(
                try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            #expect(status["tracked_sources"] as? Int == 1001)
            let top = try #require(status["top_sources"] as? [[String: Any]])
            // 10.9.3.231 is element 999 (1,000 packets) plus 5,000 in another shard.
            #expect(top.map { $0["address"] as? String } == ["10.9.3.231", "10.9.3.230", "2001:db8::1", "10.9.3.229"])
            #expect(top.map { $0["packets"] as? Int } == [6000, 999, 999, 998])
            #expect(top.map { $0["bytes"] as? Int } == [100_007, 99_900, 1, 99_800])
        }
    }
}

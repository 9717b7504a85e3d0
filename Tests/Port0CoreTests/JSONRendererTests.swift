import Foundation
import Port0TestSupport
import Testing

@testable import Port0Core

/// The JSON writer and the libnftables-json rendering of the model.
@Suite struct JSONRendererTests {
    @Test func stringsAreEscapedPerRFC8259() {
        #expect(JSONValue.string("a\"b\\c").text == #""a\"b\\c""#)
        #expect(JSONValue.string("l1\nl2\r\t").text == #""l1\nl2\r\t""#)
        #expect(JSONValue.string("\u{0}\u{1}\u{1f}\u{7f}").text == #""\u0000\u0001\u001f\u007f""#)
        // Non-ASCII stays UTF-8; a right-to-left mark is not a JSON syntax character.
        #expect(JSONValue.string("é\u{202e}").text == "\"é\u{202e}\"")
        #expect(JSONValue.string("").text == #""""#)
    }

    /// Whatever a string holds, a JSON parser reads back exactly that string: no value can
    /// end its string early and add keys or commands.
    @Test(arguments: ["\"}]},{\"delete\":{\"ruleset\":null}}", "\\\"", "a\u{0}b", "\n\r\u{2028}", "😀 ﻿", ""])
    func hostileStringsRoundTrip(value: String) throws {
        let text = JSONValue.object([("k", .string(value)), ("n", 1)]).text
        let parsed = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        #expect(parsed?["k"] as? String == value)
        #expect(parsed?.count == 2)
    }

    @Test func objectsKeepTheirKeyOrder() {
        let value = JSONValue.object([("z", 1), ("a", .array([.null, .bool(true), "x"])), ("m", .object([]))])
        #expect(value.text == #"{"z":1,"a":[null,true,"x"],"m":{}}"#)
    }

    @Test func scriptIsOneDocumentThatReplacesOnlyItsTable() throws {
        let commands = NftJSONRenderer.commands(try Table.built())
        let kinds = commands.map { command -> String in
            guard case .object(let members) = command, let (verb, body) = members.first else { return "?" }
            guard case .object(let inner) = body, let kind = inner.first?.0 else { return verb }
            return "\(verb) \(kind)"
        }
        #expect(kinds.prefix(4) == ["metainfo json_schema_version", "add table", "delete table", "add table"])
        // nft's own order: chains, then objects, then sets, then rules.
        let rest = kinds.dropFirst(4)
        #expect(rest.prefix(6).allSatisfy { $0 == "add chain" })
        #expect(rest.dropFirst(6).prefix(6).allSatisfy { $0 == "add counter" })
        #expect(rest.dropFirst(12).allSatisfy { $0 == "add rule" })
        #expect(!kinds.contains { $0.hasPrefix("flush") })
        let script = NftJSONRenderer.script(try Table.built())
        #expect(script.hasPrefix("{\"nftables\":[\n") && script.hasSuffix("\n]}\n"))
        #expect(try JSONSerialization.jsonObject(with: Data(script.utf8)) is [String: Any])
    }

    @Test func sameModelSameBytes() throws {
        let configure: (inout RulesetOptions) -> Void = {
            $0.exempt = .parsing(["2001:db8::/32", "192.0.2.0/24", "10.0.0.1", "10.0.0.2/31"])
            $0.log = true
            $0.action = .reject
        }
        #expect(
            NftJSONRenderer.script(try Table.built(with: configure))
                == NftJSONRenderer.script(try Table.built(with: configure)))
    }

    @Test func elementsUseNftsNotation() throws {
        let table = try Table.built {
            $0.exempt = .parsing(["10.0.0.1", "10.0.0.2/31", "192.0.2.0/24", "2001:db8::/32"])
        }
        let script = NftJSONRenderer.script(table)
        #expect(
            script.contains(#""elem":[{"range":["10.0.0.1","10.0.0.3"]},{"prefix":{"addr":"192.0.2.0","len":24}}]"#))
        #expect(script.contains(#""elem":[{"prefix":{"addr":"2001:db8::","len":32}}]"#))
        let single = NftJSONRenderer.script(try Table.built { $0.exempt = .parsing(["10.0.0.1"]) })
        #expect(single.contains(#""elem":["10.0.0.1"]"#))
    }

    @Test func rulesUseTheShapesNftListsThemWith() throws {
        let script = NftJSONRenderer.script(
            try Table.built {
                $0.action = .reject
                $0.logPrefix = "p0: "
                $0.logRate = LogRate(count: 3, unit: .hour)
                $0.exempt = .parsing(["192.0.2.0/24"])
            })
        for expected in [
            #"{"match":{"op":"==","left":{"payload":{"protocol":"th","field":"dport"}},"right":0}}"#,
            #"{"match":{"op":"==","left":{"meta":{"key":"l4proto"}},"right":{"set":["tcp","udp"]}}}"#,
            #"{"jump":{"target":"inbound_dport"}}"#,
            #"{"match":{"op":"!=","left":{"&":[{"payload":{"protocol":"ip","field":"frag-off"}},8191]},"right":0}},{"counter":"inbound_fragments"},{"return":null}"#,
            #"{"match":{"op":"!=","left":{"exthdr":{"name":"frag","field":"frag-off"}},"right":0}},{"counter":"inbound_fragments"},{"return":null}"#,
            #"{"match":{"op":"==","left":{"payload":{"protocol":"ip","field":"saddr"}},"right":"@exempt_v4"}}"#,
            #"{"limit":{"rate":3,"burst":5,"per":"hour"}},{"log":{"prefix":"p0: "}}"#,
            #"{"counter":"inbound_dport"},{"reject":{"type":"tcp reset"}}"#,
            #"{"counter":"inbound_dport"},{"reject":{"type":"icmpx","expr":"port-unreachable"}}"#,
            #""type":"filter","hook":"prerouting","prio":-300,"policy":"accept""#,
        ] {
            #expect(script.contains(expected), "missing \(expected)")
        }
    }

    @Test func oneDeviceIsAStringSeveralAreAnArray() throws {
        let one = NftJSONRenderer.script(try Table.built(.edge))
        #expect(one.contains(#""hook":"ingress","prio":-500,"dev":"eth0","policy":"accept""#))
        let two = NftJSONRenderer.script(try Table.built(.edge) { $0.devices = ["eth1", "eth0"] })
        #expect(two.contains(#""dev":["eth0","eth1"]"#))
    }

    @Test func formatOptionAcceptsTextAndJSONOnly() throws {
        #expect(try RulesetFormat.parse("json") == .json)
        #expect(try RulesetFormat.parse("text") == .text)
        #expect(throws: Port0Error.self) { try RulesetFormat.parse("JSON") }
        #expect(throws: Port0Error.self) { try RulesetFormat.parse("") }
    }
}

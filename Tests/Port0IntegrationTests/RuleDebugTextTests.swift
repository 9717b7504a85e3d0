import Foundation
import Port0Core
import Port0Netlink
import Testing

@Suite("libnftnl debug text of lowered rules")
struct RuleDebugTextTests {
    @Test("a port-0 jump rule prints as nft --debug=netlink lists it")
    func jumpRule() throws {
        let rule = Rule([.transportPortZero(.dport), .l4protoIn([.tcp, .udp])], [], .jump("inbound_dport"))
        let text = try RuleDebugText.text(
            Lowering.exprs(rule, family: .inet), family: .inet, table: "port0", chain: "prerouting")
        let lines = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(
            lines.suffix(5) == [
                "[ payload load 2b @ transport header + 2 => reg 1 ]",
                "[ cmp eq reg 1 0x00000000 ]",
                "[ meta load l4proto => reg 1 ]",
                "[ lookup reg 1 set __set%d ]",
                "[ immediate reg 0 jump -> inbound_dport ]",
            ])
    }

    @Test("an expression read back but unknown to port0 cannot be installed")
    func unknownIsRefused() {
        #expect(throws: Port0Error.self) {
            try RuleDebugText.text(
                [.unknown(name: "meta", debug: "load mark => reg 1")], family: .inet, table: "t", chain: "c")
        }
    }
}

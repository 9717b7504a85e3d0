import Testing

@testable import Port0Core

@Suite struct PriorityTests {
    @Test(arguments: [
        ("raw", -300), ("raw - 10", -310), ("raw+10", -290), ("-500", -500), ("filter", 0), ("security - 5", 45),
    ])
    func parsesNamesAndOffsets(text: String, value: Int32) {
        #expect(ChainPriority.parse(text, family: .inet, hook: .prerouting) == ChainPriority(value))
    }

    @Test func printsLikeNft() {
        #expect(ChainPriority(-300).nftText(family: .inet, hook: .prerouting) == "raw")
        #expect(ChainPriority(-311).nftText(family: .inet, hook: .prerouting) == "-311")
        #expect(ChainPriority(-140).nftText(family: .inet, hook: .output) == "mangle + 10")
        #expect(ChainPriority(100).nftText(family: .inet, hook: .prerouting) == "100")
        #expect(ChainPriority(100).nftText(family: .inet, hook: .postrouting) == "srcnat")
        #expect(ChainPriority(-10).nftText(family: .netdev, hook: .ingress) == "filter - 10")
        #expect(ChainPriority(-500).nftText(family: .netdev, hook: .ingress) == "-500")
    }

    @Test func rejectsNamesOutsideTheFamily() {
        #expect(ChainPriority.parse("raw", family: .netdev, hook: .ingress) == nil)
        #expect(ChainPriority.parse("srcnat", family: .inet, hook: .prerouting) == nil)
        #expect(ChainPriority.parse("raw -", family: .inet, hook: .prerouting) == nil)
        #expect(ChainPriority.parse("99999999999", family: .inet, hook: .prerouting) == nil)
    }
}

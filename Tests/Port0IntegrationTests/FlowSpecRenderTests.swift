import Foundation
import Testing

/// `port0 render --format flowspec`: goldens in rules/, determinism, each speaker's own
/// syntax check, and one-line refusals of what FlowSpec cannot express.
@Suite struct FlowSpecRenderTests {
    static let goldens: [(syntax: String, file: String)] = [
        ("bird", "rules/flowspec.bird.conf"), ("exabgp", "rules/flowspec.exabgp.conf"),
        ("gobgp", "rules/flowspec.gobgp.sh"),
    ]

    static func render(_ arguments: [String]) throws -> Support.Result {
        try Support.port0(["render", "--format", "flowspec"] + arguments)
    }

    @Test(arguments: ["bird", "exabgp", "gobgp"])
    func renderMatchesGoldenAndIsDeterministic(syntax: String) throws {
        let file = try #require(Self.goldens.first { $0.syntax == syntax }?.file)
        let golden = try String(contentsOf: Support.packageRoot.appendingPathComponent(file), encoding: .utf8)
        let first = try Self.render(["--flowspec-syntax", syntax])
        let second = try Self.render(["--flowspec-syntax", syntax])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout == golden, "\(file) is stale: run scripts/regen-rules and review the diff")
        #expect(second.stdout == first.stdout)
    }

    @Test func birdIsTheDefaultSyntax() throws {
        #expect(try Self.render([]).stdout == (try Self.render(["--flowspec-syntax", "bird"])).stdout)
    }

    @Test func tableNamesTheSpeakersObjects() throws {
        let bird = try Self.render(["--table", "edge_p0"]).stdout
        #expect(bird.contains("flow4 table edge_p0_flow4;") && bird.contains("protocol static edge_p0_flow6_static {"))
        #expect(!bird.contains("port0_"))
        let exabgp = try Self.render(["--table", "edge_p0", "--flowspec-syntax", "exabgp"]).stdout
        #expect(exabgp.contains("neighbor edge_p0 {") && exabgp.contains("route edge_p0_ipv6 {"))
    }

    /// The speakers' own parsers accept the goldens (BIRD: `bird -p`; ExaBGP: `--test`, which
    /// exits 1 on a syntax error; GoBGP's CLI is exercised by FlowSpecSpeakerTests).
    @Test(.enabled(if: FlowSpecLab.speakersInstalled, "needs bird2 and exabgp"))
    func speakersParseTheGoldens() throws {
        try Ops.withTempDir { dir in
            let main = dir + "/bird.conf"
            try "router id 192.0.2.1;\ninclude \"\(Support.packageRoot.path)/rules/flowspec.bird.conf\";\n"
                .write(toFile: main, atomically: true, encoding: .utf8)
            let bird = try Support.run(["bird", "-p", "-c", main])
            #expect(bird.status == 0, "\(bird.stderr)")
            let exabgp = try Ops.run(
                ["exabgp", "--test", Support.packageRoot.path + "/rules/flowspec.exabgp.conf"],
                environment: ["exabgp.daemon.user": "root", "exabgp.api.cli": "false"])
            #expect(exabgp.status == 0, "\(exabgp.stdout)")
            // The check can fail: a misspelt protocol is refused.
            let broken = dir + "/broken.conf"
            try (try String(contentsOfFile: Support.packageRoot.path + "/rules/flowspec.exabgp.conf", encoding: .utf8))
                .replacingOccurrences(of: "=udp", with: "=udpx").write(
                    toFile: broken, atomically: true, encoding: .utf8)
            let refused = try Ops.run(
                ["exabgp", "--test", broken], environment: ["exabgp.daemon.user": "root", "exabgp.api.cli": "false"])
            #expect(refused.status != 0)
        }
    }

    static let refusals: [Refusal] = [
        Refusal(arguments: ["--exempt", "192.0.2.0/24"], names: "--exempt"),
        Refusal(arguments: ["--exempt-file", "rules/exempt-example.txt"], names: "--exempt-file"),
        Refusal(arguments: ["--profile", "edge", "--device", "eth0"], names: "--profile edge"),
        Refusal(arguments: ["--device", "eth0"], names: "--device"),
        Refusal(arguments: ["--hook", "input"], names: "--hook"),
        Refusal(arguments: ["--priority", "raw"], names: "--priority"),
        Refusal(arguments: ["--action", "reject"], names: "--action reject"),
        Refusal(arguments: ["--action", "rejekt"], names: "'rejekt'"),
        Refusal(arguments: ["--log"], names: "--log"),
        Refusal(arguments: ["--log-prefix", "p0: "], names: "--log-prefix"),
        Refusal(arguments: ["--log-rate", "5/second"], names: "--log-rate"),
        Refusal(arguments: ["--log-group", "5"], names: "--log-group cannot be used with --format flowspec"),
        Refusal(arguments: ["--track-sources"], names: "--track-sources cannot be used with --format flowspec"),
        Refusal(arguments: ["--no-counters"], names: "--no-counters"),
        Refusal(arguments: ["--profile", "router"], names: "'router'"),
        Refusal(arguments: ["--table", "table"], names: "--table"),
        Refusal(arguments: ["--flowspec-syntax", "junos"], names: "'junos'"),
    ]

    @Test(arguments: refusals)
    func refusedInOneLineAndNothingWritten(refusal: Refusal) throws {
        try BadInputTests.withOutputDirectory { dir in
            let result = try Support.run(
                [
                    "sh", "-c", "cd \"$1\" && shift && exec \"$@\"", "sh", Support.packageRoot.path, Support.port0,
                    "render", "--format", "flowspec",
                ] + refusal.arguments + ["-o", dir.appendingPathComponent("out").path])
            #expect(result.status == 1)
            try BadInputTests.expectRefusal(result, naming: refusal.names, outputDirectory: dir)
        }
    }

    @Test func flowspecSyntaxNeedsTheFlowspecFormat() throws {
        try BadInputTests.withOutputDirectory { dir in
            let result = try BadInputTests.render(
                ["--flowspec-syntax", "bird"], output: dir.appendingPathComponent("out").path)
            #expect(result.status == 1)
            try BadInputTests.expectRefusal(result, naming: "--flowspec-syntax", outputDirectory: dir)
            let format = try BadInputTests.render(["--format", "flow"], output: dir.appendingPathComponent("out").path)
            try BadInputTests.expectRefusal(format, naming: "flowspec", outputDirectory: dir)
        }
    }

    /// The receivers' RIB readers used by FlowSpecSpeakerTests, on captured output.
    @Test func ribReadersNormaliseWhatTheReceiversPrint() throws {
        let gobgp = """
            {"[protocol: ==tcp][port: ==0]":[{"nlri":{"value":[{"type":3,"value":[{"op":129,"value":6}]},\
            {"type":4,"value":[{"op":129,"value":0}]}]},"attrs":[{"type":1,"value":0},\
            {"type":16,"value":[{"type":128,"subtype":6,"as":0,"rate":0}]}]}]}
            """
        #expect(
            try ReceivedFlow.gobgpRIB(gobgp) == [
                ReceivedFlow(nlri: "3=[0x81:6] 4=[0x81:0]", action: "type=128,subtype=6,as=0,rate=0")
            ])
        #expect(try ReceivedFlow.gobgpRIB("{}").isEmpty)
        let bird = """
            BIRD 2.0.12 ready.
            Table rx4:
            flow4 { proto 6; port 0; }  [peer 13:15:04.453 from 198.18.0.1] * (100) [AS65001?]
            \tType: BGP univ
            \tBGP.ext_community: (generic, 0x80060000, 0x0)
            """
        #expect(
            ReceivedFlow.birdRIB(bird) == [
                ReceivedFlow(nlri: "flow4 { proto 6; port 0; }", action: "(generic, 0x80060000, 0x0)")
            ])
    }
}

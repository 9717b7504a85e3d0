import Foundation
import Testing

/// port0's FlowSpec rules loaded into one real BGP speaker, announced over a real BGP session
/// to a different implementation, and read back from the receiver's RIB with its own CLI.
/// The expectations are written from RFC 8955 / RFC 8956, not from port0's output:
///   type 3 (protocol / next header): `0x01:6 0x81:17`  = 6 OR (end of list) = 17
///   type 4 (port):                   `0x81:0`          = 0 (end of list)
///   type 12 (fragment):              `0x02:2 0x81:4`   = NOT (any of IsF), OR (end of list) match FF
///   extended community type 0x80 subtype 0x06 (traffic-rate-bytes), AS 0, rate 0.0: discard
@Suite(
    "BGP FlowSpec through real speakers", .serialized,
    .enabled(if: Support.isRoot && FlowSpecLab.speakersInstalled, FlowSpecLab.reason))
struct FlowSpecSpeakerTests {
    static let components = "3=[0x01:6 0x81:17] 4=[0x81:0] 12=[0x02:2 0x81:4]"
    static let discard = "type=128,subtype=6,as=0,rate=0"
    static let gobgpExpected = ReceivedFlow(nlri: components, action: discard)

    static let birdExpected4 = ReceivedFlow(
        nlri: "flow4 { proto 6,17; port 0; fragment !is_fragment || first_fragment; }",
        action: "(generic, 0x80060000, 0x0)")
    static let birdExpected6 = ReceivedFlow(
        nlri: "flow6 { next header 6,17; port 0; fragment !is_fragment || first_fragment; }",
        action: "(generic, 0x80060000, 0x0)")

    static func render(_ lab: FlowSpecLab, _ arguments: [String], to name: String) throws -> String {
        let result = try Support.port0(["render", "--format", "flowspec"] + arguments + ["-o", lab.path(name)])
        guard result.status == 0 else { throw Support.Failure("port0 render: \(result.stderr)") }
        return try String(contentsOfFile: lab.path(name), encoding: .utf8)
    }

    /// BIRD in namespace a announcing the tables of `rules` (a rendered BIRD file).
    static func birdAnnouncer(_ lab: FlowSpecLab, rules: String) throws {
        let file = try lab.write(rules, "port0-flowspec.conf")
        try lab.startBird(
            lab.a, "bird-a",
            config: """
                router id \(FlowSpecLab.addressA);
                protocol device {}
                include "\(file)";
                protocol bgp peer {
                \tlocal \(FlowSpecLab.addressA) as 65001;
                \tneighbor \(FlowSpecLab.addressB) as 65002;
                \tconnect delay time 1;
                \tconnect retry time 2;
                \tflow4 { table port0_flow4; import none; export all; };
                \tflow6 { table port0_flow6; import none; export all; };
                }

                """)
    }

    static func gobgpReceiver(_ lab: FlowSpecLab) throws {
        try lab.startGobgpd(
            lab.b, "gobgpd-b", asn: 65002, address: FlowSpecLab.addressB, neighbor: FlowSpecLab.addressA, peerAS: 65001)
    }

    /// The receiver's RIB of one family, once something has arrived (or after 45 s; until
    /// gobgpd's API is up, the RIB reads as empty).
    static func gobgpRIB(_ lab: FlowSpecLab, _ family: String) throws -> [ReceivedFlow] {
        try lab.await {
            let result = try lab.gobgp(lab.b, ["global", "rib", "-a", family, "-j"])
            return result.status == 0 ? try ReceivedFlow.gobgpRIB(result.stdout) : []
        }
    }

    @Test
    func birdAnnouncesAndGoBGPHoldsExactlyThePolicy() throws {
        try FlowSpecLab.withLab { lab in
            // No --flowspec-syntax: BIRD is the default.
            try Self.birdAnnouncer(lab, rules: try Self.render(lab, [], to: "rendered.conf"))
            try Self.gobgpReceiver(lab)
            let ipv4 = try Self.gobgpRIB(lab, "ipv4-flowspec")
            let ipv6 = try Self.gobgpRIB(lab, "ipv6-flowspec")
            #expect(ipv4 == [Self.gobgpExpected], "\(lab.log("bird-a"))\n\(lab.log("gobgpd-b"))")
            #expect(ipv6 == [Self.gobgpExpected])
        }
    }

    @Test
    func exabgpAnnouncesAndGoBGPHoldsExactlyThePolicy() throws {
        try FlowSpecLab.withLab { lab in
            let rules = try Self.render(lab, ["--flowspec-syntax", "exabgp"], to: "rendered.conf")
            try lab.startExabgp(
                lab.a, "exabgp-a",
                config: rules + """

                    neighbor \(FlowSpecLab.addressB) {
                    \tinherit port0;
                    \trouter-id \(FlowSpecLab.addressA);
                    \tlocal-address \(FlowSpecLab.addressA);
                    \tlocal-as 65001;
                    \tpeer-as 65002;
                    }

                    """)
            try Self.gobgpReceiver(lab)
            let ipv4 = try Self.gobgpRIB(lab, "ipv4-flowspec")
            let ipv6 = try Self.gobgpRIB(lab, "ipv6-flowspec")
            #expect(ipv4 == [Self.gobgpExpected], "\(lab.log("exabgp-a"))")
            // ExaBGP needs an IPv6 prefix to file the route as IPv6: destination ::/0, offset 0.
            #expect(ipv6 == [ReceivedFlow(nlri: "1=[::/0 offset 0] " + Self.components, action: Self.discard)])
        }
    }

    @Test
    func gobgpAnnouncesAndBIRDHoldsExactlyThePolicy() throws {
        try FlowSpecLab.withLab { lab in
            let script = try lab.write(
                try Self.render(lab, ["--flowspec-syntax", "gobgp"], to: "rendered.sh"), "port0-flowspec.sh")
            try lab.startBird(
                lab.b, "bird-b",
                config: """
                    router id \(FlowSpecLab.addressB);
                    flow4 table rx4;
                    flow6 table rx6;
                    protocol device {}
                    protocol bgp peer {
                    \tlocal \(FlowSpecLab.addressB) as 65002;
                    \tneighbor \(FlowSpecLab.addressA) as 65001;
                    \tconnect delay time 1;
                    \tconnect retry time 2;
                    \tflow4 { table rx4; import all; export none; };
                    \tflow6 { table rx6; import all; export none; };
                    }

                    """)
            try lab.startGobgpd(
                lab.a, "gobgpd-a", asn: 65001, address: FlowSpecLab.addressA, neighbor: FlowSpecLab.addressB,
                peerAS: 65002)
            // The script talks to gobgpd's API: wait until it answers, then run it twice (a
            // second run must not add anything). gobgp gives up dialling the API after one
            // second, which a loaded machine can exceed: a failed run is retried (the script
            // is idempotent), a script that never succeeds fails the test.
            _ = try lab.await { try lab.gobgp(lab.a, ["global"]).status == 0 ? [true] : [] }
            for _ in 0..<2 {
                var run = try Support.inNetns(lab.a, ["sh", script] + FlowSpecLab.gobgpAPI)
                for _ in 0..<4 where run.status != 0 {
                    sleep(1)
                    run = try Support.inNetns(lab.a, ["sh", script] + FlowSpecLab.gobgpAPI)
                }
                #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
            }
            let ipv4 = try lab.await {
                ReceivedFlow.birdRIB(try lab.birdc("bird-b", ["show", "route", "all", "table", "rx4"]))
            }
            let ipv6 = try lab.await {
                ReceivedFlow.birdRIB(try lab.birdc("bird-b", ["show", "route", "all", "table", "rx6"]))
            }
            #expect(ipv4 == [Self.birdExpected4], "\(lab.log("bird-b"))\n\(lab.log("gobgpd-a"))")
            #expect(ipv6 == [Self.birdExpected6])
        }
    }

    /// Negative control: the same comparison notices a rule without the fragment component
    /// (IPv4) and one with it inverted (IPv6, `is_fragment`: only later fragments).
    @Test
    func aRuleWithoutOrWithAWrongFragmentComponentIsNoticed() throws {
        try FlowSpecLab.withLab { lab in
            let rendered = try Self.render(lab, [], to: "rendered.conf")
            let fragment = " fragment !is_fragment || first_fragment;"
            let v4 = try #require(rendered.range(of: "route flow4 {"))
            let v4Fragment = try #require(rendered.range(of: fragment, range: v4.upperBound..<rendered.endIndex))
            var wrong = rendered
            wrong.replaceSubrange(v4Fragment, with: "")
            wrong = wrong.replacingOccurrences(of: fragment, with: " fragment is_fragment || first_fragment;")
            #expect(wrong != rendered)
            try Self.birdAnnouncer(lab, rules: wrong)
            try Self.gobgpReceiver(lab)
            let ipv4 = try Self.gobgpRIB(lab, "ipv4-flowspec")
            let ipv6 = try Self.gobgpRIB(lab, "ipv6-flowspec")
            #expect(ipv4.count == 1 && ipv6.count == 1, "the wrong rules must arrive to be compared")
            #expect(ipv4 != [Self.gobgpExpected])
            #expect(ipv4.first?.nlri == "3=[0x01:6 0x81:17] 4=[0x81:0]")
            #expect(ipv6 != [Self.gobgpExpected])
            // 0x01: match IsF (no NOT bit): the rule would discard later fragments only.
            #expect(ipv6.first?.nlri == "3=[0x01:6 0x81:17] 4=[0x81:0] 12=[0x01:2 0x81:4]")
        }
    }
}

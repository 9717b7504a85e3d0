import Foundation
import Testing

/// Hostile values for the telemetry options: one line naming the value, exit 1, nothing
/// applied (checked in a namespace: no table appears).
@Suite struct TelemetryInputTests {
    static let applyCases: [Refusal] = [
        Refusal(arguments: ["--log-group", "65536"], names: "--log-group '65536'"),
        Refusal(arguments: ["--log-group", "-1"], names: "--log-group '-1'"),
        Refusal(arguments: ["--log-group", "x"], names: "--log-group 'x'"),
        Refusal(arguments: ["--log-group", "3", "--log-snaplen", "0"], names: "--log-snaplen '0'"),
        Refusal(arguments: ["--log-group", "3", "--log-snaplen", "65536"], names: "--log-snaplen '65536'"),
        Refusal(arguments: ["--log-snaplen", "64"], names: "--log-snaplen '64' needs --log-group"),
        Refusal(arguments: ["--track-sources", "0"], names: "--track-sources '0'"),
        Refusal(arguments: ["--track-sources", "-5"], names: "--track-sources '-5'"),
        Refusal(arguments: ["--track-sources", "1048577"], names: "--track-sources '1048577'"),
        Refusal(
            arguments: ["--track-sources", "99999999999999999999"], names: "--track-sources '99999999999999999999'"),
        Refusal(arguments: ["--track-sources", "1e3"], names: "--track-sources '1e3'"),
    ]

    @Test(.needsRoot, arguments: applyCases)
    func applyRefuses(_ refusal: Refusal) throws {
        try Support.withNetns { (ns: String) throws in
            let result = try Netns.port0(ns, ["apply"] + refusal.arguments)
            #expect(result.status == 1)
            #expect(result.stdout.isEmpty)
            #expect(result.stderr.hasPrefix("port0: error: ") && result.stderr.filter(\.isNewline).count == 1)
            #expect(result.stderr.contains(refusal.names), "\(result.stderr)")
            #expect(try Netns.nft(ns, ["list", "tables"]).isEmpty)
        }
    }

    static let statusCases: [Refusal] = [
        Refusal(arguments: ["--track-sources", "--top", "-1"], names: "--top '-1'"),
        Refusal(arguments: ["--track-sources", "--top", "0"], names: "--top '0'"),
        Refusal(
            arguments: ["--track-sources", "--top", "18446744073709551616"], names: "--top '18446744073709551616'"),
        Refusal(arguments: ["--track-sources", "--top", "ten"], names: "--top 'ten'"),
        Refusal(arguments: ["--track-sources", "--prometheus-top", "1001"], names: "--prometheus-top '1001'"),
    ]

    @Test(arguments: statusCases)
    func statusRefuses(_ refusal: Refusal) throws {
        let result = try Support.port0(["status"] + refusal.arguments)
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.hasPrefix("port0: error: ") && result.stderr.filter(\.isNewline).count == 1)
        #expect(result.stderr.contains(refusal.names), "\(result.stderr)")
    }

    /// `--track-sources` takes its size as an optional value, in every spelling; the size
    /// is split over 16 shards per IP version, ceil(SIZE / 16) each.
    @Test func trackSourcesSpellings() throws {
        for (arguments, size) in [
            (["--track-sources"], "4096"), (["--track-sources", "100"], "7"), (["--track-sources=100"], "7"),
            (["--track-sources", "--log"], "4096"),
        ] {
            let result = try Support.port0(["render"] + arguments)
            #expect(result.status == 0, "\(arguments): \(result.stderr)")
            #expect(result.stdout.components(separatedBy: "\t\tsize \(size)\n").count == 33, "\(arguments)")
        }
    }
}

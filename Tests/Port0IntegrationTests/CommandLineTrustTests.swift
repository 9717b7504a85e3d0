import Foundation
import Testing

/// Command-line values as users type them (issue 19): negative priorities, tens of thousands
/// of `--exempt`, and exempts that would switch port0 off.
@Suite("command-line values as users type them")
struct CommandLineTrustTests {
    @Test("--priority -300 (a separate negative value) means what --priority=-300 means")
    func negativePriority() throws {
        let spaced = try Support.port0(["render", "--priority", "-310"])
        let joined = try Support.port0(["render", "--priority=-310"])
        #expect(spaced.status == 0, "\(spaced.stderr)")
        #expect(spaced.stdout == joined.stdout)
        #expect(spaced.stdout.contains("priority raw - 10;"))
    }

    @Test("50,000 --exempt arguments are parsed in linear time (old parser: hours)")
    func manyExemptsAreLinear() throws {
        // Distinct /32s that cannot merge: every one must reach the set.
        var arguments = ["timeout", "60", Support.port0, "render"]
        for index in 0..<50_000 {
            arguments += ["--exempt", "10.\(index / 32768).\((index / 128) % 256).\((index % 128) * 2)"]
        }
        let result = try Support.run(arguments)
        #expect(result.status == 0, "status \(result.status) (124: timed out): \(result.stderr.prefix(300))")
        #expect(countTen(result.stdout) == 50_000)
    }

    private func countTen(_ text: String) -> Int {
        text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "," })
            .filter { $0.hasPrefix("10.") }.count
    }

    @Test("--exempt values mixed with --exempt=VALUE, and a bad one among many, named")
    func exemptFormsMix() throws {
        let result = try Support.port0(["render", "--exempt", "192.0.2.1", "--exempt=198.51.100.0/24"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("192.0.2.1") && result.stdout.contains("198.51.100.0/24"))
        let bad = try Support.port0(["render", "--exempt", "192.0.2.1", "--exempt", "bogus", "--exempt=10.0.0.0/8"])
        #expect(bad.status == 1)
        #expect(
            bad.stderr
                == "port0: error: invalid --exempt 'bogus': expected an IPv4 or IPv6 address or CIDR prefix such as 192.0.2.0/24 or 2001:db8::/32\n"
        )
    }
}

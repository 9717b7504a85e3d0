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
        let exempts = Support.unmergeableAddresses(50_000).flatMap { ["--exempt", $0] }
        let result = try Support.run(["timeout", "60", Support.port0, "render"] + exempts)
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

extension CommandLineTrustTests {
    @Test(
        "an exempt covering a whole family is refused in one line unless --allow-exempt-all",
        arguments: [("0.0.0.0/0", "IPv4"), ("::/0", "IPv6"), ("::ffff:0:0/96", "IPv4")])
    func exemptEverythingRefused(prefix: String, family: String) throws {
        let refused = try Support.port0(["render", "--exempt", prefix])
        #expect(refused.status == 1)
        #expect(refused.stdout.isEmpty)
        #expect(
            refused.stderr
                == "port0: error: invalid --exempt '\(prefix)': expected a narrower prefix: this one exempts every \(family) packet, switching port0 off for \(family) (--allow-exempt-all if that is meant)\n"
        )
        try Ops.withTempDir { dir in
            let file = dir + "/exempt.txt"
            try Ops.write("192.0.2.0/24\n\(prefix)  # everything\n", to: file)
            let fromFile = try Support.port0(["render", "--exempt-file", file])
            #expect(fromFile.status == 1)
            #expect(fromFile.stderr.hasPrefix("port0: error: exempt file '\(file)' line 2: invalid prefix '\(prefix)'"))
            #expect(fromFile.stderr.filter(\.isNewline).count == 1)
            let allowed = try Support.port0(["render", "--exempt", prefix, "--exempt-file", file, "--allow-exempt-all"])
            #expect(allowed.status == 0, "\(allowed.stderr)")
        }
    }

    @Test("exempts that add up to a whole family are refused too")
    func exemptHalvesRefused() throws {
        let refused = try Support.port0(["render", "--exempt", "0.0.0.0/1", "--exempt", "128.0.0.0/1"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("cover every IPv4 address"))
        #expect(try Support.port0(["render", "--exempt", "0.0.0.0/1"]).status == 0)
    }
}

/// Issue 19 point 4: inputs that could hang or be read too early.
extension CommandLineTrustTests {
    static func withFIFO<T>(_ body: (String) throws -> T) throws -> T {
        try Ops.withTempDir { dir in
            #expect(mkfifo(dir + "/exempt", 0o600) == 0)
            return try body(dir + "/exempt")
        }
    }

    @Test("a FIFO --exempt-file waits for a writer that comes a second later, and uses what it writes")
    func fifoWaitsForWriter() throws {
        try Self.withFIFO { (fifo: String) throws in
            let result = try Support.run([
                "sh", "-c", "(sleep 1; echo 192.0.2.0/24 > \"$1\") & exec \"$0\" render --exempt-file \"$1\"",
                Support.port0, fifo,
            ])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("elements = { 192.0.2.0/24 }"))
        }
    }

    @Test("a FIFO nobody writes, or whose writer never closes, times out in one line")
    func fifoTimesOut() throws {
        try Self.withFIFO { (fifo: String) throws in
            let nobody = try Support.run([
                "timeout", "20", Support.port0, "render", "--exempt-file", fifo, "--input-timeout", "1",
            ])
            #expect(nobody.status == 1)
            #expect(nobody.stdout.isEmpty)
            #expect(
                nobody.stderr
                    == "port0: error: cannot read exempt file '\(fifo)': nothing arrived within 1 s: no writer opened the pipe, or it wrote nothing and did not close it (--input-timeout)\n"
            )
            let stuck = try Support.run([
                "sh", "-c",
                "(echo 192.0.2.0/24; sleep 5) > \"$1\" & timeout 20 \"$0\" render --exempt-file \"$1\" --input-timeout 1",
                Support.port0, fifo,
            ])
            #expect(stuck.status == 1)
            #expect(
                stuck.stderr
                    == "port0: error: cannot read exempt file '\(fifo)': the pipe's writer did not finish within 1 s (--input-timeout)\n"
            )
        }
        let bad = try Support.port0(["render", "--input-timeout", "0"])
        #expect(bad.stderr == "port0: error: invalid --input-timeout '0': expected whole seconds from 1 to 86400\n")
    }

    @Test("--netns pointing at a FIFO or a regular file is refused at once, without blocking")
    func netnsNotANamespace() throws {
        try Self.withFIFO { (fifo: String) throws in
            for path in [fifo, "/etc/hostname", "/proc/self/ns/mnt"] {
                let result = try Support.run(["timeout", "10", Support.port0, "status", "--netns", path])
                #expect(result.status == 1, "\(path): status \(result.status)")
                #expect(
                    result.stderr.hasPrefix(
                        "port0: error: invalid --netns '\(path)': expected a network namespace file (/run/netns/NAME, /proc/PID/ns/net)"
                    ) && result.stderr.filter(\.isNewline).count == 1, "\(result.stderr)")
            }
        }
    }
}

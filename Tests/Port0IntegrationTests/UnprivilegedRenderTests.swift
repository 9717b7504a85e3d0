import Foundation
import Testing

/// `render` needs no privilege and never talks to the kernel's nftables.
@Suite struct UnprivilegedRenderTests {
    /// A copy of the port0 binary every user can run (the build directory may not be).
    static func withPublicCopy<T>(_ body: (String) throws -> T) throws -> T {
        try Ops.withTempDir { dir in
            let binary = dir + "/port0"
            // cp, not FileManager: a file written by this (multi-threaded) process could be held
            // open by a child another test is forking, and exec would fail with ETXTBSY.
            let copied = try Support.run(["cp", Support.port0, binary])
            #expect(copied.status == 0, "\(copied.stderr)")
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: dir)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: binary)
            return try body(binary)
        }
    }

    /// As user nobody, with no groups and no capabilities, `port0 render` prints the same
    /// ruleset (text and JSON) as root does.
    @Test(.enabled(if: Support.isRoot, "needs root to switch to user nobody"))
    func renderWorksAsNobody() throws {
        try Self.withPublicCopy { binary in
            for format in ["text", "json"] {
                let result = try Support.run(
                    [
                        "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all", binary,
                        "render", "--format", format,
                    ])
                #expect(result.status == 0, "\(result.stderr)")
                #expect(result.stderr.isEmpty)
                #expect(result.stdout == (try Support.port0(["render", "--format", format]).stdout))
                #expect(result.stdout.contains("port0"))
            }
            let whoami = try Support.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "id", "-u"])
            #expect(whoami.stdout == "65534\n")
        }
    }

    static let hasStrace = FileManager.default.isExecutableFile(atPath: "/usr/bin/strace")

    /// No socket of any kind is opened: in particular no AF_NETLINK socket to nftables.
    @Test(.enabled(if: hasStrace, "needs strace (apt install strace)"))
    func renderOpensNoSocket() throws {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("port0-strace-\(UUID().uuidString)")
            .path
        defer { unlink(log) }
        let result = try Support.run(
            [
                "strace", "-f", "-qq", "-e", "trace=socket,socketpair", "-o", log, Support.port0, "render", "--exempt",
                "192.0.2.0/24",
            ])
        #expect(result.status == 0, "\(result.stderr)")
        let trace = try String(contentsOfFile: log, encoding: .utf8)
        #expect(!trace.contains("socket("), "\(trace)")
        // The same filter does see a netlink socket: nft's, listing a private namespace.
        if Support.isRoot {
            let nftLog = log + ".nft"
            defer { unlink(nftLog) }
            let nft = try Support.run(
                ["strace", "-f", "-qq", "-e", "trace=socket", "-o", nftLog, "unshare", "-n", "nft", "list", "ruleset"])
            #expect(nft.status == 0, "\(nft.stderr)")
            #expect(try String(contentsOfFile: nftLog, encoding: .utf8).contains("AF_NETLINK"))
        }
    }
}

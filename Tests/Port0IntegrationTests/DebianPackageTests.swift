import Foundation
import Testing

@Suite("Debian package (scripts/build-deb.sh)")
struct DebianPackageTests {
    static let tools = Ops.has("dpkg", "dpkg-deb", "dpkg-shlibdeps", "dpkg-query")

    @Test(
        "builds port0_VERSION_ARCH.deb, installs into a scratch root, runs, and purges without a trace",
        .enabled(if: Support.isRoot, Support.rootReason),
        .enabled(if: tools, "dpkg-dev is not installed (dpkg-shlibdeps)"))
    func buildInstallPurge() throws {
        try Ops.withTempDir { dir in
            // A debug build links the toolchain's Swift runtime, which no Debian package ships.
            let build = try Ops.run([
                "bash", Ops.path("scripts/build-deb.sh"), "--binary", Support.port0, "--output", dir + "/out",
                "--allow-unpackaged-libs",
            ])
            try #require(build.status == 0, "\(build.stderr)")
            let version = try Ops.version()
            let arch = try Ops.run(["dpkg", "--print-architecture"]).stdout.trimmingCharacters(
                in: .whitespacesAndNewlines)
            let deb = try #require(build.stdout.split(separator: "\n").last.map(String.init))
            #expect(deb == dir + "/out/port0_\(version)_\(arch).deb")

            let field = { (name: String) throws -> String in
                try Ops.run(["dpkg-deb", "-f", deb, name]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            }
            #expect(try field("Package") == "port0")
            #expect(try field("Version") == version)
            let depends = try field("Depends").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            #expect(depends.contains { $0.hasPrefix("libnftnl11 ") }, "Depends: \(depends)")
            #expect(depends.contains { $0.hasPrefix("libmnl0 ") }, "Depends: \(depends)")
            // No maintainer scripts: installing starts nothing and applies nothing.
            let control = try Ops.run(["sh", "-c", "dpkg-deb --ctrl-tarfile \"$0\" | tar -t", deb]).stdout
            #expect(Set(control.split(separator: "\n")) == ["./", "./control", "./conffiles", "./md5sums"])
            #expect(
                try Ops.run(["sh", "-c", "dpkg-deb --ctrl-tarfile \"$0\" | tar -xO ./conffiles", deb]).stdout
                    == "/etc/default/port0\n")

            let root = dir + "/root"
            let admin = root + "/var/lib/dpkg"
            for sub in ["info", "updates", "triggers"] {
                try FileManager.default.createDirectory(atPath: admin + "/" + sub, withIntermediateDirectories: true)
            }
            try Ops.write("", to: admin + "/status")
            let dpkg = ["dpkg", "--root=" + root, "--log=/dev/null", "--force-not-root"]
            let install = try Ops.run(dpkg + ["--force-depends", "-i", deb])
            try #require(install.status == 0, "\(install.stderr)")

            let copyright =
                FileManager.default.fileExists(atPath: Ops.path("LICENSE")) ? ["usr/share/doc/port0/copyright"] : []
            let expected =
                [
                    "etc/default/port0", "lib/systemd/system/port0.service", "usr/sbin/port0",
                    "usr/share/bash-completion/completions/port0", "usr/share/doc/port0/README.Debian",
                    "usr/share/fish/vendor_completions.d/port0.fish", "usr/share/man/man1/port0.1.gz",
                    "usr/share/zsh/vendor-completions/_port0",
                ] + copyright
            #expect(Ops.files(root).filter { !$0.hasPrefix("var/") } == expected.sorted())
            let port0 = root + "/usr/sbin/port0"
            #expect(try Support.run([port0, "--version"]).stdout == version + "\n")
            let rendered = try Support.run([port0, "render", "--exempt", "192.0.2.0/24"])
            #expect(rendered.status == 0)
            #expect(rendered.stdout == (try Support.port0(["render", "--exempt", "192.0.2.0/24"])).stdout)
            #expect(
                try Ops.read(root + "/lib/systemd/system/port0.service")
                    == (try Ops.read(Ops.path("scripts/systemd/port0.service"))))
            let man = try Ops.run(["sh", "-c", "gzip -dc \"$0\"", root + "/usr/share/man/man1/port0.1.gz"]).stdout
            #expect(man == (try Ops.read(Ops.path("docs/man/port0.1"))))
            let status = try Ops.run(["dpkg-query", "--admindir=" + admin, "-s", "port0"]).stdout
            #expect(status.contains("Status: install ok installed"))
            #expect(status.contains("Conffiles:\n /etc/default/port0 "))

            let purge = try Ops.run(dpkg + ["--purge", "port0"])
            #expect(purge.status == 0, "\(purge.stderr)")
            #expect(Ops.files(root).filter { !$0.hasPrefix("var/") } == [])
            #expect(try Ops.run(["dpkg-query", "--admindir=" + admin, "-W", "port0"]).status != 0)
        }
    }
}

import Foundation
import Testing

@Suite("Debian package (debian/, scripts/build-deb.sh)", .needsRoot)
struct DebianPackageTests {
    static let tools = Ops.has(
        "swift", "dpkg-buildpackage", "dh", "dh_bash-completion", "rsync", "dpkg", "dpkg-deb", "dpkg-query",
        "deb-systemd-helper")
    static let toolsReason: Comment = "needs debhelper, bash-completion, rsync and dpkg-dev (scripts/setup)"

    struct Package: Sendable {
        let deb: String
        let log: String
    }

    /// One `scripts/build-deb.sh` run (dpkg-buildpackage, a release build with the static Swift
    /// runtime) shared by every test here. Its release build is `scripts/build-release`'s, which
    /// `scripts/test` runs before the tests (valgrind-check and test-kernel take the same binary):
    /// several minutes from scratch on 2 cores, seconds when the sources did not change.
    static let built: Result<Package, BuildFailure> = {
        let out = Ops.path(".build-deb/test-output")
        try? FileManager.default.removeItem(atPath: out)
        do {
            let build = try Ops.run(["bash", Ops.path("scripts/build-deb.sh"), "--output", out])
            guard build.status == 0, let last = build.stdout.split(separator: "\n").last else {
                return .failure(BuildFailure(message: "build-deb.sh exited \(build.status): \(build.stderr)"))
            }
            return .success(Package(deb: String(last), log: build.stderr))
        } catch {
            return .failure(BuildFailure(message: "build-deb.sh did not run: \(error)"))
        }
    }()

    struct BuildFailure: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }

    @Test(
        "dpkg-buildpackage builds port0_VERSION_ARCH.deb; it installs into a scratch root enabling and starting nothing, runs, and purges without a trace",
        .enabled(if: tools, toolsReason))
    func buildInstallPurge() throws {
        let package = try Self.built.get()
        let deb = package.deb
        #expect(package.log.contains("dpkg-buildpackage: info: binary-only upload"), "\(package.log)")
        #expect(FileManager.default.fileExists(atPath: deb.replacingOccurrences(of: ".deb", with: ".buildinfo")))
        let version = try Ops.version()
        let arch = try Ops.run(["dpkg", "--print-architecture"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(deb == Ops.path(".build-deb/test-output/port0_\(version)_\(arch).deb"))

        let field = { (name: String) throws -> String in
            try Ops.run(["dpkg-deb", "-f", deb, name]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        #expect(try field("Package") == "port0")
        #expect(try field("Version") == version)
        #expect(!(try field("Maintainer")).contains("localhost"))
        let depends = try field("Depends").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(depends.contains { $0.hasPrefix("libnftnl11 ") }, "Depends: \(depends)")
        #expect(depends.contains { $0.hasPrefix("libmnl0 ") }, "Depends: \(depends)")
        #expect(!depends.contains { $0.contains("swift") }, "Depends: \(depends)")

        // dh_installsystemd's scripts only record unit state: nothing starts, stops or restarts
        // a unit (deb-systemd-invoke), and nothing enables one that was not enabled before.
        let members = try Ops.run(["sh", "-c", "dpkg-deb --ctrl-tarfile \"$0\" | tar -t", deb]).stdout
        #expect(
            Set(members.split(separator: "\n"))
                == ["./", "./control", "./conffiles", "./md5sums", "./postinst", "./postrm"])
        for script in ["postinst", "postrm"] {
            let text = try Ops.run(["sh", "-c", "dpkg-deb --ctrl-tarfile \"$0\" | tar -xO ./\(script)", deb]).stdout
            #expect(!text.contains("deb-systemd-invoke"), "\(script) starts or stops a unit:\n\(text)")
        }
        #expect(
            try Ops.run(["sh", "-c", "dpkg-deb --ctrl-tarfile \"$0\" | tar -xO ./conffiles", deb]).stdout
                == "/etc/default/port0\n")

        try Ops.withTempDir { dir in
            let root = dir + "/root"
            let admin = root + "/var/lib/dpkg"
            for sub in ["info", "updates", "triggers"] {
                try FileManager.default.createDirectory(atPath: admin + "/" + sub, withIntermediateDirectories: true)
            }
            try Ops.write("", to: admin + "/status")
            // Chrootless: the scratch root has no shell; the scripts act on $DPKG_ROOT.
            let dpkg = ["dpkg", "--root=" + root, "--log=/dev/null", "--force-not-root", "--force-script-chrootless"]
            let install = try Ops.run(dpkg + ["--force-depends", "-i", deb])
            try #require(install.status == 0, "\(install.stderr)")

            let units = try FileManager.default.contentsOfDirectory(atPath: Ops.path("scripts/systemd"))
                .filter { $0.hasSuffix(".service") }.map { "lib/systemd/system/" + $0 }
            let expected =
                [
                    "etc/default/port0", "usr/sbin/port0",
                    "usr/share/bash-completion/completions/port0", "usr/share/doc/port0/README.Debian",
                    "usr/share/doc/port0/changelog.gz", "usr/share/doc/port0/copyright",
                    "usr/share/fish/vendor_completions.d/port0.fish", "usr/share/lintian/overrides/port0",
                    "usr/share/man/man1/port0.1.gz", "usr/share/zsh/vendor-completions/_port0",
                ] + units
            #expect(Ops.files(root).filter { !$0.hasPrefix("var/") } == expected.sorted())
            // Not enabled: no symlink under /etc/systemd/system (deb-systemd-helper only
            // records, in var/, what enabling would create).
            #expect(!FileManager.default.fileExists(atPath: root + "/etc/systemd"))
            let port0 = root + "/usr/sbin/port0"
            #expect(try Support.run([port0, "--version"]).stdout == version + "\n")
            // Position-independent, with packed relocations (debian/rules): the loader must
            // know GLIBC_ABI_DT_RELR, which dpkg-shlibdeps does not turn into a dependency.
            let dynamic = try Ops.run(["readelf", "--dynamic", "--version-info", port0]).stdout
            #expect(dynamic.contains("Flags: NOW PIE") && dynamic.contains("(RELR)"), "\(dynamic)")
            #expect(dynamic.contains("GLIBC_ABI_DT_RELR"))
            #expect(depends.contains("libc6 (>= 2.36)"), "Depends: \(depends)")
            let rendered = try Support.run([port0, "render", "--exempt", "192.0.2.0/24"])
            #expect(rendered.status == 0)
            #expect(rendered.stdout == (try Support.port0(["render", "--exempt", "192.0.2.0/24"])).stdout)
            for unit in units {
                #expect(
                    try Ops.read(root + "/" + unit)
                        == (try Ops.read(Ops.path("scripts/systemd/" + unit.split(separator: "/").last!))))
            }
            #expect(
                try Ops.read(root + "/etc/default/port0") == (try Ops.read(Ops.path("scripts/systemd/port0.default"))))
            let man = try Ops.run(["sh", "-c", "gzip -dc \"$0\"", root + "/usr/share/man/man1/port0.1.gz"]).stdout
            #expect(man == (try Ops.read(Ops.path("docs/man/port0.1"))))
            #expect(
                try Ops.read(root + "/usr/share/bash-completion/completions/port0")
                    == (try Ops.read(Ops.path("docs/completions/port0.bash"))))
            let status = try Ops.run(["dpkg-query", "--admindir=" + admin, "-s", "port0"]).stdout
            #expect(status.contains("Status: install ok installed"))
            #expect(status.contains("Conffiles:\n /etc/default/port0 "))

            let purge = try Ops.run(dpkg + ["--purge", "port0"])
            #expect(purge.status == 0, "\(purge.stderr)")
            #expect(Ops.files(root).filter { !$0.hasPrefix("var/lib/dpkg/") } == [])
            #expect(try Ops.run(["dpkg-query", "--admindir=" + admin, "-W", "port0"]).status != 0)
        }
    }

    @Test(
        "lintian (Debian 12's) finds no error, warning, info or pedantic tag that is not overridden with a reason",
        .enabled(if: tools && Ops.has("lintian"), "needs lintian and dpkg-dev (scripts/setup)"))
    func lintianClean() throws {
        let package = try Self.built.get()
        let lintian = try Ops.run(["lintian", "--display-info", "--pedantic", package.deb])
        let tags = lintian.stdout.split(separator: "\n").filter {
            $0.range(of: #"^[EWIPX]: "#, options: .regularExpression) != nil
        }
        #expect(tags.isEmpty, "lintian:\n\(tags.joined(separator: "\n"))")
        #expect(lintian.status == 0, "\(lintian.stdout)\(lintian.stderr)")

        // Each override carries its reason on the comment line just above it.
        let lines = try Ops.read(Ops.path("debian/port0.lintian-overrides")).split(separator: "\n")
        for (index, line) in lines.enumerated() where !line.hasPrefix("#") {
            #expect(index > 0 && lines[index - 1].hasPrefix("# "), "override without a one-line reason: \(line)")
        }
    }
}

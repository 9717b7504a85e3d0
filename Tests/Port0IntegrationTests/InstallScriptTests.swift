import Foundation
import Testing

@Suite("scripts/install.sh")
struct InstallScriptTests {
    static let script = Ops.path("scripts/install.sh")
    static let installed = [
        "etc/default/port0",
        "usr/local/lib/systemd/system/port0-guard.service",
        "usr/local/lib/systemd/system/port0.service",
        "usr/local/sbin/port0",
        "usr/local/share/bash-completion/completions/port0",
        "usr/local/share/fish/vendor_completions.d/port0.fish",
        "usr/local/share/man/man1/port0.1",
        "usr/local/share/port0/install-manifest",
        "usr/local/share/zsh/site-functions/_port0",
    ]

    func install(_ destdir: String, _ extra: [String] = [], environment: [String: String] = [:]) throws
        -> Support.Result
    {
        try Ops.run(["bash", Self.script] + extra, environment: ["DESTDIR": destdir].merging(environment) { $1 })
    }

    @Test("installs binary, unit, default file, man page and completions into DESTDIR; --uninstall leaves nothing")
    func installAndUninstall() throws {
        try Ops.withTempDir { destdir in
            let result = try install(destdir, ["--binary", Support.port0])
            try #require(result.status == 0, "\(result.stderr)")
            #expect(Ops.files(destdir) == Self.installed)
            let binary = destdir + "/usr/local/sbin/port0"
            #expect(try Support.run([binary, "--version"]).stdout == (try Support.port0(["--version"])).stdout)
            #expect(FileManager.default.isExecutableFile(atPath: binary))
            let unit = try Ops.read(destdir + "/usr/local/lib/systemd/system/port0.service")
            #expect(unit.contains("ExecStart=/usr/local/sbin/port0 apply "))
            #expect(!unit.contains("/usr/sbin/port0"))
            #expect(
                try Ops.read(destdir + "/usr/local/share/man/man1/port0.1")
                    == (try Ops.read(Ops.path("docs/man/port0.1"))))
            #expect(
                try Ops.read(destdir + "/etc/default/port0")
                    == (try Ops.read(Ops.path("scripts/systemd/port0.default"))))
            #expect(try install(destdir, ["--binary", Support.port0]).status == 1, "a second install must refuse")

            let removed = try install(destdir, ["--uninstall"])
            #expect(removed.status == 0, "\(removed.stderr)")
            #expect(Ops.tree(destdir) == [], "left behind: \(Ops.tree(destdir))")
        }
    }

    @Test("an existing /etc/default/port0 is neither overwritten nor removed")
    func keepsExistingDefaultFile() throws {
        try Ops.withTempDir { destdir in
            let mine = "PORT0_OPTS=\"--log\"\n"
            try Ops.write(mine, to: destdir + "/etc/default/port0")
            try #require(try install(destdir, ["--binary", Support.port0]).status == 0)
            #expect(try Ops.read(destdir + "/etc/default/port0") == mine)
            try #require(try install(destdir, ["--uninstall"]).status == 0)
            #expect(Ops.tree(destdir) == ["etc", "etc/default", "etc/default/port0"])
        }
    }

    @Test(
        "the unit installed under a PREFIX passes systemd-analyze verify as installed",
        .enabled(if: Ops.has("systemd-analyze"), "systemd-analyze is not installed (Debian package: systemd)"))
    func installedUnitVerifies() throws {
        try Ops.withTempDir { dir in
            let prefix = dir + "/prefix"
            let env = ["PREFIX": prefix, "SYSCONFDIR": dir + "/etc"]
            try #require(try install("", ["--binary", Support.port0], environment: env).status == 0)
            let unit = prefix + "/lib/systemd/system/port0.service"
            #expect(try Ops.read(unit).contains("ExecStart=\(prefix)/sbin/port0 apply "))
            let verify = try Ops.run(
                ["systemd-analyze", "verify", unit], environment: ["MANPATH": prefix + "/share/man"])
            #expect(verify.status == 0 && verify.stderr.isEmpty, "\(verify.stderr)")
            try #require(try install("", ["--uninstall"], environment: env).status == 0)
            #expect(Ops.tree(dir) == [])
        }
    }

    @Test("an unknown argument is a usage error")
    func unknownArgument() throws {
        #expect(try install("/nonexistent", ["--frobnicate"]).status == 64)
    }
}

import Foundation
import Testing

@Suite("cloud-init user-data example")
struct CloudInitTests {
    static let example = Ops.path("scripts/cloud-init/port0.yaml")
    static let reason: Comment = "cloud-init is not installed (Debian package: cloud-init)"

    @Test("cloud-init schema accepts scripts/cloud-init/port0.yaml", .enabled(if: Ops.has("cloud-init"), reason))
    func validSchema() throws {
        let result = try Ops.run(["cloud-init", "schema", "--config-file", Self.example])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
    }

    @Test(
        "cloud-init schema rejects a broken variant (the check above means something)",
        .enabled(if: Ops.has("cloud-init"), reason))
    func brokenSchema() throws {
        try Ops.withTempDir { dir in
            let broken = try Ops.read(Self.example).replacingOccurrences(of: "runcmd:", with: "runcmd: 5\nruncmd_:")
            try Ops.write(broken, to: dir + "/broken.yaml")
            #expect(try Ops.run(["cloud-init", "schema", "--config-file", dir + "/broken.yaml"]).status != 0)
        }
    }

    @Test("its /etc/default/port0 options are accepted by port0, and first boot installs and enables the unit")
    func optionsAndSteps() throws {
        let text = try Ops.read(Self.example)
        func value(_ name: String) -> [String]? {
            guard
                let line = text.split(separator: "\n").first(where: {
                    $0.trimmingCharacters(in: .whitespaces).hasPrefix(name + "=\"")
                })
            else { return nil }
            let quoted = line.split(separator: "\"", omittingEmptySubsequences: false)
            return quoted.count >= 2 ? quoted[1].split(separator: " ").map(String.init) : nil
        }
        let table = try #require(value("PORT0_TABLE_OPTS"))
        let options = try #require(value("PORT0_OPTS"))
        let result = try Support.port0(["render"] + table + options)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(text.contains("apt-get install -y -o Dpkg::Options::=--force-confold /run/port0.deb"))
        #expect(text.contains("systemctl enable --now port0.service"))
        #expect(text.hasPrefix("#cloud-config\n"))
    }
}

import Foundation
import Testing

/// Runs scripts/ansible/playbook.yml against localhost (connection local) with everything the
/// role writes pointed into a temp dir and port0 pointed at a private network namespace.
struct AnsibleRun {
    /// ansible-playbook from scripts/ansible/ensure-ansible (installs ansible-core from PyPI
    /// into a cached venv the first time); nil when none can be had.
    static let playbookCommand: String? = {
        guard let result = try? Support.run(["bash", Ops.path("scripts/ansible/ensure-ansible")]), result.status == 0
        else { return nil }
        let path = result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        return path.isEmpty ? nil : path
    }()
    static let reason: Comment =
        "ansible-core unavailable (scripts/ansible/ensure-ansible could not install it from PyPI)"

    /// plan and apply exist in this build (`port0 plan --help` would print the root help).
    static let hasPlanAndApply: Bool = {
        let names = (try? Ops.subcommands()) ?? []
        return names.contains("plan") && names.contains("apply")
    }()
    static let planReason: Comment = "this port0 has no plan/apply command yet"

    let dir: String
    let netns: String

    var defaultFile: String { dir + "/default/port0" }

    /// `body` with a run whose files go to a fresh temp dir and whose port0 acts on a fresh
    /// private network namespace.
    static func inPrivateNamespace(_ body: (AnsibleRun) throws -> Void) throws {
        try Ops.withTempDir { dir in
            for sub in ["sbin", "units", "default"] {
                try FileManager.default.createDirectory(atPath: dir + "/" + sub, withIntermediateDirectories: true)
            }
            try Support.withNetns { netns in try body(AnsibleRun(dir: dir, netns: netns)) }
        }
    }

    struct Outcome {
        var status: Int32
        var output: String
        /// The PLAY RECAP counts for localhost: ok, changed, failed, skipped, ...
        var recap: [String: Int]
        /// The status word ("ok", "changed", "skipping", "fatal") of each task, by task name.
        var tasks: [String: String]
    }

    func play(_ options: [String], check: Bool = false, diff: Bool = false) throws -> Outcome {
        let playbook = try #require(Self.playbookCommand)
        let variables: [String: Any] = [
            "port0_options": options,
            "port0_netns": netns,
            "port0_binary_src": Support.port0,
            "port0_bin": dir + "/sbin/port0",
            "port0_unit_dir": dir + "/units",
            "port0_default_file": defaultFile,
            "port0_service_enabled": false,
            "port0_become": false,
        ]
        let varsFile = dir + "/vars.json"
        try JSONSerialization.data(withJSONObject: variables).write(to: URL(fileURLWithPath: varsFile))
        let python = (playbook as NSString).deletingLastPathComponent + "/python"
        var arguments = [
            playbook, "-i", "localhost,", "-c", "local", "-e", "@" + varsFile,
            "-e",
            "ansible_python_interpreter="
                + (FileManager.default.isExecutableFile(atPath: python) ? python : "auto_silent"),
            Ops.path("scripts/ansible/playbook.yml"),
        ]
        if check { arguments.append("--check") }
        if diff { arguments.append("--diff") }
        try Ops.write("", to: dir + "/ansible.cfg")
        let result = try Ops.run(
            arguments,
            environment: [
                "ANSIBLE_CONFIG": dir + "/ansible.cfg", "ANSIBLE_HOME": dir + "/ansible-home",
                "ANSIBLE_LOCAL_TEMP": dir + "/ansible-tmp", "ANSIBLE_NOCOLOR": "1",
                "ANSIBLE_RETRY_FILES_ENABLED": "0", "ANSIBLE_STDOUT_CALLBACK": "default", "ANSIBLE_PIPELINING": "1",
            ])
        let output = result.stdout + result.stderr
        return Outcome(status: result.status, output: output, recap: Self.recap(output), tasks: Self.tasks(output))
    }

    /// Parses `localhost : ok=7 changed=1 unreachable=0 failed=0 ...` after PLAY RECAP.
    static func recap(_ output: String) -> [String: Int] {
        guard let tail = output.components(separatedBy: "PLAY RECAP").last,
            let line = tail.split(separator: "\n").first(where: { $0.hasPrefix("localhost") })
        else { return [:] }
        var counts: [String: Int] = [:]
        for field in line.split(separator: " ") {
            let pair = field.split(separator: "=")
            if pair.count == 2, let count = Int(pair[1]) { counts[String(pair[0])] = count }
        }
        return counts
    }

    /// Maps `TASK [port0 : NAME] ***` to the first word of the line after it (`changed:`).
    static func tasks(_ output: String) -> [String: String] {
        var tasks: [String: String] = [:]
        for block in output.components(separatedBy: "TASK [").dropFirst() {
            guard let close = block.range(of: "] ") else { continue }
            let name = block[..<close.lowerBound].replacingOccurrences(of: "port0 : ", with: "")
            let status = block.split(separator: "\n").dropFirst()
                .first {
                    $0.hasPrefix("ok:") || $0.hasPrefix("changed:") || $0.hasPrefix("skipping:")
                        || $0.hasPrefix("fatal:")
                }
            tasks[name] = status.map { String($0.prefix { $0 != ":" }) }
        }
        return tasks
    }
}

@Suite("Ansible role port0")
struct AnsibleRoleTests {
    static let planTask = "Plan (port0 plan --detailed-exitcode)"
    static let applyTask = "Apply (port0 apply --json)"

    @Test(
        "the playbook and role pass ansible-playbook --syntax-check",
        .enabled(if: AnsibleRun.playbookCommand != nil, AnsibleRun.reason))
    func syntax() throws {
        let playbook = try #require(AnsibleRun.playbookCommand)
        try Ops.withTempDir { dir in
            let result = try Ops.run(
                [playbook, "--syntax-check", "-i", "localhost,", Ops.path("scripts/ansible/playbook.yml")],
                environment: ["ANSIBLE_HOME": dir, "ANSIBLE_NOCOLOR": "1"])
            #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        }
    }

    @Test(
        "converges a private namespace: changed once, then unchanged; check mode changes nothing; a bad option fails with port0's message",
        .needsRoot,
        .enabled(if: AnsibleRun.playbookCommand != nil, AnsibleRun.reason),
        .enabled(if: AnsibleRun.hasPlanAndApply, AnsibleRun.planReason))
    func converges() throws {
        try AnsibleRun.inPrivateNamespace { run in
            let options = ["--exempt", "192.0.2.0/24"]
            let ruleset = { try Support.inNetns(run.netns, ["nft", "list", "ruleset"]).stdout }
            #expect(try ruleset() == "")

            let first = try run.play(options)
            try #require(first.status == 0, "\(first.output)")
            #expect(first.tasks[Self.applyTask] == "changed")
            #expect((first.recap["changed"] ?? 0) >= 1 && first.recap["failed"] == 0)
            let installed = try ruleset()
            #expect(installed.contains("table inet port0 {"))
            #expect(try Ops.read(run.defaultFile).contains("PORT0_OPTS=\"--exempt 192.0.2.0/24\""))

            let second = try run.play(options)
            #expect(second.status == 0, "\(second.output)")
            #expect(second.recap["changed"] == 0, "\(second.output)")
            #expect(second.tasks[Self.planTask] == "ok")
            #expect(second.tasks[Self.applyTask] == "skipping")

            let defaults = try Ops.read(run.defaultFile)
            let check = try run.play(options + ["--log"], check: true)
            #expect(check.status == 0, "\(check.output)")
            #expect(check.tasks[Self.planTask] == "changed", "check mode must report the pending change")
            #expect(check.tasks[Self.applyTask] == "skipping")
            #expect(try ruleset() == installed, "check mode changed the kernel")
            #expect(try Ops.read(run.defaultFile) == defaults, "check mode wrote the default file")

            let unchangedCheck = try run.play(options, check: true)
            #expect(unchangedCheck.recap["changed"] == 0, "\(unchangedCheck.output)")

            let message = try Support.port0(["plan", "--action", "explode"]).stderr
                .trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(message.hasPrefix("port0: error: "))
            let bad = try run.play(["--action", "explode"])
            #expect(bad.status != 0)
            #expect(bad.recap["failed"] == 1)
            #expect(bad.output.contains("\"msg\": \"\(message)\""), "\(bad.output)")
            #expect(try ruleset() == installed, "a bad option changed the kernel")
            #expect(try Ops.read(run.defaultFile) == defaults, "a bad option reached the default file")
        }
    }

    @Test(
        "--diff shows port0's plan as the diff, in check mode and in normal runs, and only when something changes",
        .needsRoot,
        .enabled(if: AnsibleRun.playbookCommand != nil, AnsibleRun.reason),
        .enabled(if: AnsibleRun.hasPlanAndApply, AnsibleRun.planReason))
    func showsThePlanUnderDiff() throws {
        try AnsibleRun.inPrivateNamespace { run in
            let options = ["--exempt", "192.0.2.0/24"]
            let header = "--- live: table inet port0\n+++ configured: table inet port0\n"

            // Check mode installs the binary only for real runs: install it first.
            let installed = try run.play(options)
            try #require(installed.status == 0, "\(installed.output)")
            #expect(try Support.inNetns(run.netns, ["nft", "delete", "table", "inet", "port0"]).status == 0)

            let check = try run.play(options, check: true, diff: true)
            #expect(check.status == 0, "\(check.output)")
            #expect(check.tasks[Self.planTask] == "changed")
            #expect(check.output.contains(header), "\(check.output)")
            #expect(check.output.contains("+\tset exempt_v4 {\n"), "\(check.output)")
            #expect(try Support.inNetns(run.netns, ["nft", "list", "ruleset"]).stdout.isEmpty)

            let apply = try run.play(options, diff: true)
            #expect(apply.status == 0 && apply.tasks[Self.applyTask] == "changed", "\(apply.output)")
            #expect(apply.output.components(separatedBy: header).count == 2, "one diff: \(apply.output)")

            let again = try run.play(options, diff: true)
            #expect(again.recap["changed"] == 0, "\(again.output)")
            #expect(!again.output.contains(header), "\(again.output)")

            let added = try Support.inNetns(
                run.netns, ["nft", "add", "rule", "inet", "port0", "output", "tcp", "dport", "22", "accept"])
            #expect(added.status == 0)
            let repaired = try run.play(options, diff: true)
            #expect(repaired.recap["changed"] == 1, "\(repaired.output)")
            #expect(
                repaired.output.contains("-\t\t# not port0's rule: [ meta load l4proto ]"), "\(repaired.output)")
        }
    }
}

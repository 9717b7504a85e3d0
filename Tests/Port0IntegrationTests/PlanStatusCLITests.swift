import Testing

/// plan and status as commands, where no kernel is involved.
@Suite struct PlanStatusCLITests {
    @Test func aBadFormatIsOneLineAndExitOne() throws {
        for command in ["plan", "status"] {
            let result = try Support.port0([command, "--format", "yaml"])
            #expect(result.status == 1 && result.stdout.isEmpty)
            #expect(result.stderr.hasPrefix("port0: error: invalid --format 'yaml': expected text, json"))
            #expect(result.stderr.split(separator: "\n").count == 1)
        }
    }

    @Test func badRulesetOptionsFailBeforeTheKernelIsOpened() throws {
        let result = try Support.port0(["status", "--table", "1bad"])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("port0: error: invalid --table '1bad'"))
    }

    @Test func helpDocumentsTheExitCodes() throws {
        // Help is wrapped to the terminal width: compare with single spaces.
        func help(_ command: String) throws -> String {
            try Support.port0([command, "--help"]).stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        }
        let plan = try help("plan")
        #expect(plan.contains("2 changes pending") && plan.contains("--detailed-exitcode"))
        let status = try help("status")
        #expect(status.contains("0 installed and matching, 3 not installed, 4 drifted, 1 error"))
    }
}

import Testing

/// The C path's memory safety: every kernel command under valgrind memcheck (issue: hostile
/// input hardening), through the same script operators and CI run.
@Suite(.needsRoot) struct ValgrindCheckTests {
    static let hasValgrind = (try? Support.run(["which", "valgrind"]).status) == 0

    @Test(
        "apply, check, plan, status and remove run under memcheck with no invalid access and no leak",
        .enabled(if: hasValgrind, "valgrind is not installed (scripts/setup installs it)"))
    func valgrindCheckPasses() throws {
        let result = try Support.run([
            "sh", "-c", "cd \"$1\" && scripts/valgrind-check", "sh", Support.packageRoot.path,
        ])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("valgrind-check: no invalid access, no leak"))
    }
}

import Port0Core

/// `port0 check`: everything the kernel would say about the table, committing nothing in the
/// target namespace.
public enum RulesetCheck {
    /// 1. every `--device` exists in the target namespace (the kernel accepts netdev chains on
    ///    missing devices without a word), unless `allowMissingDevices`;
    /// 2. the batch without its end message in the target: each object is checked, then aborted;
    /// 3. the whole batch committed in a throwaway namespace, which also runs the kernel's
    ///    final validation pass (jump loops, hook restrictions) that step 2 skips.
    public static func run(
        _ table: Table, in namespace: NetworkNamespace, allowMissingDevices: Bool, adopt: Bool = false
    ) throws(Port0Error) {
        // 0. the table there is port0's (or --adopt), as apply would require.
        let live = try NetlinkKernel(namespace: namespace).read(
            family: table.family, name: table.name, namedSetElements: false)
        try Ownership.check(live, action: "replace", adopt: adopt)
        if !allowMissingDevices { try requireDevices(table, in: namespace) }
        try NetlinkKernel(namespace: namespace).validate(table)
        _ = try NetlinkKernel(namespace: .throwaway).replace(table, ifGeneration: nil)
    }

    public static func requireDevices(_ table: Table, in namespace: NetworkNamespace) throws(Port0Error) {
        let devices = Set(table.baseChains.flatMap { $0.base?.devices ?? [] }).sorted()
        guard !devices.isEmpty else { return }
        if let missing = try namespace.missingDevices(devices).first {
            throw .invalidValue(
                option: "--device", value: missing,
                expected:
                    "a link that exists in the target network namespace (--allow-missing-device to bind it before it exists)"
            )
        }
    }
}

import Port0Core

/// `port0 check`: everything the kernel would say about the table, committing nothing in the
/// target namespace.
public enum RulesetCheck {
    /// 1. every `--device` exists in the target namespace (the kernel accepts netdev chains on
    ///    missing devices without a word), unless `allowMissingDevices`;
    /// 2. the batch without its end message in the target: each object is checked, then aborted;
    /// 3. the whole batch committed in a throwaway namespace, which also runs the kernel's
    ///    final validation pass (jump loops, hook restrictions) that step 2 skips. It gets
    ///    stand-in links named like the devices, as kernels before 6.16 refuse netdev chains
    ///    on missing devices.
    public static func run(
        _ table: Table, in namespace: NetworkNamespace, allowMissingDevices: Bool, adopt: Bool = false
    ) throws(Port0Error) {
        // 0. the table there is port0's (or --adopt), as apply would require.
        let live = try NetlinkKernel(namespace: namespace).read(
            family: table.family, name: table.name, namedSetElements: false)
        try Ownership.check(live, action: "replace", adopt: adopt)
        try requireDevices(table, in: namespace, allowMissing: allowMissingDevices)
        try NetlinkKernel(namespace: namespace).validate(table)
        try NetworkNamespace.throwaway.run { () throws(Port0Error) in
            try StandInLinks.create(table.devices)
            _ = try NetlinkKernel(namespace: .current).replace(table, ifGeneration: nil)
        }
    }

    /// Every device exists in the target namespace; or, with `allowMissing`, the kernel is one
    /// that accepts netdev chains on missing devices (6.16 and later; older ones say ENOENT).
    public static func requireDevices(
        _ table: Table, in namespace: NetworkNamespace, allowMissing: Bool = false,
        kernel: KernelVersion? = KernelVersion.running
    ) throws(Port0Error) {
        let devices = table.devices
        guard !devices.isEmpty else { return }
        if let missing = try namespace.missingDevices(devices).first {
            let needs = KernelRequirement.missingDevices
            if allowMissing {
                guard let kernel, kernel < needs.since else { return }
                throw .system(
                    context: needs.option,
                    reason:
                        "\(needs.feature) needs Linux \(needs.since.major).\(needs.since.minor) or later; this kernel is \(kernel) (\(Quoted(missing)) does not exist)"
                )
            }
            throw .invalidValue(
                option: "--device", value: missing,
                expected:
                    "a link that exists in the target network namespace (--allow-missing-device to bind it before it exists)"
            )
        }
    }
}

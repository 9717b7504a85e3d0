/// A netdev base chain, or one of its devices, that the kernel dropped when a device went away.
///
/// Before Linux 6.16, unregistering a device (`ip link del`, a driver unload, a USB NIC
/// unplugged) removes it from every netdev base chain bound to it; a chain that loses its last
/// device is deleted with its rules. Neither comes back when a device of that name returns,
/// so the edge stays unprotected until the table is applied again. 6.16 keeps the chain and
/// binds it again by name (netfilter's "Dynamic hook interface binding" series, merged for
/// 6.16). See docs/kernels.md.
public struct DeviceLoss: Sendable, Equatable {
    public var chain: String
    public var hook: String
    /// The configured devices that are no longer bound to the chain.
    public var devices: [String]
    /// true: the whole chain (with its rules) is gone; false: it lost only these devices.
    public var chainRemoved: Bool

    /// The first release that keeps netdev chains across a device's removal.
    public static let keepingKernel = KernelVersion(6, 16)

    /// The losses that explain how `live` differs from `expected`, on a kernel known to drop
    /// chains and devices this way (none on 6.16 or later, or when the kernel is unknown).
    public static func find(live: LiveTable, expected: LiveTable, kernel: KernelVersion?) -> [DeviceLoss] {
        guard let kernel, kernel < keepingKernel, live.family == .netdev else { return [] }
        let liveChains = Dictionary(live.chains.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        return expected.chains.compactMap { chain in
            guard let base = chain.base, !base.devices.isEmpty else { return nil }
            let hook = base.hook?.rawValue ?? "unknown"
            guard let found = liveChains[chain.name] else {
                return DeviceLoss(chain: chain.name, hook: hook, devices: base.devices, chainRemoved: true)
            }
            guard let liveBase = found.base, liveBase.hook == base.hook, liveBase.priority == base.priority,
                liveBase.type == base.type
            else { return nil }
            let lost = base.devices.filter { !liveBase.devices.contains($0) }
            // Only a loss: a chain with devices it should not have changed some other way.
            guard !lost.isEmpty, Set(liveBase.devices).isSubset(of: base.devices) else { return nil }
            return DeviceLoss(chain: chain.name, hook: hook, devices: lost, chainRemoved: false)
        }
    }

    public var text: String {
        let names = devices.map { "\"\(PrintableText.escaped($0))\"" }.joined(separator: ", ")
        let chainName = "chain \"\(PrintableText.escaped(chain))\""
        if chainRemoved {
            return
                "\(chainName) was removed by the kernel because its device\(devices.count == 1 ? "" : "s") \(names) went away: Linux before 6.16 deletes a netdev base chain (and its rules) with its last device and does not restore it when the device returns; re-apply (port0 apply) to restore it"
        }
        return
            "device\(devices.count == 1 ? "" : "s") \(names) \(devices.count == 1 ? "was" : "were") unbound from \(chainName) by the kernel when \(devices.count == 1 ? "it" : "they") went away: Linux before 6.16 drops a device from a netdev chain when it is unregistered and does not bind it again when it returns; re-apply (port0 apply) to bind it again"
    }

    public var json: JSONValue {
        .object([
            ("chain", .string(chain)), ("hook", .string(hook)), ("devices", .array(devices.map(JSONValue.string))),
            ("chain_removed", .bool(chainRemoved)),
        ])
    }
}

/// The oldest Linux each part of a ruleset needs, checked before anything is sent, so an old
/// kernel gets one line naming the feature and the version instead of a bare EOPNOTSUPP.
/// Versions are upstream releases (docs/kernels.md gives the source of each); the check
/// compares uname's version, so a distribution kernel with the feature backported below that
/// version is refused too (none of Debian's is).
public struct KernelRequirement: Sendable, Equatable {
    /// What in the configuration needs it: an option, or "port0's table" for every table.
    public var option: String
    public var feature: String
    public var since: KernelVersion

    public init(option: String, feature: String, since: KernelVersion) {
        self.option = option
        self.feature = feature
        self.since = since
    }

    /// "--egress: the netdev egress hook needs Linux 5.16 or later; this kernel is 5.10.0-28-amd64".
    public func refusal(on kernel: KernelVersion) -> Port0Error {
        .system(
            context: option,
            reason: "\(feature) needs Linux \(since.major).\(since.minor) or later; this kernel is \(kernel)")
    }

    public static let tableComment = KernelRequirement(
        option: "port0's table", feature: "its comment, which marks it as port0's (NFTA_TABLE_USERDATA),",
        since: KernelVersion(5, 13))
    public static let inetFamily = KernelRequirement(
        option: "--profile host", feature: "the inet family (one table for IPv4 and IPv6)", since: KernelVersion(3, 14))
    public static let netdevFamily = KernelRequirement(
        option: "--profile edge", feature: "the netdev family (ingress hook)", since: KernelVersion(4, 2))
    public static let egressHook = KernelRequirement(
        option: "--egress", feature: "the netdev egress hook", since: KernelVersion(5, 16))
    public static let multiDevice = KernelRequirement(
        option: "--device", feature: "a netdev chain on several devices (NFTA_HOOK_DEVS)", since: KernelVersion(5, 5))
    public static let namedCounters = KernelRequirement(
        option: "counters", feature: "named counters (stateful objects)", since: KernelVersion(4, 10))
    public static let netdevReject = KernelRequirement(
        option: "--action reject", feature: "reject in the netdev family", since: KernelVersion(5, 11))
    /// "netfilter: nf_tables: Introduce NFT_TABLE_F_PERSIST" and "Implement table adoption
    /// support" (6.9): without it an owned table dies with its owner, so a guard crash would
    /// remove protection. 6.1's NFT_TABLE_F_MASK is dormant|owner only.
    public static let tableOwnership = KernelRequirement(
        option: "--own-table", feature: "a table that outlives its owning process (NFT_TABLE_F_PERSIST)",
        since: KernelVersion(6, 9))
    public static let missingDevices = KernelRequirement(
        option: "--allow-missing-device",
        feature: "a netdev chain on a device that does not exist (yet)", since: KernelVersion(6, 16))
}

extension Table {
    /// Every kernel feature this table needs, newest first.
    public var kernelRequirements: [KernelRequirement] {
        var needs: [KernelRequirement] = []
        if comment != nil { needs.append(.tableComment) }
        if flags & LiveTable.persistFlag != 0 { needs.append(.tableOwnership) }
        needs.append(family == .inet ? .inetFamily : .netdevFamily)
        let bases = chains.compactMap(\.base)
        if bases.contains(where: { $0.hook == .egress }) { needs.append(.egressHook) }
        if bases.contains(where: { $0.devices.count > 1 }) { needs.append(.multiDevice) }
        if !counters.isEmpty { needs.append(.namedCounters) }
        if family == .netdev,
            chains.contains(where: { $0.rules.contains { if case .reject = $0.verdict { true } else { false } } })
        {
            needs.append(.netdevReject)
        }
        return needs.sorted { $0.since > $1.since }
    }

    /// Refuses, in one line, a table that `kernel` cannot hold; nil (unknown) passes.
    public func requireFeatures(of kernel: KernelVersion?) throws(Port0Error) {
        guard let kernel, let missing = kernelRequirements.first(where: { kernel < $0.since }) else { return }
        throw missing.refusal(on: kernel)
    }
}

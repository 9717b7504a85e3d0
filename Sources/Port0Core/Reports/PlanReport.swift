/// What apply would do: nothing, or the difference between the live table and the desired
/// one as a unified diff of their nft listings.
public struct PlanReport: Sendable {
    /// `inet port0`
    public var table: String
    public var installed: Bool
    public var differences: [String]
    /// `diff -u` of the live listing (empty when not installed) against the desired one,
    /// whose counters show the live values apply would carry over. Set elements are listed
    /// one per line, so a changed element is one changed line however big the set.
    public var diff: String
    /// Chains and devices the kernel dropped with a device (Linux before 6.16).
    public var deviceLosses: [DeviceLoss] = []

    public var changesPending: Bool { !differences.isEmpty }

    public init(live: LiveTable?, desired: Table, kernel: KernelVersion? = nil) {
        table = "\(desired.family.rawValue) \(desired.name)"
        installed = live != nil
        let target = desired.carryingCounters(from: live)
        if let live {
            let drift = Drift(live: live, desired: desired, kernel: kernel)
            differences = drift.differences
            deviceLosses = drift.deviceLosses
        } else {
            differences = ["table \(table) is not installed"]
        }
        diff =
            !differences.isEmpty
            ? UnifiedDiff.render(
                old: live.map { LiveTextRenderer.listing($0, oneElementPerLine: true) } ?? "",
                new: NftTextRenderer.listing(target, oneElementPerLine: true),
                oldLabel: "live: table \(table)", newLabel: "configured: table \(table)")
            : ""
    }

    /// "no changes", or the diff; a difference the listings cannot show (e.g. the order of
    /// anonymous set elements) is given as comment lines.
    public var text: String {
        guard changesPending else { return "no changes\n" }
        // What the kernel did is said before the diff, which alone would only show a hole.
        let losses = deviceLosses.map { "# \($0.text)\n" }.joined()
        return diff.isEmpty ? differences.map { "# \($0)\n" }.joined() : losses + diff
    }

    public var json: String {
        JSONValue.object([
            ("changes_pending", .bool(changesPending)), ("table", .string(table)), ("installed", .bool(installed)),
            ("differences", .array(differences.map(JSONValue.string))),
            ("removed_with_device", .array(deviceLosses.map(\.json))), ("diff", .string(diff)),
        ]).spacedText
    }
}

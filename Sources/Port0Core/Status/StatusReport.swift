/// port0's table as it is now, measured against the configuration: installed or not,
/// matching or drifted (and how), and what each counter has dropped.
public struct StatusReport: Sendable {
    /// `inet port0`
    public var table: String
    public var installed: Bool
    /// Empty when matching, and when not installed.
    public var differences: [String]
    /// The live counters with their values (none when not installed).
    public var counters: [NamedCounter]
    /// Chains and devices the kernel dropped with a device (Linux before 6.16); also in
    /// `differences`, in words.
    public var deviceLosses: [DeviceLoss]

    public init(live: LiveTable?, desired: Table, kernel: KernelVersion? = nil) {
        table = "\(desired.family.rawValue) \(desired.name)"
        installed = live != nil
        let drift = live.map { Drift(live: $0, desired: desired, kernel: kernel) }
        differences = drift?.differences ?? []
        deviceLosses = drift?.deviceLosses ?? []
        counters = live?.counters ?? []
    }

    public var drifted: Bool { installed && !differences.isEmpty }

    /// `status`'s exit code: 0 installed and matching, 3 not installed, 4 drifted.
    public var exitCode: Int32 { !installed ? 3 : drifted ? 4 : 0 }

    public var state: String { !installed ? "not installed" : drifted ? "drifted" : "matching" }

    public var text: String {
        var out = "table \(table): \(installed ? "installed" : "not installed")"
        if installed { out += ", \(drifted ? "drifted from" : "matches") the configuration" }
        out += "\n"
        for difference in differences { out += "  \(difference)\n" }
        if !counters.isEmpty { out += "counters:\n" }
        for counter in counters {
            let name =
                counter.labels.map { "\($0.direction.rawValue) \($0.field.rawValue)" }
                ?? Encapsulation.counted(by: counter.name).map { "uninspected \($0.rawValue) (passed)" }
                ?? PrintableText.escaped(counter.name)
            out += "  \(name): \(counter.packets) packets, \(counter.bytes) bytes\n"
        }
        return out
    }

    public var json: String {
        JSONValue.object([
            ("table", .string(table)), ("installed", .bool(installed)), ("state", .string(state)),
            ("differences", .array(differences.map(JSONValue.string))),
            ("removed_with_device", .array(deviceLosses.map(\.json))),
            (
                "counters",
                .array(
                    counters.map { counter in
                        var members: [(String, JSONValue)] = [("name", .string(counter.name))]
                        if let labels = counter.labels {
                            members += [
                                ("direction", .string(labels.direction.rawValue)),
                                ("field", .string(labels.field.rawValue)),
                            ]
                        } else if let encap = Encapsulation.counted(by: counter.name) {
                            members.append(("encap", .string(encap.rawValue)))
                        }
                        return .object(
                            members + [
                                ("packets", .int(Int64(clamping: counter.packets))),
                                ("bytes", .int(Int64(clamping: counter.bytes))),
                            ])
                    })
            ),
        ]).spacedText
    }
}

/// The script formats port0 writes: nft's text language or libnftables' JSON.
public enum RulesetFormat: String, Sendable, CaseIterable {
    case text, json

    public static func parse(_ text: String) throws(Port0Error) -> RulesetFormat {
        guard let format = RulesetFormat(rawValue: text) else {
            throw .invalidValue(
                option: "--format", value: text,
                expected: "text (for nft -f), json (for nft -j -f) or flowspec (BGP FlowSpec)")
        }
        return format
    }

    /// Refuses what this format cannot express. libnftables' JSON (nft 1.0.6) has no
    /// `typeof` for sets, and exempt prefixes inside encapsulated frames need one.
    public func check(_ table: Table) throws(Port0Error) {
        if self == .json, table.sets.contains(where: { $0.rawKey != nil }) {
            throw .invalidCombination(
                "--format json cannot hold exempt prefixes for encapsulated frames (nft's JSON has no typeof sets): use --format text, or --encap none"
            )
        }
    }

    /// The whole load script for `table` in this format.
    public func script(_ table: Table) -> String {
        switch self {
        case .text: return NftTextRenderer.script(table)
        case .json: return NftJSONRenderer.script(table)
        }
    }
}

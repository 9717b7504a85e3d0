/// The script formats port0 writes: nft's text language or libnftables' JSON.
public enum RulesetFormat: String, Sendable, CaseIterable {
    case text, json

    public static func parse(_ text: String) throws(Port0Error) -> RulesetFormat {
        guard let format = RulesetFormat(rawValue: text) else {
            throw .invalidValue(option: "--format", value: text, expected: "text (for nft -f) or json (for nft -j -f)")
        }
        return format
    }

    /// The whole load script for `table` in this format.
    public func script(_ table: Table) -> String {
        switch self {
        case .text: return NftTextRenderer.script(table)
        case .json: return NftJSONRenderer.script(table)
        }
    }
}

/// The BGP speakers whose configuration `render --format flowspec` writes.
public enum FlowSpecSyntax: String, Sendable, CaseIterable {
    /// BIRD 2: tables + static protocols to include in bird.conf (the default: one
    /// declarative file that `bird -p` checks, for the route servers and edges that run BIRD).
    case bird
    /// ExaBGP 4: a neighbor template with the flow routes, for `inherit` in a neighbor.
    case exabgp
    /// GoBGP: a shell script of `gobgp global rib add` commands for a running gobgpd
    /// (gobgpd's configuration file has no static routes).
    case gobgp

    public static let `default` = FlowSpecSyntax.bird

    public static func parse(_ text: String) throws(Port0Error) -> FlowSpecSyntax {
        guard let syntax = FlowSpecSyntax(rawValue: text) else {
            throw .invalidValue(option: "--flowspec-syntax", value: text, expected: "bird, exabgp or gobgp")
        }
        return syntax
    }
}

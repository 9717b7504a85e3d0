import Port0Core
import Port0Packets

/// A traffic direction through the topology: who sends, who receives, and which hooks of the
/// host carrying port0's table the packets traverse (a fact of the kernel's packet path, used
/// only to decide whether the table filters this direction at all).
public struct Scenario: Sendable, Equatable {
    public var name: String
    public var sender: Topology.Role
    public var receiver: Topology.Role
    /// Where the table under test is loaded.
    public var filteringHost: Topology.Role
    public var pathHooks: Set<Hook>

    /// Client → server, server runs port0.
    public static let inbound = Scenario(
        name: "inbound", sender: .client, receiver: .server, filteringHost: .server, pathHooks: [.prerouting, .input])
    /// Server → client, server runs port0.
    public static let outbound = Scenario(
        name: "outbound", sender: .server, receiver: .client, filteringHost: .server,
        pathHooks: [.output, .postrouting])
    /// Client → server through the router, router runs port0.
    public static let forwarded = Scenario(
        name: "forwarded", sender: .client, receiver: .server, filteringHost: .router,
        pathHooks: [.prerouting, .forward, .postrouting])
    /// Client → server, entering the router on its client link (the edge device).
    public static let edgeIngress = Scenario(
        name: "edge ingress", sender: .client, receiver: .server, filteringHost: .router, pathHooks: [.ingress])
    /// Server → client, leaving the router on its client link (edge `--egress`).
    public static let edgeEgress = Scenario(
        name: "edge egress", sender: .server, receiver: .client, filteringHost: .router, pathHooks: [.egress])

    /// True when `table` has a base chain on this path.
    public func isFiltered(by table: Table) -> Bool {
        table.baseChains.contains { pathHooks.contains($0.base!.hook) }
    }

    /// The addresses the cases' packets travel between.
    var endpoints: PacketCase.Endpoints {
        PacketCase.Endpoints(
            sourceV4: address(sender, .ipv4).bytes, destinationV4: address(receiver, .ipv4).bytes,
            sourceV6: address(sender, .ipv6).bytes, destinationV6: address(receiver, .ipv6).bytes)
    }

    func address(_ role: Topology.Role, _ version: IPVersion) -> IPAddress {
        switch (role, version) {
        case (.client, .ipv4): return .v4(Topology.clientV4)
        case (.client, .ipv6): return .v6(Topology.clientV6)
        case (.server, .ipv4): return .v4(Topology.serverV4)
        case (.server, .ipv6): return .v6(Topology.serverV6)
        case (.router, .ipv4): return .v4(Topology.routerClientV4)
        case (.router, .ipv6): return .v6(Topology.routerClientV6)
        }
    }
}

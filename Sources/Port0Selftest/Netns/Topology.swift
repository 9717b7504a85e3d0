import Port0Core

/// client — router — server, each in its own network namespace, joined by veth pairs:
///
///     client eth0 ── c0 router s0 ── eth0 server
///     10.200.1.2     .1.1    .2.1    10.200.2.2
///     fd00:200:1::2  1::1    2::1    fd00:200:2::2
///
/// The subnets exist only inside these namespaces. MAC addresses are fixed and neighbours
/// are permanent entries, so no ARP/ND can delay or drop the first packets; IPv6 addresses
/// skip duplicate address detection so they are usable at once.
public struct Topology: Sendable {
    public enum Role: String, Sendable, CaseIterable {
        case client, router, server
    }

    public let client: String
    public let router: String
    public let server: String

    /// The router's link towards the client: the "ingress device" of the edge profile.
    public static let routerClientLink = "c0"
    public static let routerServerLink = "s0"

    public static let clientV4 = IPv4Address(10, 200, 1, 2)
    public static let routerClientV4 = IPv4Address(10, 200, 1, 1)
    public static let routerServerV4 = IPv4Address(10, 200, 2, 1)
    public static let serverV4 = IPv4Address(10, 200, 2, 2)
    public static let clientV6 = IPv6Address(0xfd00, 0x200, 1, 0, 0, 0, 0, 2)
    public static let routerClientV6 = IPv6Address(0xfd00, 0x200, 1, 0, 0, 0, 0, 1)
    public static let routerServerV6 = IPv6Address(0xfd00, 0x200, 2, 0, 0, 0, 0, 1)
    public static let serverV6 = IPv6Address(0xfd00, 0x200, 2, 0, 0, 0, 0, 2)

    public func namespace(_ role: Role) -> String {
        switch role {
        case .client: return client
        case .router: return router
        case .server: return server
        }
    }

    /// Builds the three namespaces; on any failure removes whatever was created and throws.
    public static func create() throws(Port0Error) -> Topology {
        let prefix = Namespace.uniquePrefix()
        let topology = Topology(client: prefix + "client", router: prefix + "router", server: prefix + "server")
        do {
            try topology.build()
        } catch {
            topology.destroy()
            throw error
        }
        return topology
    }

    /// Deletes the three namespaces (missing ones are fine).
    public func destroy() {
        for role in Role.allCases { Namespace.delete(namespace(role)) }
    }

    /// Runs `body` with a fresh topology and always removes it afterwards.
    public static func with<T>(_ body: (Topology) throws(Port0Error) -> T) throws(Port0Error) -> T {
        let topology = try create()
        defer { topology.destroy() }
        return try body(topology)
    }

    static let macClient = "02:50:30:00:01:02"
    static let macRouterC = "02:50:30:00:01:01"
    private static let macRouterS = "02:50:30:00:02:01"
    private static let macServer = "02:50:30:00:02:02"

    private func build() throws(Port0Error) {
        for role in Role.allCases {
            try Namespace.create(namespace(role))
            // Before any link exists, so new links inherit "no DAD".
            for scope in ["all", "default"] {
                try Namespace.sysctl(namespace(role), "net.ipv6.conf.\(scope).accept_dad", "0")
            }
        }
        try Namespace.sysctl(router, "net.ipv4.ip_forward", "1")
        try Namespace.sysctl(router, "net.ipv6.conf.all.forwarding", "1")

        let c0 = Topology.routerClientLink
        let s0 = Topology.routerServerLink
        try ip(
            router,
            [
                "link set lo up",
                "link add \(c0) address \(Topology.macRouterC) type veth peer name eth0 address \(Topology.macClient) netns \(client)",
                "link add \(s0) address \(Topology.macRouterS) type veth peer name eth0 address \(Topology.macServer) netns \(server)",
                "addr add \(Topology.routerClientV4)/24 dev \(c0)",
                "addr add \(Topology.routerClientV6)/64 dev \(c0) nodad",
                "addr add \(Topology.routerServerV4)/24 dev \(s0)",
                "addr add \(Topology.routerServerV6)/64 dev \(s0) nodad",
                "link set \(c0) up",
                "link set \(s0) up",
                "neigh replace \(Topology.clientV4) lladdr \(Topology.macClient) dev \(c0) nud permanent",
                "neigh replace \(Topology.clientV6) lladdr \(Topology.macClient) dev \(c0) nud permanent",
                "neigh replace \(Topology.serverV4) lladdr \(Topology.macServer) dev \(s0) nud permanent",
                "neigh replace \(Topology.serverV6) lladdr \(Topology.macServer) dev \(s0) nud permanent",
            ])
        try host(
            client, v4: Topology.clientV4, v6: Topology.clientV6, gatewayV4: Topology.routerClientV4,
            gatewayV6: Topology.routerClientV6, gatewayMAC: Topology.macRouterC)
        try host(
            server, v4: Topology.serverV4, v6: Topology.serverV6, gatewayV4: Topology.routerServerV4,
            gatewayV6: Topology.routerServerV6, gatewayMAC: Topology.macRouterS)
    }

    private func host(
        _ namespace: String, v4: IPv4Address, v6: IPv6Address, gatewayV4: IPv4Address, gatewayV6: IPv6Address,
        gatewayMAC: String
    ) throws(Port0Error) {
        try ip(
            namespace,
            [
                "link set lo up",
                "addr add \(v4)/24 dev eth0",
                "addr add \(v6)/64 dev eth0 nodad",
                "link set eth0 up",
                "neigh replace \(gatewayV4) lladdr \(gatewayMAC) dev eth0 nud permanent",
                "neigh replace \(gatewayV6) lladdr \(gatewayMAC) dev eth0 nud permanent",
                "route add default via \(gatewayV4)",
                "route add default via \(gatewayV6)",
            ])
    }

    /// One `ip -n NS -batch -` per namespace: a handful of processes for the whole topology.
    private func ip(_ namespace: String, _ commands: [String]) throws(Port0Error) {
        try Subprocess.check(["ip", "-n", namespace, "-batch", "-"], stdin: commands.joined(separator: "\n") + "\n")
    }
}

// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "port0",
    products: [
        .executable(name: "port0", targets: ["port0"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2")
    ],
    targets: [
        // Typed errno, EINTR retries, whole reads and writes, the network-namespace scope: Swift
        // over Glibc, after apple/swift-system; the calls Glibc lacks come from CPort0Sys.
        .target(name: "Port0System", dependencies: ["CPort0Sys"]),
        // Ruleset model, builder, IR, renderers, read-back, drift and convergence, in folders that
        // are layers (Support, Model, IR, Policy, Live, Render, Reports, Converge): Swift over
        // Glibc, no C target; file reads and writes, errno and EINTR through Port0System.
        .target(name: "Port0Core", dependencies: ["Port0System"]),
        // libnftnl + libmnl, with the few macros that do not import wrapped in shim.h.
        .systemLibrary(
            name: "CNftnl",
            pkgConfig: "libnftnl",
            providers: [.apt(["libnftnl-dev", "libmnl-dev"])]
        ),
        // The netlink renderer and kernel sessions: the only module that imports libnftnl/libmnl.
        .target(name: "Port0Netlink", dependencies: ["Port0Core", "Port0System", "CNftnl", "CPort0Sys"]),
        // The Linux calls SwiftGlibc does not import or that C states more plainly: setns,
        // unshare and pipe2 (they need _GNU_SOURCE), signalfd, an AF_UNIX datagram, nsfs detection.
        .target(name: "CPort0Sys"),
        // Byte-level packets (IPv4/IPv6, TCP/UDP/ICMP/ESP, VLAN/PPPoE/MPLS, checksums) and the one
        // list of packet cases that `port0 selftest` sends and the tests prove: pure Swift.
        .target(name: "Port0Packets"),
        // Namespaced test topology, crafted packets over raw sockets and the packet matrices
        // behind `port0 selftest`.
        .target(name: "Port0Selftest", dependencies: ["Port0Core", "Port0Packets", "Port0System", "CPort0Sys"]),
        .target(
            name: "Port0CLI",
            dependencies: [
                "Port0Core",
                "Port0Netlink",
                "Port0Selftest",
                "Port0System",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "port0", dependencies: ["Port0CLI"]),
        // The kernel's view of a packet, an evaluator of lowered rules and the bytecode-golden
        // printer, for the unit and kernel tests.
        .target(name: "Port0TestSupport", dependencies: ["Port0Core", "Port0Packets"], path: "Tests/Port0TestSupport"),
        .testTarget(name: "Port0CoreTests", dependencies: ["Port0Core", "Port0Packets", "Port0TestSupport"]),
        .testTarget(
            name: "Port0IntegrationTests",
            dependencies: [
                "Port0Core", "Port0Netlink", "Port0Packets", "Port0Selftest", "Port0System", "Port0CLI",
                "Port0TestSupport", "port0",
            ]
        ),
    ]
)

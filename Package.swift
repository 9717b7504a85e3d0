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
        // Ruleset model, builder, text/JSON renderers and bytecode lowering: pure Swift, no C.
        .target(name: "Port0Core"),
        // libnftnl + libmnl, with the few macros that do not import wrapped in shim.h.
        .systemLibrary(
            name: "CNftnl",
            pkgConfig: "libnftnl",
            providers: [.apt(["libnftnl-dev", "libmnl-dev"])]
        ),
        // The netlink renderer and kernel sessions; the only module that touches pointers.
        .target(name: "Port0Netlink", dependencies: ["Port0Core", "CNftnl", "CPort0Sys"]),
        // setns, unshare and pipe2, which SwiftGlibc does not import (they need _GNU_SOURCE).
        .target(name: "CPort0Sys"),
        // Byte-level packets (IPv4/IPv6, TCP/UDP/ICMP/ESP, VLAN/PPPoE/MPLS, checksums) and the one
        // list of packet cases that `port0 selftest` sends and the tests prove: pure Swift.
        .target(name: "Port0Packets"),
        // Namespaced test topology and the packet matrices behind `port0 selftest`.
        .target(name: "Port0Selftest", dependencies: ["Port0Core", "Port0Packets", "CPort0Sys"]),
        .target(
            name: "Port0CLI",
            dependencies: [
                "Port0Core",
                "Port0Netlink",
                "Port0Selftest",
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
                "Port0Core", "Port0Netlink", "Port0Packets", "Port0Selftest", "Port0CLI", "Port0TestSupport", "port0",
            ]
        ),
    ]
)

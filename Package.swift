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
        .target(name: "Port0Netlink", dependencies: ["Port0Core", "CNftnl"]),
        .target(
            name: "Port0CLI",
            dependencies: [
                "Port0Core",
                "Port0Netlink",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "port0", dependencies: ["Port0CLI"]),
        .testTarget(name: "Port0CoreTests", dependencies: ["Port0Core"]),
        .testTarget(
            name: "Port0IntegrationTests",
            dependencies: ["Port0Core", "Port0Netlink", "port0"],
            resources: []
        ),
    ]
)

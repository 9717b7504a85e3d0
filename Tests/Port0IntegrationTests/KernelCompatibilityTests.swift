import Foundation
import Port0Core
import Testing

@testable import Port0Netlink
@testable import Port0Selftest

/// The parts of port0 that differ between kernels and are checked on the host here; the same
/// behaviour on Debian 12's 6.1 runs inside a VM (scripts/test-kernel, scripts/kernel-checks).
@Suite("kernel differences", .serialized, .needsRoot)
struct KernelCompatibilityTests {
    /// check's throwaway namespace gets links named like the devices (Linux before 6.16
    /// refuses netdev chains on missing devices), with peers whose names collide with nothing.
    @Test("stand-in links take the devices' names, 15-byte names included")
    func standInLinks() throws {
        let names = ["v0", "uplink-01234567", "p0peer0", "lo"]
        let present = try NetworkNamespace.throwaway.run { () throws(Port0Error) in
            try StandInLinks.create(names)
            // Creating them twice is fine: existing names are left alone.
            try StandInLinks.create(names)
            return (names + ["p0peer1", "p0peer2", "p0peer3"]).filter { if_nametoindex($0) != 0 }
        }
        #expect(present == names + ["p0peer1", "p0peer2", "p0peer3"])
        // The throwaway namespace is gone, and this one never had them.
        #expect(if_nametoindex("uplink-01234567") == 0)
    }

    @Test("check passes for edge rulesets whose devices exist, and commits nothing")
    func checkEdge() throws {
        try Support.withNetns { netns in
            _ = try Support.run([
                "ip", "-n", netns, "link", "add", "uplink-01234567", "type", "veth", "peer", "name", "x0",
            ])
            let result = try Support.port0([
                "check", "--netns", netns, "--profile", "edge", "--device", "uplink-01234567", "--device", "x0",
                "--egress",
            ])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(try Support.inNetns(netns, ["nft", "list", "ruleset"]).stdout.isEmpty)
        }
    }

    /// Failures name the errno of the call that failed, never a stale 0 ("Success").
    @Test("sysctl failures carry their own errno")
    func sysctlErrors() throws {
        try Support.withNetns { netns in
            try Namespace.sysctl(netns, "net.ipv4.ip_forward", "1")
            #expect(try Support.inNetns(netns, ["cat", "/proc/sys/net/ipv4/ip_forward"]).stdout == "1\n")
            // 6.1 answers this write with 1 (of 2 bytes): the value read back decides.
            try Namespace.sysctl(netns, "net.ipv6.conf.all.forwarding", "1")
            let cases: [(String, String, String)] = [
                ("net.ipv6.conf.all.hop_limit", "300", "Invalid argument"),
                ("net.ipv4.no_such_key", "1", "No such file or directory"),
            ]
            for (key, value, reason) in cases {
                #expect {
                    try Namespace.sysctl(netns, key, value)
                } throws: { error in
                    let text = "\(error)"
                    return text.contains(reason) && !text.contains("Success")
                }
            }
        }
    }
}

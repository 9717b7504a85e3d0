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

    /// 255 devices is the most one netdev chain takes (the kernel refuses 256 with EFBIG;
    /// render refuses them in one line): every link of a busy edge box, VLANs included.
    @Test("the most devices port0 accepts load into the kernel")
    func mostDevices() throws {
        try Support.withNetns { netns in
            var script = "set -e\n"
            for index in 0..<128 { script += "ip link add v\(index) type veth peer name w\(index)\n" }
            #expect(try Support.inNetns(netns, ["sh", "-c", script]).status == 0)
            // v0…v127 and w0…w126: 255 links.
            let devices = (0..<128).flatMap { ["--device", "v\($0)"] } + (0..<127).flatMap { ["--device", "w\($0)"] }
            let options = ["--profile", "edge", "--egress"] + devices
            let rendered = try Support.port0(["render"] + options)
            #expect(rendered.status == 0, "\(rendered.stderr)")
            #expect(try Support.inNetns(netns, ["nft", "-c", "-f", "-"], stdin: rendered.stdout).status == 0)
            let applied = try Support.port0(["apply", "--netns", netns] + options)
            #expect(applied.status == 0, "\(applied.stderr)")
            #expect(try Support.port0(["status", "--netns", netns] + options).status == 0)
            let refused = try Support.port0(["render"] + options + ["--device", "w127"])
            #expect(refused.status == 1 && refused.stderr.contains("at most 255 devices"), "\(refused.stderr)")
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

    /// A device deleted or renamed under port0's edge table: Linux 6.16+ keeps the chain bound
    /// by name (it reads back exactly as configured) while nothing on the link is filtered;
    /// before 6.16 the kernel unbinds the device. status is drifted (4) on both, never 0,
    /// and matching again once a link of that name is back (6.16+) or after apply.
    @Test("status is drifted while a --device is deleted or renamed away")
    func statusWithoutTheDevice() throws {
        try Support.withNetns { netns in
            let ip = ["ip", "-n", netns, "link"]
            #expect(try Support.run(ip + ["add", "p0m0", "type", "veth", "peer", "name", "p0m1"]).status == 0)
            let options = ["--netns", netns, "--profile", "edge", "--device", "p0m0", "--device", "p0m1", "--egress"]
            #expect(try Support.port0(["apply"] + options).status == 0)
            #expect(try Support.port0(["status"] + options).status == 0)
            let keepsChains = try #require(KernelVersion.running) >= DeviceLoss.keepingKernel

            #expect(try Support.run(ip + ["set", "p0m1", "name", "p0m9"]).status == 0)
            let renamed = try Support.port0(["status"] + options)
            #expect(renamed.status == 4, "\(renamed.stdout)")
            if keepsChains {
                #expect(
                    renamed.stdout.contains(
                        "  device \"p0m1\" does not exist in this network namespace: the chains bound to \"p0m1\" filter nothing until a link of that name appears\n"
                    ), "\(renamed.stdout)")
                let json = try Support.port0(["status", "--format", "json"] + options).stdout
                #expect(json.contains("\"state\": \"drifted\""), "\(json)")
                #expect(json.contains("\"missing_devices\": [\"p0m1\"]"), "\(json)")
            }

            // Deleting a veth deletes both ends.
            #expect(try Support.run(ip + ["del", "p0m0"]).status == 0)
            let deleted = try Support.port0(["status"] + options)
            #expect(deleted.status == 4, "\(deleted.stdout)")
            if keepsChains {
                #expect(deleted.stdout.contains("  device \"p0m0\" does not exist"), "\(deleted.stdout)")
            }

            #expect(try Support.run(ip + ["add", "p0m0", "type", "veth", "peer", "name", "p0m1"]).status == 0)
            if keepsChains {
                let back = try Support.port0(["status"] + options)
                #expect(back.status == 0, "\(back.stdout)")
            }
            #expect(try Support.port0(["apply"] + options).status == 0)
            #expect(try Support.port0(["status"] + options).status == 0)
        }
    }
}

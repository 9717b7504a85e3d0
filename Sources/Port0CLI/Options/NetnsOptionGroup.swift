import ArgumentParser
import Port0Core
import Port0Netlink

/// Where a command that talks to the kernel acts: shared by apply, check, plan, status and
/// remove.
public struct NetnsOptionGroup: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Act in this network namespace: a name from `ip netns` (/run/netns/NAME) or a path.",
            valueName: "name|path"))
    var netns: String?

    public init() {}

    func namespace() throws(Port0Error) -> NetworkNamespace {
        try NetworkNamespace.parse(netns)
    }

    /// The one place commands get their kernel from.
    func kernel() throws(Port0Error) -> NetlinkKernel {
        NetlinkKernel(namespace: try namespace())
    }
}

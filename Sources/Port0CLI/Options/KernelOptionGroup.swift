import ArgumentParser
import Port0Core
import Port0Netlink

/// Where commands that talk to the kernel act, shared by apply, check, plan and status.
public struct KernelOptionGroup: ParsableArguments {
    @Option(help: ArgumentHelp(KernelOptionGroup.netnsHelp, valueName: "name|path"))
    var netns: String?

    @Flag(help: "Accept --device links that do not exist (yet) in the target namespace.")
    var allowMissingDevice = false

    static let netnsHelp = "Act in this network namespace: a name from `ip netns` (/run/netns/NAME) or a path."

    public init() {}

    public func namespace() throws(Port0Error) -> NetworkNamespace {
        try NetworkNamespace.parse(netns)
    }
}

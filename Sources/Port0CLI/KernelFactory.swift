import Port0Core
import Port0Netlink

/// The one place commands get their kernel from, in the given network namespace (a name
/// under /run/netns, or a path) or the current one.
func makeKernel(netns: String?) throws(Port0Error) -> any RulesetKernel {
    NetlinkKernel(namespace: try NetworkNamespace.parse(netns))
}

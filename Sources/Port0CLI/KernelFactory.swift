import Port0Core

/// The one place commands get their kernel from, in the given network namespace (a name
/// under /run/netns) or the current one.
// TODO(merge): `NetlinkKernel(namespace: try NetworkNamespace.parse(netns))` once Port0Netlink has it.
func makeKernel(netns: String?) throws(Port0Error) -> any RulesetKernel {
    throw .system(
        context: "netlink", reason: "this build of port0 has no netlink kernel yet (NetlinkKernel is not linked)")
}

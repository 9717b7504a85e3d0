import Port0Core

/// The one place commands get their kernel from, in the given network namespace (a name
/// under /run/netns) or the current one.
// TODO(merge): return NetlinkKernel(netns: netns) once Port0Netlink provides it.
func makeKernel(netns: String?) throws(Port0Error) -> any RulesetKernel {
    throw .system(
        context: "netlink", reason: "this build of port0 has no netlink kernel yet (NetlinkKernel is not linked)")
}

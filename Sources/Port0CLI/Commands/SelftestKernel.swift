import Port0Core
import Port0Netlink
import Port0Selftest

/// How `port0 selftest` (and the wire tests) load rulesets into one of their namespaces
/// (always created under /run/netns by the topology): through port0's own netlink path,
/// the one users run.
public func makeSelftestKernel(netns: String) -> any RulesetKernel {
    NetlinkKernel(namespace: .path("/run/netns/\(netns)"))
}

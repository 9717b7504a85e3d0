import Port0Core
import Port0Selftest

/// The one place that decides how `port0 selftest` (and the wire tests) load rulesets into a
/// test namespace. Swap to `NetlinkKernel(netns: netns)` once the netlink path is merged.
public func makeSelftestKernel(netns: String) -> any RulesetKernel {
    NftCommandKernel(netns: netns)
}

/// What the user asked for, as given: every command that builds a ruleset (render, apply,
/// check, plan, status, selftest) takes these, and only `RulesetBuilder` interprets them.
public struct RulesetOptions: Sendable, Equatable {
    public var profile: String = "host"
    public var devices: [String] = []
    public var egress = false
    public var hooks: [String] = []
    public var priority: String?
    public var table: String = "port0"
    public var action: String = "drop"
    public var log = false
    public var logPrefix: String?
    public var logRate: String?
    /// `--log-group N`: NFLOG group instead of the kernel log (implies logging).
    public var logGroup: String?
    /// `--log-snaplen BYTES`: copy at most this much of each packet to the group.
    public var logSnaplen: String?
    /// `--track-sources [SIZE]`: nil off, "default" (or "") on with the default size.
    public var trackSources: String?
    public var counters = true
    public var exempt: [String] = []
    public var exemptFiles: [String] = []
    /// `all` or `none`; nil: the profile's default (edge: all).
    public var encap: String?
    /// Accept an exempt prefix that covers a whole address family (0.0.0.0/0, ::/0,
    /// ::ffff:0:0/96), which switches port0 off for that family.
    public var allowExemptAll = false
    /// `--input-timeout SECONDS`: how long a pipe or FIFO given as `--exempt-file` may take to
    /// get a writer and deliver everything (default `ExemptFile.defaultTimeout`).
    public var inputTimeout: String?

    public init() {}
}

/// The two built-in policies.
public enum Profile: String, Sendable, CaseIterable {
    /// `inet` table, prerouting + output at priority raw: hosts and routers.
    case host
    /// `netdev` table on `--device` links, ingress (+ egress): the earliest drop on an edge link.
    case edge

    public var family: Family { self == .host ? .inet : .netdev }
    public var defaultHooks: [Hook] { self == .host ? [.prerouting, .output] : [.ingress] }
    /// host: raw (-300), before conntrack (-200) so junk creates no conntrack entries.
    /// edge: well before any other netdev chain at the usual priority 0.
    public var defaultPriority: ChainPriority { ChainPriority(self == .host ? -300 : -500) }
}

public enum Action: String, Sendable, CaseIterable {
    case drop, reject
}

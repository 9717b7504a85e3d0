/// What the user asked for, typed: every command that builds a ruleset (render, apply, check,
/// plan, status, selftest, guard) takes these. The CLI parses each value straight into its
/// field with `OptionValue` (one-line refusal naming the value); `RulesetBuilder` checks how
/// they combine. Every default is stated here and nowhere else.
public struct RulesetOptions: Sendable, Equatable {
    public var profile: Profile = .host
    public var devices: [String] = []
    public var egress = false
    /// Empty: the profile's hooks.
    public var hooks: [Hook] = []
    /// nil: the profile's priority. Text until the builder knows family and hook: nft gives
    /// names such as `raw` and `dstnat` a value only in some families and hooks.
    public var priority: String?
    public var table = "port0"
    public var action: Action = .drop
    public var log = false
    public var logPrefix: String?
    /// nil: `defaultLogRate` (when logging).
    public var logRate: LogRate?
    /// `--log-group N`: NFLOG group instead of the kernel log (implies logging).
    public var logGroup: UInt16?
    /// `--log-snaplen BYTES`: copy at most this much of each packet to the group.
    public var logSnaplen: UInt32?
    /// `--track-sources [SIZE]`: elements per address family; nil: off.
    public var trackSources: UInt32?
    public var counters = true
    public var exempt: [ExemptPrefix] = []
    public var exemptFiles: [String] = []
    /// `--encap all` (true) or `none`; nil: the profile's default (edge: all).
    public var encap: Bool?
    /// Accept an exempt prefix that covers a whole address family (0.0.0.0/0, ::/0,
    /// ::ffff:0:0/96), which switches port0 off for that family.
    public var allowExemptAll = false
    /// `--input-timeout SECONDS`: how long a pipe or FIFO given as `--exempt-file` may take to
    /// get a writer and deliver everything.
    public var inputTimeout = ExemptFile.defaultTimeout

    public static let defaultLogRate = LogRate(count: 10, unit: .minute)
    /// 65,536 sources per family: a full IPv4 set costs a few MB of kernel memory (about
    /// 100 bytes an element with its counter and timeout) and reads back in well under 0.2 s.
    public static let defaultTrackSize: UInt32 = 65_536
    static let maxTrackSize: UInt32 = 1_048_576
    /// A source not seen for an hour is forgotten: long enough to span a scan, short enough
    /// that a full set makes room again within the hour.
    static let trackTimeoutSeconds: UInt32 = 3_600

    public init() {}
}

/// An `--exempt` value: the prefix, and its spelling for a refusal.
public struct ExemptPrefix: Sendable, Equatable {
    public var prefix: Prefix
    public var text: String

    public init(parsing text: String) throws(Port0Error) {
        switch Prefix.parse(text) {
        case .success(let prefix): (self.prefix, self.text) = (prefix, text)
        case .failure(let error): throw .invalidValue(option: "--exempt", value: text, expected: error.expected)
        }
    }
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

/// One rule: all matches must hold, then the statements run in order, then the verdict.
public struct Rule: Sendable, Equatable, Codable {
    public var matches: [Match]
    public var statements: [Statement]
    public var verdict: Verdict?

    public init(_ matches: [Match] = [], _ statements: [Statement] = [], _ verdict: Verdict? = nil) {
        self.matches = matches
        self.statements = statements
        self.verdict = verdict
    }
}

/// The transport protocols port0 inspects.
public enum L4Protocol: String, Sendable, Codable, CaseIterable {
    case tcp, udp
    public var number: UInt8 { self == .tcp ? 6 : 17 }
}

public enum IPVersion: String, Sendable, Codable, CaseIterable {
    case ipv4, ipv6
}

public enum AddressField: String, Sendable, Codable {
    case saddr, daddr
}

/// A condition of a rule. Each case is one idea an operator reads in `nft list`;
/// `Lowering` turns it into kernel expressions.
public enum Match: Sendable, Equatable, Codable {
    /// `th dport 0` / `th sport 0`: two bytes of the transport header are zero.
    case transportPortZero(PortField)
    /// `meta l4proto { tcp, udp }`
    case l4protoIn([L4Protocol])
    /// `meta l4proto tcp`
    case l4proto(L4Protocol)
    /// `tcp flags rst`: a TCP reset (nft adds `meta l4proto tcp` before it).
    case tcpReset
    /// `iif "lo"`: the packet came in on the loopback device (ifindex 1 in every namespace).
    case loopbackInput
    /// `ip frag-off & 8191 != 0`: an IPv4 fragment other than the first.
    case ipv4LaterFragment
    /// `frag frag-off != 0`: an IPv6 fragment other than the first.
    case ipv6LaterFragment
    /// `ip saddr @set`, `ip6 daddr @set` …
    case addressInSet(IPVersion, AddressField, set: String)
    /// `@nh,16,16 0x800`, `@nh,32,8 != 0x45`, `@nh,16,8 & 0x1 == 0x1`: raw bytes (masked)
    /// compared with a value.
    case payload(RawPayload, mask: [UInt8]?, CmpOp, [UInt8])
    /// `@nh,80,8 { 0x6, 0x11 }`: raw bytes are one of these values (sorted).
    case payloadIn(RawPayload, [[UInt8]])
    /// `@nh,96,32 @exempt_v4_encap`: raw bytes looked up in a raw-keyed named set.
    case payloadInSet(RawPayload, set: String)
    /// `meta protocol 8021q`
    case etherType(UInt16)
    /// `meta protocol { 8021q, 0x8847 }` (sorted)
    case etherTypeIn([UInt16])
}

public enum Statement: Sendable, Equatable, Codable {
    /// `limit rate N/unit` (burst 5 packets): later statements run only under the rate.
    case limit(LogRate)
    /// `log prefix "…"` at nft's default level (warn).
    case log(prefix: String)
    /// `counter name "…"`
    case counter(name: String)
    /// `log prefix "…" group N [snaplen S]`: the packet to NFLOG group N (a netlink
    /// listener such as `tcpdump -i nflog:N` or ulogd2) instead of the kernel log.
    case nflog(prefix: String, group: UInt16, snaplen: UInt32?)
    /// `update @SET { ip saddr }` / `{ ip6 saddr }`: add or refresh the packet's source in a
    /// dynamic set with per-element counters. A separate rule without a verdict, so a full
    /// set (the kernel then skips the rest of that rule) never changes what is dropped.
    case updateSourceSet(IPVersion, set: String)
    /// `jhash ip saddr mod N vmap { 0 : jump CHAIN0, … }`: jumps to the source-set shard
    /// chain the hash of the packet's source picks (`--track-sources`). Shards keep each
    /// dynamic set small, because the kernel dumps a set in time quadratic in its size.
    case jumpToSourceShard(IPVersion, chains: [String])
    /// `update @SET { @nh,OFF,LEN }`: the source address of an encapsulated packet, read raw
    /// where its inner IP header puts it (edge profile, `--track-sources`).
    case updateSourceSetFromPayload(RawPayload, set: String)
}

public enum RejectKind: String, Sendable, Codable {
    /// `reject with tcp reset`
    case tcpReset
    /// `reject`: ICMP / ICMPv6 port unreachable, whichever fits the packet.
    case portUnreachable
}

public enum Verdict: Sendable, Equatable, Codable {
    case drop
    case accept
    case `return`
    case jump(String)
    /// Like `jump`, but the chain's end (or `return`) continues after the rule that jumped
    /// into the chain holding the `goto`.
    case goto(String)
    case reject(RejectKind)
}

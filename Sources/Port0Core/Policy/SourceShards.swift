/// `--track-sources`: the dynamic source sets, split into shards (docs/telemetry.md, "Why
/// shards"). The kernel walks a dynamic set from its start for every dump message, so reading
/// one back is quadratic in its size; `count` sets of `ceil(SIZE / count)` read back in
/// 1/count of that. The drop chains jump to one `sources` chain whose one `jhash … vmap` per
/// IP version picks the shard: the kernel seeds each hash itself (a sender cannot aim at one
/// shard), so a hash per drop chain would put a source into different shards. Chains and sets
/// share the names (nft keeps them apart).
enum SourceShards {
    /// Shards per IP version: at most 16 (a shard of a 65,536 default is 4,096 elements),
    /// fewer for tiny sizes so that no shard is empty.
    static func count(_ size: UInt32) -> UInt32 { min(16, size) }

    static func name(_ version: IPVersion, _ shard: UInt32) -> String {
        "sources_\(version == .ipv4 ? "v4" : "v6")_\(shard)"
    }

    static func names(_ version: IPVersion, size: UInt32) -> [String] {
        (0..<count(size)).map { name(version, $0) }
    }

    static func sets(_ options: RulesetOptions) -> [SourceSet] {
        guard let size = options.trackSources else { return [] }
        let count = count(size)
        return IPVersion.allCases.flatMap { version in
            (0..<count).map {
                SourceSet(
                    name: name(version, $0), version: version, size: (size + count - 1) / count,
                    timeoutSeconds: RulesetOptions.trackTimeoutSeconds)
            }
        }
    }

    static let dispatchChain = "sources"

    /// Sources of encapsulated packets (edge profile): read raw at whichever offset the
    /// inner header sits, so they cannot go through the shard chains (each loads its key
    /// from the outer header); one set per IP version, the size of a shard.
    static func innerName(_ version: IPVersion) -> String {
        "sources_\(version == .ipv4 ? "v4" : "v6")_inner"
    }

    static func innerSets(_ options: RulesetOptions) -> [SourceSet] {
        guard options.encap == true, let size = options.trackSources else { return [] }
        let count = count(size)
        return IPVersion.allCases.map {
            SourceSet(
                name: innerName($0), version: $0, size: (size + count - 1) / count,
                timeoutSeconds: RulesetOptions.trackTimeoutSeconds)
        }
    }

    /// The rule in an inner drop chain that records the inner source at `header`.
    static func innerUpdate(_ version: IPVersion, header: (UInt32, UInt32) -> RawPayload, _ options: RulesetOptions)
        -> [Rule]
    {
        guard options.trackSources != nil else { return [] }
        let field = version == .ipv4 ? header(12, 4) : header(8, 16)
        return [Rule([], [.updateSourceSetFromPayload(field, set: innerName(version))])]
    }

    /// The rule in a drop chain that records the packet's source.
    static func dispatch(_ options: RulesetOptions) -> [Rule] {
        options.trackSources == nil ? [] : [Rule([], [], .jump(dispatchChain))]
    }

    /// The dispatch chain, then one chain per shard updating its set. A full set ends the
    /// rule (NFT_BREAK): the chain returns and the drop chain goes on as always.
    static func chains(_ options: RulesetOptions) -> [Chain] {
        guard let size = options.trackSources else { return [] }
        let dispatch = Chain(
            name: dispatchChain,
            rules: IPVersion.allCases.map { Rule([], [.jumpToSourceShard($0, chains: names($0, size: size))]) })
        return [dispatch]
            + sets(options).map {
                Chain(name: $0.name, rules: [Rule([], [.updateSourceSet($0.version, set: $0.name)])])
            }
    }
}

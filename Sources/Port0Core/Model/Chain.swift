/// A chain: a base chain when `base` is set (attached to a hook), else a regular chain
/// reached only by `jump`.
public struct Chain: Sendable, Equatable, Codable {
    public var name: String
    public var base: BaseChainHook?
    public var rules: [Rule]

    public init(name: String, base: BaseChainHook? = nil, rules: [Rule] = []) {
        self.name = name
        self.base = base
        self.rules = rules
    }
}

/// Where and when a base chain runs. port0's chains are all `type filter`, `policy accept`:
/// they only ever drop port-0 packets and never decide anything else.
public struct BaseChainHook: Sendable, Equatable, Codable {
    public var hook: Hook
    public var priority: ChainPriority
    /// netdev only: the devices the chain is bound to, sorted.
    public var devices: [String]

    public init(hook: Hook, priority: ChainPriority, devices: [String] = []) {
        self.hook = hook
        self.priority = priority
        self.devices = devices
    }
}

import Port0Core
import Port0Packets

/// A small model of `nft_do_chain` over port0's expression IR: runs one base chain of a
/// table (lowered by `Lowering`, as the kernel holds it) on a `WirePacket` and reports the
/// verdict and how many expressions it evaluated. Expressions break the rule (NFT_BREAK)
/// exactly where the kernel's do: a failed compare or lookup, a load past the packet, a
/// transport load or `meta l4proto` without a transport header, an absent extension header.
public struct BytecodeEvaluator {
    public enum Outcome: Equatable, Sendable {
        case accept
        case drop
        case reject(type: UInt32, code: UInt8)
    }

    public struct Run: Sendable {
        public var outcome: Outcome
        /// Every expression evaluated, in the base chain and the chains it jumped to.
        public var expressions: Int
        /// Regular chains entered, in order.
        public var jumps: [String]
        /// Named counters the packet reached (`objref`), in order.
        public var counted: [String] = []
        /// Dynamic sets updated (`dynset update`), with the key, in order.
        public var recorded: [Recorded] = []
    }

    public struct Recorded: Equatable, Sendable {
        public var set: String
        public var key: [UInt8]
        public init(set: String, key: [UInt8]) {
            self.set = set
            self.key = key
        }
    }

    public let table: Table
    private let lowered: [String: [[Expr]]]

    public init(_ table: Table) {
        self.table = table
        var lowered: [String: [[Expr]]] = [:]
        for chain in table.chains {
            lowered[chain.name] = chain.rules.map { Lowering.exprs($0, family: table.family) }
        }
        self.lowered = lowered
    }

    /// Runs the base chain attached to `hook` (policy accept).
    public func run(_ hook: Hook, _ packet: WirePacket) -> Run {
        let view: WirePacket.HookView =
            hook.family == .netdev
            ? packet.view(ingress: hook == .ingress)
            : WirePacket.HookView(protocolType: [], network: packet.bytes, link: [], ip: packet)
        guard let base = table.chains.first(where: { $0.base?.hook == hook }) else {
            preconditionFailure("no base chain for \(hook)")
        }
        var run = Run(outcome: .accept, expressions: 0, jumps: [])
        // Call stack of (chain, next rule index), as nft_do_chain's jumpstack.
        var stack: [(String, Int)] = [(base.name, 0)]
        while let (chain, start) = stack.popLast() {
            var index = start
            var next: (String, Int)?
            rules: while let rules = lowered[chain], index < rules.count {
                let verdict = evaluate(rules[index], view, &run)
                index += 1
                switch verdict {
                case .none:
                    continue rules
                case .accept?:
                    run.outcome = .accept
                    return run
                case .drop?:
                    run.outcome = .drop
                    return run
                case .reject(let type, let code)?:
                    run.outcome = .reject(type: type, code: code)
                    return run
                case .return?:
                    break rules
                case .jump(let target)?:
                    stack.append((chain, index))
                    run.jumps.append(target)
                    next = (target, 0)
                    break rules
                case .goto(let target)?:
                    // No return address: the chain's end continues where the caller's would.
                    run.jumps.append(target)
                    next = (target, 0)
                    break rules
                }
            }
            if let next { stack.append(next) }
        }
        return run  // end of the base chain: policy accept
    }

    private enum Verdict {
        case accept, drop, `return`
        case jump(String)
        case goto(String)
        case reject(UInt32, UInt8)
    }

    /// One rule: nil when it breaks or ends without a verdict.
    private func evaluate(_ exprs: [Expr], _ view: WirePacket.HookView, _ run: inout Run) -> Verdict? {
        var register: [UInt8] = []
        var hashKey: [UInt8] = []
        let packet = view.ip
        for expr in exprs {
            run.expressions += 1
            switch expr {
            case .payloadToHashKey(let base, let offset, let length):
                guard let loaded = load(base, offset, length, view) else { return nil }
                hashKey = loaded
            case .jhash(_, let modulus):
                // The kernel's seed is random: any fixed hash gives one valid outcome.
                let hash = hashKey.reduce(UInt32(2_166_136_261)) { ($0 ^ UInt32($1)) &* 16_777_619 }
                register = withUnsafeBytes(of: (hash % modulus).littleEndian) { Array($0) }
            case .lookupVerdictMap(let map):
                guard let element = map.elements.first(where: { $0.key == register }) else { return nil }
                return .jump(element.chain)
            case .payload(let base, let offset, let length):
                let bytes: [UInt8]
                let start: Int
                switch base {
                case .network:
                    (bytes, start) = (view.network, 0)
                case .transport:
                    // No transport header unless the kernel parsed an IP packet (netdev: by ethertype).
                    guard let packet, let transport = packet.transport else { return nil }
                    (bytes, start) = (packet.bytes, transport.offset)
                case .link:
                    (bytes, start) = (view.link, 0)
                }
                let from = start + Int(offset)
                guard from + Int(length) <= bytes.count else { return nil }
                register = Array(bytes[from..<from + Int(length)])
            case .meta(.l4proto):
                guard let packet, let transport = packet.transport else { return nil }
                register = [transport.proto]
            case .meta(.nfproto):
                // NFPROTO_IPV4 / NFPROTO_IPV6 in inet; NFPROTO_NETDEV in a netdev chain.
                if table.family == .netdev {
                    register = [5]
                } else {
                    guard let packet else { return nil }
                    register = [packet.version == .ipv4 ? 2 : 10]
                }
            case .meta(.protocol):
                register = view.protocolType
            case .meta(.iif):
                // Crafted packets come in from the wire: never lo (ifindex 1).
                register = [2, 0, 0, 0]
            case .exthdrIPv6(let type, let offset, let length):
                guard let packet, let start = packet.ipv6ExtensionHeader(type) else { return nil }
                let from = start + Int(offset)
                guard from + Int(length) <= packet.bytes.count else { return nil }
                register = Array(packet.bytes[from..<from + Int(length)])
            case .cmp(let op, let data):
                guard (register == data) == (op == .eq) else { return nil }
            case .bitwise(let mask, let xor):
                register = zip(zip(register, mask), xor).map { ($0.0 & $0.1) ^ $1 }
            case .lookup(let set):
                guard contains(set, register) else { return nil }
            case .counterRef(let name):
                run.counted.append(name)
            case .dynsetUpdate(let set):
                // No verdict: a full dynamic set would end the rule, which has none.
                run.recorded.append(Recorded(set: set, key: register))
            case .log, .nflog:
                break
            case .limit:
                break  // under the rate: the statements after it run
            case .immediate(let code, let chain):
                switch code {
                case .accept: return .accept
                case .drop: return .drop
                case .return: return .return
                case .jump: return .jump(chain ?? "")
                case .goto: return .goto(chain ?? "")
                }
            case .reject(let type, let code):
                return .reject(type, code)
            case .unknown:
                return nil  // port0 never lowers to one: only read-back produces it
            }
        }
        return nil
    }

    /// A payload load as `.payload` does it, for the key of a hash.
    private func load(_ base: PayloadBase, _ offset: UInt32, _ length: UInt32, _ view: WirePacket.HookView)
        -> [UInt8]?
    {
        let bytes: [UInt8]
        let start: Int
        switch base {
        case .network: (bytes, start) = (view.network, 0)
        case .transport:
            guard let packet = view.ip, let transport = packet.transport else { return nil }
            (bytes, start) = (packet.bytes, transport.offset)
        case .link: (bytes, start) = (view.link, 0)
        }
        let from = start + Int(offset)
        guard from + Int(length) <= bytes.count else { return nil }
        return Array(bytes[from..<from + Int(length)])
    }

    private func contains(_ set: SetReference, _ key: [UInt8]) -> Bool {
        switch set {
        case .anonymous(let anonymous):
            return anonymous.elements.contains(key)
        case .named(let name):
            guard let set = table.sets.first(where: { $0.name == name }) else { return false }
            let value = key.reduce(UInt128(0)) { $0 << 8 | UInt128($1) }
            return set.elements.contains { $0.first <= value && value <= $0.last }
        }
    }
}

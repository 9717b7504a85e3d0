/// What nft's grammar and the kernel accept for the names port0 writes into rulesets.
/// Values outside these rules are refused, never escaped: an operator should see the
/// exact name in `nft list` that they typed.
public enum NameRules {
    static let tableExpected =
        "a letter followed by up to 31 letters, digits or '_', not an nft keyword"

    static func isValidTableName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, name.utf8.count <= 32,
            ("a"..."z").contains(first) || ("A"..."Z").contains(first)
        else { return false }
        return name.unicodeScalars.allSatisfy { isASCIIAlnum($0) || $0 == "_" } && !isNftKeyword(name)
    }

    static let deviceExpected =
        "a Linux interface name: 1 to 15 characters of letters, digits, '_', '.' or '-'"

    /// IFNAMSIZ is 16 including the NUL; Linux also forbids '.' and '..'.
    static func isValidDeviceName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 15 && name != "." && name != ".."
            && name.unicodeScalars.allSatisfy { isASCIIAlnum($0) || "_.-".unicodeScalars.contains($0) }
    }

    static let logPrefixExpected =
        "1 to 127 printable ASCII characters without '\"', '\\' or '$' (nft cannot quote them)"

    /// NF_LOG_PREFIXLEN is 128 including the NUL; inside nft's quotes `"` ends the string,
    /// `$` starts a variable, and `\` has no escape meaning in nft 1.0.6.
    static func isValidLogPrefix(_ prefix: String) -> Bool {
        !prefix.isEmpty && prefix.utf8.count <= 127
            && prefix.unicodeScalars.allSatisfy { (" "..."~").contains($0) && !"\"\\$".unicodeScalars.contains($0) }
    }

    public static let netnsExpected =
        "a network namespace name (1 to 255 letters, digits, '_', '.' or '-', not '.' or '..') or an absolute path"

    /// A name under /run/netns (as `ip netns` creates them: one path component) or an
    /// absolute path such as /proc/PID/ns/net. A name can never climb out of /run/netns.
    public static func isValidNetns(_ text: String) -> Bool {
        if text.hasPrefix("/") {
            return text.utf8.count < 4096 && !text.utf8.contains(0)
        }
        return !text.isEmpty && text.utf8.count <= 255 && text != "." && text != ".."
            && text.unicodeScalars.allSatisfy { isASCIIAlnum($0) || "_.-".unicodeScalars.contains($0) }
    }

    /// The checked netns name or path, or the one-line error naming `option`.
    public static func netns(_ text: String, option: String = "--netns") throws(Port0Error) -> String {
        guard isValidNetns(text) else { throw .invalidValue(option: option, value: text, expected: netnsExpected) }
        return text
    }

    private static func isASCIIAlnum(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
    }

    /// Keywords of nft 1.0.6's scanner in its initial state (src/scanner.l): as a table name
    /// they are a syntax error. A switch, not a `Set`: every apply checks its table name, and
    /// building the set costs more than the comparisons.
    static func isNftKeyword(_ name: String) -> Bool {
        switch name {
        case "accept", "add", "ah", "all", "and", "arp", "bridge", "cgroup", "chain", "comment", "comp", "constant",
            "continue", "counter", "cpu", "create", "ct", "day", "dccp", "define", "delete", "describe", "device",
            "devices", "dnat", "drop", "dst", "dup", "dynamic", "ecn", "element", "elements", "eq", "esp", "ether",
            "exists", "expires", "export", "exthdr", "fib", "flags", "flow", "flowtable", "flush", "frag", "fwd",
            "ge", "get", "goto", "gt", "handle", "hbh", "hook", "hour", "ibriport", "ibrname", "icmp", "icmpv6",
            "igmp", "iif", "iifgroup", "iifname", "iiftype", "import", "include", "index", "inet", "insert",
            "interval", "ip", "ip6", "ipsec", "jhash", "jump", "le", "limit", "list", "log", "lshift", "lt", "map",
            "mark", "masquerade", "meta", "meter", "mh", "missing", "monitor", "ne", "netdev", "nftrace", "not",
            "notrack", "numgen", "obriport", "obrname", "offload", "oif", "oifgroup", "oifname", "oiftype", "or",
            "osf", "pkttype", "policy", "position", "priority", "queue", "quota", "random", "redefine", "redirect",
            "reject", "rename", "replace", "reset", "return", "rshift", "rt", "rt0", "rt2", "rtclassid", "rule",
            "ruleset", "sctp", "secmark", "set", "size", "skgid", "skuid", "snat", "socket", "srh", "symhash",
            "synproxy", "table", "tcp", "th", "time", "timeout", "tproxy", "type", "typeof", "udp", "udplite",
            "undefine", "update", "vlan", "vmap", "xor", "xt":
            return true
        default:
            return false
        }
    }
}

import Port0Core

/// Many `--exempt` arguments, parsed in linear time. swift-argument-parser 1.8.2 removes each
/// consumed argument from an array (O(n) each), so 50,000 `--exempt` took minutes; port0
/// hands it every `--exempt VALUE` (and `--exempt=VALUE`) joined into one value, and
/// `prefixes` splits and parses it again. NUL is the separator: no command-line argument can
/// hold one.
enum ExemptArguments {
    static let separator: Character = "\0"

    static func coalesced(_ arguments: [String]) -> [String] {
        var out: [String] = []
        out.reserveCapacity(arguments.count)
        var values: [String] = []
        var slot: Int?
        var index = arguments.startIndex
        func collect(_ value: String) {
            if slot == nil {
                out += ["--exempt", ""]
                slot = out.count - 1
            }
            values.append(value)
        }
        while index < arguments.endIndex {
            let argument = arguments[index]
            if argument == "--" {
                out += arguments[index...]
                break
            }
            let next = index + 1 < arguments.endIndex ? arguments[index + 1] : nil
            if argument == "--priority", let next {
                // --priority takes its value unconditionally, even "--exempt".
                out += [argument, next]
                index += 2
            } else if argument == "--exempt", let next, !next.hasPrefix("-") {
                collect(next)
                index += 2
            } else if argument.hasPrefix("--exempt=") {
                collect(String(argument.dropFirst("--exempt=".count)))
                index += 1
            } else {
                // Anything else (and a `--exempt` without a value) is the parser's to judge.
                out.append(argument)
                index += 1
            }
        }
        if let slot { out[slot] = values.joined(separator: String(separator)) }
        return out
    }

    static func prefixes(_ value: String) throws(Port0Error) -> [ExemptPrefix] {
        try value.split(separator: separator, omittingEmptySubsequences: false).map { (text) throws(Port0Error) in
            try ExemptPrefix(parsing: String(text))
        }
    }
}

/// A value inside a parsed listing together with its JSON path (`$.nftables[3].chain.prio`),
/// so that every complaint about a listing can say exactly where it is.
struct ListingNode {
    let value: JSONValue
    let path: String

    struct Problem: Error {
        var path: String
        var message: String
        var text: String { "\(path): \(message)" }
    }

    func problem(_ message: String) -> Problem { Problem(path: path, message: message) }

    var kind: String {
        switch value {
        case .null: return "null"
        case .bool: return "a boolean"
        case .int: return "an integer"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }

    func member(_ key: String) -> ListingNode? {
        guard case .object(let members) = value, let found = members.first(where: { $0.0 == key }) else { return nil }
        return ListingNode(value: found.1, path: "\(path).\(key)")
    }

    func required(_ key: String) throws(Problem) -> ListingNode {
        guard case .object = value else { throw problem("expected an object, found \(kind)") }
        guard let node = member(key) else { throw problem("missing \"\(key)\"") }
        return node
    }

    /// The single key of `{"key": value}`: how nft wraps every listed object and statement.
    func single() throws(Problem) -> (String, ListingNode) {
        guard case .object(let members) = value, members.count == 1 else {
            throw problem(
                "expected an object with one key, found \(kind == "an object" ? "\(memberCount) keys" : kind)")
        }
        return (members[0].0, ListingNode(value: members[0].1, path: "\(path).\(members[0].0)"))
    }

    private var memberCount: Int {
        if case .object(let members) = value { return members.count }
        return 0
    }

    func elements() throws(Problem) -> [ListingNode] {
        guard case .array(let values) = value else { throw problem("expected an array, found \(kind)") }
        return values.enumerated().map { ListingNode(value: $1, path: "\(path)[\($0)]") }
    }

    func string() throws(Problem) -> String {
        guard case .string(let text) = value else { throw problem("expected a string, found \(kind)") }
        return text
    }

    func int() throws(Problem) -> Int64 {
        guard case .int(let number) = value else { throw problem("expected an integer, found \(kind)") }
        return number
    }

    func integer<T: FixedWidthInteger>(_: T.Type) throws(Problem) -> T {
        let number = try int()
        guard let value = T(exactly: number) else { throw problem("integer \(number) out of range") }
        return value
    }

    func string(_ key: String) throws(Problem) -> String { try required(key).string() }
    func optionalString(_ key: String) throws(Problem) -> String? { try member(key)?.string() }
}

/// Every way port0 can refuse or fail, each with the one-line message the CLI prints.
public enum Port0Error: Error, Equatable, Sendable, CustomStringConvertible {
    /// A value the user gave: which option, the value, and what is accepted.
    case invalidValue(option: String, value: String, expected: String)
    /// Options that cannot go together, or a required one that is missing.
    case invalidCombination(String)
    /// An exempt file that cannot be read.
    case unreadableFile(path: String, reason: String)
    /// A bad line in an exempt file.
    case invalidFileLine(path: String, line: Int, value: String, expected: String)
    /// Writing an output file failed.
    case outputFailed(path: String, reason: String)
    /// The kernel, a socket or another system call failed; `context` names the object.
    case system(context: String, reason: String)
    /// The ruleset changed between reading it and committing (the batch's generation id
    /// was stale, ERESTART): nothing was committed.
    case generationChanged
    /// The ruleset changed before every one of this many commits: port0 gave up.
    case generationKeptChanging(attempts: Int)
    /// Every read of the table overlapped a ruleset change, so none was a consistent snapshot.
    case readKeptChanging(table: String, attempts: Int)
    /// The caller lacks a capability, e.g. CAP_NET_ADMIN.
    case permissionDenied(String)
    /// A saved nft listing (`plan --live FILE`) that cannot be read or is not one.
    case invalidListing(path: String, reason: String)
    /// A table of port0's family and name that port0 did not create (no port0 comment):
    /// `action` ("replace", "remove") is refused without `--adopt`.
    case foreignTable(table: String, action: String)
    /// A table owned by another process's netlink socket (NFT_TABLE_F_OWNER).
    case tableOwned(table: String, owner: String)
    /// Owned with PERSIST by a `port0 guard --own-table`.
    case tableGuarded(table: String, owner: String)

    public var description: String {
        switch self {
        case .invalidValue(let option, let value, let expected):
            return "invalid \(option) \(Quoted(value)): expected \(expected)"
        case .invalidCombination(let message):
            return message
        case .unreadableFile(let path, let reason):
            return "cannot read exempt file \(Quoted(path)): \(reason)"
        case .invalidFileLine(let path, let line, let value, let expected):
            return "exempt file \(Quoted(path)) line \(line): invalid prefix \(Quoted(value)): expected \(expected)"
        case .outputFailed(let path, let reason):
            return "cannot write \(Quoted(path)): \(reason)"
        case .system(let context, let reason):
            return "\(context): \(reason)"
        case .generationChanged:
            return "the ruleset changed while port0 was applying; nothing was committed"
        case .generationKeptChanging(let attempts):
            return
                "the ruleset changed between reading and committing \(attempts) times in a row, retried with growing pauses (another program keeps changing it); nothing was committed, try again"
        case .permissionDenied(let message):
            return message
        case .invalidListing(let path, let reason):
            return "listing \(path == "-" ? "on standard input" : Quoted(path).description): \(reason)"
        case .readKeptChanging(let table, let attempts):
            return
                "reading table \(table): the ruleset changed during each of \(attempts) reads, retried with growing pauses (another program keeps changing it); try again"
        case .foreignTable(let table, let action):
            return
                "table \(table) was not created by port0 (its comment does not start with \"port0 \"): refusing to \(action) it; choose another --table, or pass --adopt to \(action) it anyway"
        case .tableOwned(let table, let owner):
            return
                "table \(table) is owned by another process (\(owner)): the kernel lets only that process change or delete it until it exits"
        case .tableGuarded(let table, let owner):
            return
                "table \(table) is owned by port0 guard --own-table (\(owner)): the kernel lets only the guard change or delete it; change the guard's options and reload it, or stop it first (the table stays)"
        }
    }
}

/// A user-supplied value for a one-line message: in single quotes, escaped by `PrintableText`,
/// cut after 80 characters.
public struct Quoted: CustomStringConvertible, Sendable {
    public let value: String
    public init(_ value: String) { self.value = value }

    public var description: String { "'" + PrintableText.escaped(value, quote: "'", limit: 80) + "'" }
}

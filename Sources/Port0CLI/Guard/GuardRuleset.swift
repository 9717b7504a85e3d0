import ArgumentParser
import Port0Core

/// The ruleset `port0 guard` keeps in place: from its command line, or from an options file
/// in /etc/default/port0's syntax (re-read on SIGHUP).
enum GuardRuleset {
    static func fromOptionsFile(_ path: String) throws(Port0Error) -> Table {
        let arguments = try OptionsFile.read(path: path)
        let group: RulesetOptionGroup
        _ = ValueRefusal.take()
        do {
            group = try RulesetOptionGroup.parse(Port0Command.prepared(arguments))
        } catch {
            if let refusal = ValueRefusal.take() { throw refusal }
            let message = RulesetOptionGroup.message(for: error).split(separator: "\n").first.map(String.init) ?? ""
            throw .invalidValue(
                option: "--options-file", value: path,
                expected: "ruleset options of `port0 apply` in PORT0_TABLE_OPTS/PORT0_OPTS (\(message))")
        }
        return try RulesetBuilder.build(group.options)
    }
}

import ArgumentParser
import Foundation
import Testing

@testable import Port0CLI

/// `port0 SUBCOMMAND …` is parsed by the subcommand as root (`Port0Command.parsedDirectly`),
/// which skips the root's pass. These prove it yields exactly what the full parse from the
/// root yields, for every option of every command as swift-argument-parser itself lists
/// them (`--experimental-dump-help`), and that it gives way to the full parse for help,
/// version, completion requests and every mistake.
@Suite struct DirectParseTests {
    /// A valid value per value name; an option whose value name is missing here fails
    /// `everyOptionParsesAlikeOnBothPaths`, so a new option gets a sample before it ships.
    static let samples: [String: String] = [
        "profile": "edge", "ifname": "eth0", "hook": "ingress", "priority": "raw - 10", "table": "t1",
        "action": "reject", "text": "p0: ", "rate": "5/second", "n": "3", "bytes": "64", "size": "128",
        "cidr": "192.0.2.0/24", "path": "/tmp/port0-direct-parse", "all|none": "none", "seconds": "7",
        "name|path": "ns1", "file": "/tmp/port0-direct-parse-out", "format": "json", "speaker": "exabgp",
        "k": "5",
    ]
    /// What an option's sample needs beside it: the edge's hooks are refused for the host
    /// profile once the profile is known (`validate`).
    static let companions: [String: [String]] = ["--hook": ["--profile", "edge"]]

    struct Argument {
        var name: String
        var valueName: String?
        var isFlag: Bool
    }

    /// Every leaf subcommand with its named arguments, from the parser's own definitions.
    static func commands() throws -> [(name: String, arguments: [Argument])] {
        let json = try JSONSerialization.jsonObject(with: Data(Port0Command._dumpHelp().utf8))
        let root = try #require((json as? [String: Any])?["command"] as? [String: Any])
        let subcommands = try #require(root["subcommands"] as? [[String: Any]])
        return subcommands.compactMap { command in
            guard let name = command["commandName"] as? String, name != "help" else { return nil }
            let arguments = (command["arguments"] as? [[String: Any]] ?? []).compactMap { argument -> Argument? in
                guard let names = argument["names"] as? [[String: Any]],
                    let long = names.first(where: { $0["kind"] as? String == "long" })?["name"] as? String,
                    !["help", "version"].contains(long)
                else { return nil }
                return Argument(
                    name: "--" + long, valueName: argument["valueName"] as? String,
                    isFlag: argument["kind"] as? String == "flag")
            }
            return (name, arguments)
        }
    }

    /// The parse on both paths, as `dump` prints the command values.
    static func bothPaths(_ arguments: [String]) throws -> (direct: String?, full: String) {
        let prepared = Port0Command.prepared(arguments)
        var direct: String?
        if let command = Port0Command.parsedDirectly(prepared) {
            var text = ""
            dump(command, to: &text)
            direct = text
        }
        _ = ValueRefusal.take()
        var full = ""
        dump(try Port0Command.parseAsRoot(prepared), to: &full)
        return (direct, full)
    }

    @Test func everyOptionParsesAlikeOnBothPaths() throws {
        let commands = try Self.commands()
        #expect(commands.count == Port0Command.configuration.subcommands.count)
        for (command, arguments) in commands {
            var all: [String] = [command]
            for argument in arguments {
                var given = [argument.name]
                if !argument.isFlag {
                    let sample = try #require(
                        argument.valueName.flatMap { Self.samples[$0] },
                        "no sample value for \(command) \(argument.name)")
                    given.append(sample)
                }
                all += given
                let (direct, full) = try Self.bothPaths([command] + (Self.companions[argument.name] ?? []) + given)
                #expect(direct == full, "\(command) \(given)")
            }
            // Everything at once, with repeated and `=` forms and a bare --track-sources.
            let (direct, full) = try Self.bothPaths(all + ["--exempt=198.51.100.0/24", "--track-sources"])
            #expect(direct == full, "\(all)")
            // The bare command: every default.
            let bare = try Self.bothPaths([command])
            #expect(bare.direct == bare.full, "\(command)")
        }
    }

    /// Proof the comparison can fail: two different command lines do not dump alike.
    @Test func theComparisonSeesAValue() throws {
        let log = try Self.bothPaths(["apply", "--log"])
        let plain = try Self.bothPaths(["apply"])
        #expect(log.direct != nil && plain.direct != nil)
        #expect(log.direct != plain.direct)
    }

    @Test(arguments: [
        ["apply", "--help"], ["apply", "-h"], ["apply", "-qh"], ["apply", "--version"], ["render", "-help"],
        ["apply", "--experimental-dump-help"], ["apply", "--generate-completion-script", "bash"],
        ["apply", "--no-such-option"], ["apply", "--profile", "router"], ["apply", "--log-group"],
        ["apply", "extra"], ["help", "apply"], ["--quiet", "apply"], ["---completion", "apply", "--", "--profile"],
        ["--version"], [],
        // An option's value that holds the completion flag: the root's completion check decides.
        ["apply", "--priority", "--generate-completion-script"],
        ["render", "--priority", "--generate-completion-script=zsh"],
    ])
    func everythingElseTakesTheFullParse(arguments: [String]) {
        #expect(Port0Command.parsedDirectly(Port0Command.prepared(arguments)) == nil)
        _ = ValueRefusal.take()
    }

    /// Each subcommand names port0 as its super-command, so that its direct parse skips the
    /// completion-script check; that name is read only for the root of a parse, so help and
    /// usage (from the root) name each command once.
    @Test func subcommandsNamePort0AsTheirSuperCommand() {
        for subcommand in Port0Command.configuration.subcommands {
            #expect(subcommand.configuration._superCommandName == Port0Command.configuration.commandName)
            let name = subcommand.configuration.commandName ?? ""
            let help = Port0Command.helpMessage(for: subcommand)
            #expect(help.contains("USAGE: port0 \(name)"), "\(name)")
            #expect(!help.contains("port0 port0"), "\(name)")
        }
    }

    /// What a parsed apply acts on: its request, and whether parsing it switched
    /// `Diagnostics` to quiet (`OutputOptions.validate`), which the bare path never does.
    struct ParsedApply: Equatable {
        var request: Apply.Request
        var quiet: Bool

        static func of(_ apply: Apply) -> Self { Self(request: apply.request, quiet: apply.outputOptions.quiet) }
    }

    /// `port0 apply` alone runs `Apply.bare`, not quiet, without the parser: exactly what both
    /// parses make of it. Any option changes the request or the quiet state, so the comparison
    /// can fail.
    @Test func bareApplyIsWhatTheParserMakesOfIt() throws {
        let bare = ParsedApply(request: Apply.bare, quiet: false)
        let full = try #require(try Port0Command.parseAsRoot(["apply"]) as? Apply)
        #expect(ParsedApply.of(full) == bare)
        let direct = try #require(Port0Command.parsedDirectly(["apply"]) as? Apply)
        #expect(ParsedApply.of(direct) == bare)
        for option in [["--log"], ["--netns", "ns1"], ["--quiet"], ["-q"], ["--adopt"], ["--check"], ["--json"]] {
            let other = try #require(try Port0Command.parseAsRoot(["apply"] + option) as? Apply)
            #expect(ParsedApply.of(other) != bare, "\(option)")
        }
    }
}

import ArgumentParser
import Glibc
import Port0Core

extension Port0Command {
    /// `main()` with command-line mistakes reported like every other port0 error: one line
    /// on stderr naming the bad argument, exit code 64 (EX_USAGE). swift-argument-parser
    /// would add usage lines; `--help` and `--version` are unchanged.
    public static func mainReportingOneLine(_ arguments: [String]? = nil) -> Never {
        StandardOutput.claimClosedDescriptors()
        _ = ValueRefusal.take()
        // The arguments stay temporaries: an array still held when `exit` ends the process
        // is a leak to valgrind-check.
        if arguments.map({ $0 == ["apply"] }) ?? isBareApply {
            // Every default, known without the parser's reflection (~9 M of the 12 M
            // instructions of an unchanged apply): `Apply.bare`.
            do {
                try Apply.perform(Apply.bare)
                exit()
            } catch {
                exit(withError: error)
            }
        }
        guard let command = parsed(arguments ?? Array(CommandLine.arguments.dropFirst())) else {
            // Reported once the parser's error is released: exiting while it is alive leaks
            // the argument keys in it (valgrind-check).
            Diagnostics.error(ValueRefusal.take()?.description ?? "invalid arguments")
            Glibc.exit(1)
        }
        do {
            var command = command
            try command.run()
            exit()
        } catch {
            exit(withError: error)
        }
    }

    /// The command line is `port0 apply`, read from argv itself: `CommandLine.arguments`
    /// would first copy every argument into a `String` array.
    private static var isBareApply: Bool {
        CommandLine.argc == 2 && CommandLine.unsafeArgv[1].map { strcmp($0, "apply") == 0 } == true
    }

    /// The parsed command; nil when a value's parser refused it (`ValueRefusal`). Any other
    /// mistake is reported here, in one line, and ends the process.
    private static func parsed(_ arguments: [String]) -> ParsableCommand? {
        let arguments = prepared(arguments)
        if let command = parsedDirectly(arguments) { return command }
        _ = ValueRefusal.take()
        do {
            return try parseAsRoot(arguments)
        } catch {
            if ValueRefusal.isRecorded { return nil }
            if exitCode(for: error) == .success { exit(withError: error) }
            let firstLine = message(for: error).split(separator: "\n").first.map(String.init) ?? "invalid arguments"
            // The parser quotes arguments verbatim: escaped, and cut short, like any other value.
            Diagnostics.error("\(PrintableText.escaped(firstLine, limit: 300)) (see 'port0 --help')")
            Glibc.exit(exitCode(for: error).rawValue)
        }
    }

    /// `port0 SUBCOMMAND …` parsed by the subcommand as if it were the root: the same
    /// definitions, parser and validation, without the root's pass, which builds the
    /// subcommand's whole argument set twice more by reflection just to learn that it takes
    /// no pass-through arguments (about 2.5 M of a default apply's 23 M instructions). Only
    /// a command value of that subcommand's type is taken: anything else (an error, help,
    /// `--version`, completion requests) is nil, and the full parse from the root answers
    /// as before, with its own messages.
    ///
    /// Each subcommand names port0 as its `_superCommandName`, which makes a root parse skip
    /// the completion-script check (two more commands' argument sets built by reflection:
    /// 4.2 M instructions, though most of that is first-use metadata the subcommand's own
    /// parse then pays for, so 0.6 M of 13 M net). The name is read nowhere else for a
    /// command that is not the root: help, usage errors, `--experimental-dump-help`, the man
    /// page and completion scripts come from the full parse, whose root is `port0`. The check
    /// can only fire on an argument that starts with `--generate-completion-script` (the
    /// parser splits `--option=value` into the option and its value): those take the full
    /// parse, which checks as before.
    static func parsedDirectly(_ arguments: [String]) -> ParsableCommand? {
        guard let name = arguments.first,
            !arguments.contains(where: { $0.hasPrefix("--generate-completion-script") }),
            let subcommand = configuration.subcommands.first(where: { $0.configuration.commandName == name }),
            subcommand.configuration.subcommands.isEmpty,
            let command = try? subcommand.parseAsRoot(Array(arguments.dropFirst())),
            type(of: command) == subcommand
        else { return nil }
        return command
    }

    /// The arguments as the parser takes them: the command line's, and an options file's.
    static func prepared(_ arguments: [String]) -> [String] {
        ExemptArguments.coalesced(optionalValuesGiven(arguments))
    }

    /// Options whose value may be left out (`--track-sources [SIZE]`): a bare one becomes
    /// `--track-sources=default`. A next argument that is not an option (`64`, `-5`) is its
    /// value, and is checked as one. Still needed with swift-argument-parser 1.8.2: its
    /// `defaultAsFlag` takes a value the transform refuses (`0`, `-5`) as absent, silently.
    static let optionalValueOptions: Set<String> = ["--track-sources"]

    static func optionalValuesGiven(_ arguments: [String]) -> [String] {
        var out: [String] = []
        for (index, argument) in arguments.enumerated() {
            if argument == "--" { return out + arguments[index...] }
            guard optionalValueOptions.contains(argument) else {
                out.append(argument)
                continue
            }
            let next = index + 1 < arguments.count ? arguments[index + 1] : nil
            let nextIsValue = next.map { !$0.hasPrefix("-") || $0.dropFirst().first?.isNumber == true } ?? false
            out.append(nextIsValue ? argument : argument + "=default")
        }
        return out
    }
}

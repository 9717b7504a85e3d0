import ArgumentParser
import Port0Core

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#endif

extension Port0Command {
    /// `main()` with command-line mistakes reported like every other port0 error: one line
    /// on stderr naming the bad argument, exit code 64 (EX_USAGE). swift-argument-parser
    /// would add usage lines; `--help` and `--version` are unchanged.
    public static func mainReportingOneLine(_ arguments: [String]? = nil) -> Never {
        StandardOutput.claimClosedDescriptors()
        let command: ParsableCommand
        do {
            command = try parseAsRoot(
                ExemptArguments.coalesced(optionalValuesGiven(arguments ?? Array(CommandLine.arguments.dropFirst()))))
        } catch {
            if exitCode(for: error) == .success { exit(withError: error) }
            let firstLine = message(for: error).split(separator: "\n").first.map(String.init) ?? "invalid arguments"
            // The parser quotes arguments verbatim: escaped, and cut short, like any other value.
            Diagnostics.error("\(PrintableText.escaped(firstLine, limit: 300)) (see 'port0 --help')")
            Glibc.exit(exitCode(for: error).rawValue)
        }
        do {
            var command = command
            try command.run()
            exit()
        } catch {
            exit(withError: error)
        }
    }

    /// Options whose value may be left out (`--track-sources [SIZE]`): swift-argument-parser
    /// has no such option, so a bare one becomes `--track-sources=default`. A next
    /// argument that is not an option (`64`, `-5`) is its value, and is checked as one.
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

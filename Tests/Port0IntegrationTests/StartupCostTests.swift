import ArgumentParser
import Testing

@testable import Port0CLI

/// What every start pays before any work: swift-argument-parser derives a command's name
/// from `String(describing: Self.self)` when the configuration names none, and that
/// reflection costs a scan of every protocol conformance in the binary per command type
/// (about 0.8 ms of a 6 ms `port0 --version`). Every command names itself.
@Suite struct StartupCostTests {
    @Test func everyCommandNamesItself() {
        var unnamed: [String] = []
        var pending: [ParsableCommand.Type] = [Port0Command.self]
        while let command = pending.popLast() {
            if command.configuration.commandName == nil { unnamed.append("\(command)") }
            pending += command.configuration.subcommands
        }
        #expect(unnamed == [])
    }
}

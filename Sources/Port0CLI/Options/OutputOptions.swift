import ArgumentParser

/// Output options every command takes. Parsing the group switches `Diagnostics` to quiet,
/// so a command only has to include it: `@OptionGroup var output: OutputOptions`.
public struct OutputOptions: ParsableArguments {
    @Flag(name: .shortAndLong, help: "Print only errors on stderr (no notes or warnings).")
    public var quiet = false

    public init() {}

    public mutating func validate() throws {
        if quiet { Diagnostics.setQuiet() }
    }
}

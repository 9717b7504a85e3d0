import ArgumentParser
import Port0Core

/// `--live FILE`: plan or report against a saved `nft -j list ruleset` listing instead of
/// the kernel; no privileges, no netlink socket.
struct LiveListingOption: ParsableArguments {
    @Option(
        name: .customLong("live"),
        help: ArgumentHelp(
            "Read the live ruleset from a saved `nft -j list ruleset` listing (- for stdin) instead of the kernel.",
            valueName: "file"))
    var path: String?

    /// port0's table as the listing holds it (nil: not in the listing); notes go to stderr.
    func table(desired: Table, netns: String?) throws(Port0Error) -> LiveTable? {
        guard let path else { preconditionFailure("table(desired:) without --live") }
        guard netns == nil else { throw .invalidCombination("--live reads a saved listing: it cannot take --netns") }
        let listing = try SavedListing.decode(try ListingFile.read(path: path), path: path, desired: desired)
        for note in listing.notes {
            Diagnostics.note("listing \(path == "-" ? "on standard input" : Quoted(path).description): \(note)")
        }
        return listing.table
    }
}

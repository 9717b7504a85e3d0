/// Which tables port0 may replace or delete: its own. port0 marks every table it creates with
/// its comment, `port0 VERSION: …` (the table's NFTNL_UDATA_TABLE_COMMENT, which `nft list`
/// shows and keeps); `port0 render` writes the same comment, so a table loaded with
/// `nft -f` from port0's own script is port0's too. A table of the same family and name
/// without that comment — a user's `table inet filter`, a hand-made `table inet port0` — is
/// refused unless `--adopt` says to take it over.
///
/// A table owned by another process (NFT_TABLE_F_OWNER) is refused too, even with `--adopt`:
/// the kernel lets only the owning socket change it. `ownPort` is the caller's own netlink
/// port when it holds one socket for its commits (`port0 guard --own-table`): a table owned
/// by that port is its own.
public enum Ownership {
    /// Throws when port0 must not replace or delete `live` (`action`: "replace", "remove").
    public static func check(_ live: LiveTable?, action: String, adopt: Bool, ownPort: UInt32? = nil)
        throws(Port0Error)
    {
        guard let live else { return }
        let table = "\(live.family.rawValue) \(live.name)"
        if live.flags & LiveTable.ownerFlag != 0 && (ownPort == nil || live.owner != ownPort) {
            if live.heldByGuard && LiveTable.isPort0Comment(live.comment) {
                throw .tableGuarded(table: table, owner: live.ownerDescription)
            }
            throw .tableOwned(table: table, owner: live.ownerDescription)
        }
        if !adopt && !LiveTable.isPort0Comment(live.comment) {
            throw .foreignTable(table: table, action: action)
        }
    }
}

extension LiveTable {
    /// `netlink port 1234, pid 1234 (nft)`, or as much of it as is known.
    public var ownerDescription: String {
        var parts: [String] = []
        if let owner { parts.append("netlink port \(owner)") }
        if let ownerProcess { parts.append(ownerProcess) }
        return parts.isEmpty ? "unknown process" : parts.joined(separator: ", ")
    }
}

extension LiveTable {
    /// `Drift(live: self, desired: desired).isEmpty`, without describing the drift when a
    /// chain's rules differ: apply only needs the yes or no, and rendering every changed
    /// rule as text is most of a changed apply's comparison. A configured chain that is live
    /// and whose rules differ, compared as `Drift` compares them (normalized expressions, in
    /// order), always gets an edit in `Drift`'s script, so that drift is never empty.
    func matches(_ desired: Table) -> Bool {
        let expected = LiveTable(expecting: desired)
        let live = Dictionary(chains.map { ($0.name, $0.rules) }, uniquingKeysWith: { first, _ in first })
        for chain in expected.chains {
            guard let rules = live[chain.name] else { continue }
            let same = rules.elementsEqual(chain.rules) { Drift.normalized($0.exprs) == Drift.normalized($1.exprs) }
            if !same { return false }
        }
        return Drift(live: self, expected: expected).isEmpty
    }
}

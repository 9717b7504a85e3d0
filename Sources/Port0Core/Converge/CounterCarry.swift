extension Table {
    /// The same table with each counter starting from the live counter of the same name, so
    /// that replacing the table (which resets counters) never makes a total go backwards.
    /// Packets counted between the read and the commit are the only ones lost.
    public func carryingCounters(from live: LiveTable?) -> Table {
        guard let live else { return self }
        let values = Dictionary(live.counters.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var copy = self
        copy.counters = counters.map { counter in
            guard let value = values[counter.name] else { return counter }
            return NamedCounter(name: counter.name, packets: value.packets, bytes: value.bytes)
        }
        return copy
    }
}

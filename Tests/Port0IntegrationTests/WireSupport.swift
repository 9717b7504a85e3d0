import Port0Core
import Port0Selftest

/// A fresh client — router — server topology for one test body, always removed afterwards.
/// (`Topology.with` is the typed-throws version the library uses.)
func withTopology<T>(_ body: (Topology) throws -> T) throws -> T {
    let topology = try Topology.create()
    defer { topology.destroy() }
    return try body(topology)
}

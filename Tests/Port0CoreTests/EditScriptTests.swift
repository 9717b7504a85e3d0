import Testing

@testable import Port0Core

@Suite struct EditScriptTests {
    /// A deterministic pseudo-random generator, so failures reproduce.
    struct LCG: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state
        }
    }

    static func apply(_ edits: [EditScript.Edit], old: [Int], new: [Int]) -> [Int] {
        edits.compactMap { edit in
            switch edit {
            case .keep(let o, _): return old[o]
            case .delete: return nil
            case .insert(let n): return new[n]
            }
        }
    }

    static func lcsLength(_ a: [Int], _ b: [Int]) -> Int {
        var row = [Int](repeating: 0, count: b.count + 1)
        for x in a {
            var diagonal = 0
            for j in b.indices {
                let above = row[j + 1]
                row[j + 1] = x == b[j] ? diagonal + 1 : max(row[j + 1], row[j])
                diagonal = above
            }
        }
        return row[b.count]
    }

    @Test func scriptsAreCorrectAndShortestOnRandomSequences() {
        var random = LCG(state: 42)
        for _ in 0..<300 {
            let old = (0..<Int.random(in: 0...30, using: &random)).map { _ in Int.random(in: 0...4, using: &random) }
            let new = (0..<Int.random(in: 0...30, using: &random)).map { _ in Int.random(in: 0...4, using: &random) }
            let edits = EditScript.edits(from: old, to: new)
            #expect(Self.apply(edits, old: old, new: new) == new)
            // Every kept pair really is equal, and the script visits each element once, in order.
            #expect(edits.allSatisfy { if case .keep(let o, let n) = $0 { old[o] == new[n] } else { true } })
            #expect(edits.filter(\.touchesOld).count == old.count && edits.filter(\.touchesNew).count == new.count)
            let changes = edits.filter { if case .keep = $0 { false } else { true } }.count
            #expect(changes == old.count + new.count - 2 * Self.lcsLength(old, new))
        }
    }

    @Test func beyondTheDistanceLimitTheScriptIsStillCorrect() {
        let old = Array(0..<50)
        let new = old.map { $0 % 2 == 0 ? $0 : -$0 }
        let edits = EditScript.edits(from: old, to: new, maxDistance: 10)
        #expect(Self.apply(edits, old: old, new: new) == new)
        #expect(edits.first == .keep(old: 0, new: 0) && edits.last == .insert(new: 49))
    }

    @Test func equalAndEmptySequences() {
        #expect(EditScript.edits(from: [1, 2], to: [1, 2]) == [.keep(old: 0, new: 0), .keep(old: 1, new: 1)])
        #expect(EditScript.edits(from: [Int](), to: [7]) == [.insert(new: 0)])
        #expect(EditScript.edits(from: [7], to: [Int]()) == [.delete(old: 0)])
    }
}

/// The shortest edit script between two sequences: Myers, "An O(ND) Difference Algorithm
/// and Its Variations" (1986), after trimming the common prefix and suffix.
public enum EditScript {
    public enum Edit: Sendable, Equatable {
        /// Element `old` of the old sequence is element `new` of the new one.
        case keep(old: Int, new: Int)
        case delete(old: Int)
        case insert(new: Int)
    }

    /// Edits in order. Beyond `maxDistance` insertions plus deletions (cost and memory grow
    /// with its square) the differing middle becomes one delete block and one insert
    /// block: still a correct script, just not the shortest.
    public static func edits<T: Equatable>(from old: [T], to new: [T], maxDistance: Int = 2000) -> [Edit] {
        var prefix = 0
        while prefix < old.count && prefix < new.count && old[prefix] == new[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < old.count - prefix && suffix < new.count - prefix
            && old[old.count - 1 - suffix] == new[new.count - 1 - suffix]
        {
            suffix += 1
        }
        var edits = (0..<prefix).map { Edit.keep(old: $0, new: $0) }
        let a = old[prefix..<(old.count - suffix)]
        let b = new[prefix..<(new.count - suffix)]
        edits += middle(Array(a), Array(b), maxDistance: maxDistance).map { edit in
            switch edit {
            case .keep(let o, let n): return .keep(old: o + prefix, new: n + prefix)
            case .delete(let o): return .delete(old: o + prefix)
            case .insert(let n): return .insert(new: n + prefix)
            }
        }
        edits += (0..<suffix).map { Edit.keep(old: old.count - suffix + $0, new: new.count - suffix + $0) }
        return edits
    }

    private static func middle<T: Equatable>(_ a: [T], _ b: [T], maxDistance: Int) -> [Edit] {
        let n = a.count
        let m = b.count
        let wholesale = (0..<n).map { Edit.delete(old: $0) } + (0..<m).map { Edit.insert(new: $0) }
        if n == 0 || m == 0 { return wholesale }
        let limit = min(n + m, maxDistance)
        // v[offset + k]: the furthest x reached on diagonal k = x - y.
        let offset = limit + 1
        var v = [Int](repeating: 0, count: 2 * limit + 3)
        // trace[d]: v on diagonals -d-1...d+1 before step d, for the walk back.
        var trace: [[Int]] = []
        for d in 0...limit {
            trace.append(Array(v[(offset - d - 1)...(offset + d + 1)]))
            for k in stride(from: -d, through: d, by: 2) {
                var x =
                    k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1])
                    ? v[offset + k + 1] : v[offset + k - 1] + 1
                var y = x - k
                while x < n && y < m && a[x] == b[y] {
                    x += 1
                    y += 1
                }
                v[offset + k] = x
                if x >= n && y >= m { return walkBack(trace, n: n, m: m) }
            }
        }
        return wholesale
    }

    private static func walkBack(_ trace: [[Int]], n: Int, m: Int) -> [Edit] {
        var edits: [Edit] = []
        var x = n
        var y = m
        for d in stride(from: trace.count - 1, through: 0, by: -1) {
            let snapshot = trace[d]
            // Diagonal k is at index k + d + 1 of the snapshot.
            func at(_ k: Int) -> Int { snapshot[k + d + 1] }
            let k = x - y
            let previousK = k == -d || (k != d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1
            let previousX = at(previousK)
            let previousY = previousX - previousK
            while x > previousX && y > previousY {
                edits.append(.keep(old: x - 1, new: y - 1))
                x -= 1
                y -= 1
            }
            if d > 0 {
                edits.append(x == previousX ? .insert(new: y - 1) : .delete(old: x - 1))
            }
            x = previousX
            y = previousY
        }
        return edits.reversed()
    }
}

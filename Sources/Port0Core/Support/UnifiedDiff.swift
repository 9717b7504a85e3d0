/// `diff -u` output between two texts, line by line: `---`/`+++` labels, then `@@` hunks
/// with `context` unchanged lines around each change. Empty when the texts are equal.
public enum UnifiedDiff {
    public static func render(old: String, new: String, oldLabel: String, newLabel: String, context: Int = 3)
        -> String
    {
        let a = lines(old)
        let b = lines(new)
        let edits = EditScript.edits(from: a, to: b)
        let changes = edits.indices.filter { if case .keep = edits[$0] { return false } else { return true } }
        guard let firstChange = changes.first else { return "" }
        // Line positions before each edit, to number the hunks.
        var oldPosition = [Int](repeating: 0, count: edits.count + 1)
        var newPosition = [Int](repeating: 0, count: edits.count + 1)
        for (index, edit) in edits.enumerated() {
            oldPosition[index + 1] = oldPosition[index] + (edit.touchesOld ? 1 : 0)
            newPosition[index + 1] = newPosition[index] + (edit.touchesNew ? 1 : 0)
        }
        var out = "--- \(oldLabel)\n+++ \(newLabel)\n"
        var groupStart = firstChange
        var groupEnd = firstChange
        for change in changes.dropFirst() + [Int.max] {
            if change != Int.max && change - groupEnd - 1 <= 2 * context {
                groupEnd = change
                continue
            }
            let start = max(0, groupStart - context)
            let end = min(edits.count, groupEnd + context + 1)
            out += "@@ -\(range(oldPosition[start], oldPosition[end] - oldPosition[start]))"
            out += " +\(range(newPosition[start], newPosition[end] - newPosition[start])) @@\n"
            for edit in edits[start..<end] {
                switch edit {
                case .keep(let o, _): out += " \(a[o])\n"
                case .delete(let o): out += "-\(a[o])\n"
                case .insert(let n): out += "+\(b[n])\n"
                }
            }
            groupStart = change
            groupEnd = change
        }
        return out
    }

    /// The text's lines without their newlines (a final newline ends the last line).
    static func lines(_ text: String) -> [String] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if text.hasSuffix("\n") || text.isEmpty { lines.removeLast() }
        return lines
    }

    /// `start,count` as diff prints it: 1-based; a count of 1 is omitted; an empty range
    /// names the line before it.
    private static func range(_ start: Int, _ count: Int) -> String {
        switch count {
        case 0: return "\(start),0"
        case 1: return "\(start + 1)"
        default: return "\(start + 1),\(count)"
        }
    }
}

extension EditScript.Edit {
    var touchesOld: Bool { if case .insert = self { return false } else { return true } }
    var touchesNew: Bool { if case .delete = self { return false } else { return true } }
}

import Foundation
import Testing

/// Issue 19 point 6: another program committing to its own table many times a second must
/// not make `apply` of a large table give up (it used to retry 5 times at once and fail).
@Suite("apply under frequent foreign commits", .needsRoot)
struct ConcurrentCommitTests {
    @Test("100,000 prefixes install and update while another program commits all the time")
    func applyWhileOthersCommit() throws {
        try Ops.withTempDir { dir in
            let lists = try [0, 50_000].map { offset in
                let path = dir + "/exempt-\(offset).txt"
                try Ops.write(Support.unmergeableAddresses(100_000, from: offset).map { $0 + "\n" }.joined(), to: path)
                return path
            }
            try Support.withNetns { (ns: String) throws in
                // Another program: a commit to its own table every few milliseconds.
                let (elapsed, rounds) = try Support.whileLooping(
                    in: ns,
                    "i=0; while [ -e \"$1\" ]; do i=$((i+1)); nft add table ip busy$i; nft delete table ip busy$i; done; echo $i"
                ) {
                    let started = Date()
                    for path in lists {
                        let applied = try Netns.port0(ns, ["apply", "--exempt-file", path])
                        #expect(applied.status == 0, "\(applied.stderr)")
                        #expect(
                            applied.stdout.hasPrefix(
                                "applied table inet port0: 6 chains, 26 rules, 100000 set elements"))
                    }
                    return Date().timeIntervalSince(started)
                }
                // The premise: the other program really was busy (well over 10 commits a second).
                let commits = rounds * 2
                #expect(Double(commits) / elapsed > 10, "only \(commits) foreign commits in \(elapsed) s")
                // Read once the other program has stopped: the second list is what is live.
                #expect(try Netns.port0(ns, ["status", "--exempt-file", lists[1]]).status == 0)
            }
        }
    }
}

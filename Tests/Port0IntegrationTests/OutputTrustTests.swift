import Foundation
import Testing

/// Issue 19: `-o` never replaces what is not a regular file, a replaced file keeps its mode and
/// owner, a new one honours the umask, temporary files never outlive port0, and no write to
/// stdout fails silently.
@Suite("output files and stdout tell the truth")
struct OutputTrustTests {
    static func fileType(_ path: String) -> mode_t {
        var status = stat()
        return lstat(path, &status) == 0 ? status.st_mode & S_IFMT : 0
    }

    static func sh(_ script: String, _ arguments: [String] = []) throws -> Support.Result {
        try Support.run(["sh", "-c", script, "sh", Support.port0] + arguments)
    }

    static func oneLineError(_ result: Support.Result) -> Bool {
        result.stderr.hasPrefix("port0: error: ") && result.stderr.filter(\.isNewline).count == 1
    }

    @Test("-o onto a character device writes through it and leaves the node a device", .needsRoot)
    func characterDevice() throws {
        try Ops.withTempDir { (dir: String) throws in
            let null = "\(dir)/null"
            #expect(try Support.run(["mknod", "-m", "666", null, "c", "1", "3"]).status == 0)
            let result = try Support.port0(["render", "-o", null])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(Self.fileType(null) == S_IFCHR)
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["null"])
        }
    }

    @Test("-o onto a FIFO writes through it to the reader")
    func fifo() throws {
        try Ops.withTempDir { (dir: String) throws in
            let fifo = "\(dir)/fifo"
            #expect(mkfifo(fifo, 0o600) == 0)
            let result = try Self.sh(
                "timeout 10 cat \"$2\" > \"$2.out\" & timeout 10 \"$1\" render -o \"$2\" && wait", [fifo])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(Self.fileType(fifo) == S_IFIFO)
            let expected = try Support.port0(["render"]).stdout
            #expect(try String(contentsOfFile: "\(fifo).out", encoding: .utf8) == expected)
        }
    }

    @Test("-o onto a symlink to /proc/self/fd/1 (what /dev/stdout is) prints, and keeps the link")
    func symlinkToStdout() throws {
        try Ops.withTempDir { (dir: String) throws in
            let link = "\(dir)/stdout"
            try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "/proc/self/fd/1")
            let result = try Support.port0(["render", "-o", link])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout == (try Support.port0(["render"])).stdout)
            #expect(Self.fileType(link) == S_IFLNK)
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["stdout"])
        }
    }

    @Test("-o /dev/stdout and -o /dev/null (in a private mount namespace) print and keep the nodes", .needsRoot)
    func devStdout() throws {
        // A tmpfs over /dev in a private mount namespace: the machine's own /dev is never at risk.
        let result = try Support.run([
            "unshare", "-m", "--propagation", "private", "sh", "-c",
            """
            mount -t tmpfs none /dev && ln -s /proc/self/fd/1 /dev/stdout && mknod -m 666 /dev/null c 1 3 \
            && "$0" render -o /dev/stdout && "$0" render -o /dev/null \
            && [ -L /dev/stdout ] && [ -c /dev/null ] && [ "$(ls -A /dev | tr '\\n' ' ')" = "null stdout " ]
            """, Support.port0,
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == (try Support.port0(["render"])).stdout)
    }

    @Test("-o keeps an existing file's mode and owner; a new file gets 0666 minus the umask", .needsRoot)
    func modeAndOwner() throws {
        try Ops.withTempDir { (dir: String) throws in
            let existing = "\(dir)/existing.nft"
            #expect(FileManager.default.createFile(atPath: existing, contents: Data("old\n".utf8)))
            #expect(chmod(existing, 0o604) == 0)
            #expect(chown(existing, 65534, 65534) == 0)
            let result = try Self.sh("umask 077; exec \"$1\" render -o \"$2\"", [existing])
            #expect(result.status == 0, "\(result.stderr)")
            var status = stat()
            #expect(stat(existing, &status) == 0)
            #expect(status.st_mode & 0o7777 == 0o604)
            #expect(status.st_uid == 65534 && status.st_gid == 65534)
            #expect(try String(contentsOfFile: existing, encoding: .utf8).hasPrefix("#!/usr/sbin/nft"))
            let fresh = "\(dir)/fresh.nft"
            #expect(try Self.sh("umask 027; exec \"$1\" render -o \"$2\"", [fresh]).status == 0)
            #expect(stat(fresh, &status) == 0)
            #expect(status.st_mode & 0o7777 == 0o640)
            // Through a symlink: the target is replaced, the link stays.
            let link = "\(dir)/link.nft"
            try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "existing.nft")
            #expect(try Support.port0(["render", "--log", "-o", link]).status == 0)
            #expect(Self.fileType(link) == S_IFLNK)
            #expect(try String(contentsOfFile: existing, encoding: .utf8).contains(" log "))
        }
    }

    @Test("render into /dev/full or a closed stdout: one line on stderr, exit 1")
    func failedStdout() throws {
        for redirect in [">/dev/full", ">&-"] {
            let result = try Self.sh("exec \"$1\" render \(redirect)")
            #expect(result.status == 1, "render \(redirect): \(result.status)")
            #expect(Self.oneLineError(result), "render \(redirect): \(result.stderr)")
        }
        let toFile = try Support.port0(["render", "-o", "/dev/full"])
        #expect(toFile.status == 1 && Self.oneLineError(toFile))
    }

    @Test("a reader that goes away: SIGPIPE, or exit 141 when SIGPIPE is ignored; never 0")
    func closedPipe() throws {
        try Ops.withTempDir { (dir: String) throws in
            // Enough output to overflow the pipe after the reader has gone.
            let list = "\(dir)/list"
            try Ops.write(Support.unmergeableAddresses(40_000).map { $0 + "\n" }.joined(), to: list)
            let ignored = try Support.run([
                "bash", "-c",
                "trap '' PIPE; \"$0\" render --exempt-file \"$1\" | head -c 1 >/dev/null; echo ${PIPESTATUS[0]}",
                Support.port0, list,
            ])
            #expect(ignored.stdout == "141\n", "\(ignored.stderr)")
            #expect(ignored.stderr.isEmpty)
        }
    }

    @Test("plan, status, apply, check and remove into /dev/full exit 1 with one line", .needsRoot)
    func kernelCommandsIntoFullDevice() throws {
        try Support.withNetns { (ns: String) throws in
            for command in ["apply", "plan", "status", "check", "remove"] {
                let result = try Support.inNetns(ns, ["sh", "-c", "exec \"$0\" \(command) >/dev/full", Support.port0])
                #expect(result.status == 1, "\(command): status \(result.status) \(result.stderr)")
                #expect(Self.oneLineError(result), "\(command): \(result.stderr)")
            }
        }
    }

    @Test(
        "SIGTERM, SIGINT or SIGHUP during render -o removes the temporary file",
        arguments: ["TERM", "INT", "HUP"])
    func signalRemovesTemporary(signal: String) throws {
        try Ops.withTempDir { (dir: String) throws in
            // strace holds port0 at its fsync for 3 s: the temporary file exists for certain
            // when the signal arrives. python3 unblocks the signals the test runner blocks.
            let result = try Support.run([
                "python3", "-c",
                "import os, signal, sys; signal.pthread_sigmask(signal.SIG_SETMASK, []); os.execvp('bash', sys.argv[1:])",
                "bash", "-c",
                """
                strace -f -o /dev/null -e trace=fsync -e inject=fsync:delay_enter=3000000 "$0" render -o "$1/port0.nft" &
                tracer=$!
                for _ in $(seq 200); do ls -A "$1" | grep -q . && break; sleep 0.05; done
                ls -A "$1"
                kill -\(signal) "$(pgrep -P $tracer)"
                wait $tracer
                echo "status $?"
                ls -A "$1"
                """, Support.port0, dir,
            ])
            let lines = result.stdout.split(separator: "\n")
            #expect(lines.first?.hasPrefix(".") == true, "no temporary file seen: \(result.stdout) \(result.stderr)")
            #expect(lines.count == 2, "left behind: \(lines.dropFirst(2))")
            let expectedStatus = 128 + ["HUP": 1, "INT": 2, "TERM": 15][signal]!
            #expect(lines.last == "status \(expectedStatus)", "\(result.stdout)")
        }
    }

    @Test("a temporary file left by a process that no longer exists is removed by the next -o")
    func staleTemporaryRemoved() throws {
        try Ops.withTempDir { (dir: String) throws in
            // Above the kernel's largest PID (4194304): no such process.
            let stale = "\(dir)/.port0-tmp.port0.nft.4194309"
            let live = "\(dir)/.port0-tmp.port0.nft.\(getpid())"
            let other = "\(dir)/.port0-tmp.other.nft.4194309"
            for path in [stale, live, other] { #expect(FileManager.default.createFile(atPath: path, contents: nil)) }
            #expect(try Support.port0(["render", "-o", "\(dir)/port0.nft"]).status == 0)
            #expect(
                try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == [
                    ".port0-tmp.other.nft.4194309", ".port0-tmp.port0.nft.\(getpid())", "port0.nft",
                ])
        }
    }
}

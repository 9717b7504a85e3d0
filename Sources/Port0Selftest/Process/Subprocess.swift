import CPort0Sys
import Glibc
import Port0Core
import Port0System

/// Runs a program (found in PATH) to completion with posix_spawn, feeding stdin and capturing
/// stdout and stderr. No Foundation, no threads: one poll loop, so it is also safe to use from
/// the signal-cleanup thread.
public struct Subprocess: Sendable {
    public struct Output: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
    }

    /// Runs `arguments` and returns its exit status and output.
    public static func run(_ arguments: [String], stdin: String = "") throws(Port0Error) -> Output {
        precondition(!arguments.isEmpty)
        let context = arguments.joined(separator: " ")
        var inPipe: [Int32] = [-1, -1]
        var outPipe: [Int32] = [-1, -1]
        var errPipe: [Int32] = [-1, -1]
        guard port0_pipe_cloexec(&inPipe) == 0, port0_pipe_cloexec(&outPipe) == 0,
            port0_pipe_cloexec(&errPipe) == 0
        else {
            let error = Errno.current
            for fd in inPipe + outPipe + errPipe where fd >= 0 { close(fd) }
            throw .system(context: context, reason: "pipe: \(error.message)")
        }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // dup2 clears close-on-exec on the child's copies only.
        posix_spawn_file_actions_adddup2(&actions, inPipe[0], 0)
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)

        // A child that exits before reading all its stdin (e.g. `ip -batch` when the
        // cleanup thread has just deleted its namespace) must not kill this process with
        // SIGPIPE: the write loop below handles EPIPE. The child gets the default back.
        signal(SIGPIPE, SIG_IGN)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGPIPE)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF))

        var pid: pid_t = 0
        let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for arg in argv { free(arg) } }
        let spawned = posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, environ)
        close(inPipe[0])
        close(outPipe[1])
        close(errPipe[1])
        guard spawned == 0 else {
            close(inPipe[1])
            close(outPipe[0])
            close(errPipe[0])
            throw .system(context: context, reason: Errno(spawned).message)
        }

        var input = Array(stdin.utf8)[...]
        var out: [UInt8] = []
        var err: [UInt8] = []
        var inFD = inPipe[1]
        if input.isEmpty {
            close(inFD)
            inFD = -1
        } else {
            _ = fcntl(inFD, F_SETFL, fcntl(inFD, F_GETFL) | O_NONBLOCK)
        }
        var outFD = outPipe[0]
        var errFD = errPipe[0]
        var buffer = [UInt8](repeating: 0, count: 65536)
        while outFD >= 0 || errFD >= 0 || inFD >= 0 {
            var fds = [
                pollfd(fd: inFD, events: Int16(POLLOUT), revents: 0),
                pollfd(fd: outFD, events: Int16(POLLIN), revents: 0),
                pollfd(fd: errFD, events: Int16(POLLIN), revents: 0),
            ]
            let ready = poll(&fds, 3, -1)
            if ready < 0 {
                if errno == EINTR { continue }
                break
            }
            if inFD >= 0, fds[0].revents != 0 {
                let written = input.withUnsafeBytes { write(inFD, $0.baseAddress, $0.count) }
                if written > 0 { input = input.dropFirst(written) }
                if input.isEmpty || (written < 0 && errno != EAGAIN && errno != EINTR) {
                    close(inFD)
                    inFD = -1
                }
            }
            for (index, isOut) in [(1, true), (2, false)] where fds[index].revents != 0 {
                let fd = isOut ? outFD : errFD
                let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
                if count > 0 {
                    if isOut { out += buffer[..<count] } else { err += buffer[..<count] }
                } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
                    close(fd)
                    if isOut { outFD = -1 } else { errFD = -1 }
                }
            }
        }
        var status: Int32 = 0
        _ = try? Errno.retryingInterrupts { waitpid(pid, &status, 0) }
        // WIFEXITED / WEXITSTATUS, which do not import.
        let code = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return Output(
            status: code, stdout: String(decoding: out, as: UTF8.self), stderr: String(decoding: err, as: UTF8.self))
    }

    /// Runs `arguments` and throws unless it exits 0; the error carries the program's stderr.
    @discardableResult
    public static func check(_ arguments: [String], stdin: String = "") throws(Port0Error) -> Output {
        let output = try run(arguments, stdin: stdin)
        guard output.status == 0 else {
            let message = output.stderr.split(separator: "\n").first.map(String.init) ?? "exit status \(output.status)"
            throw .system(context: arguments.joined(separator: " "), reason: message)
        }
        return output
    }
}

import Glibc
import Port0Core
import Port0System

/// Data to stdout, unbuffered and checked: a failed or short write (a full disk, /dev/full,
/// a closed stdout) is an error, one line on stderr and exit 1, never exit 0 with the output
/// lost. A reader that went away (EPIPE) ends port0 as SIGPIPE ends other filters: exit 141,
/// without a message.
enum StandardOutput {
    /// Set by `claimClosedDescriptors` when port0 was started with stdout closed (`>&-`).
    nonisolated(unsafe) private static var closedAtStart = false

    /// Runs before anything opens a file: a closed 0, 1 or 2 gets /dev/null, so that no
    /// socket or file port0 opens later can take its number and receive data or diagnostics
    /// meant for it. Writing data to a stdout that was closed is still an error.
    static func claimClosedDescriptors() {
        for fd: Int32 in 0...2 where fcntl(fd, F_GETFD) == -1 && errno == EBADF {
            let null = open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY)
            if null >= 0 && null != fd {
                dup2(null, fd)
                close(null)
            }
            if fd == 1 { closedAtStart = true }
        }
    }

    static func write(_ text: String) throws(Port0Error) {
        if closedAtStart { throw .outputFailed(path: "/dev/stdout", reason: "standard output is closed") }
        do { try FileDescriptor.standardOutput.writeAll(text) } catch {
            if error == .brokenPipe { exit(141) }
            throw .outputFailed(path: "/dev/stdout", reason: error.message)
        }
    }

    /// `-o FILE` when given (`AtomicFile`), else stdout.
    static func write(_ text: String, to output: String?) throws(Port0Error) {
        if let output {
            try AtomicFile.write(text, to: output)
        } else {
            try write(text)
        }
    }

    /// `print(line)` that fails loudly.
    static func line(_ text: String) throws(Port0Error) { try write(text + "\n") }
}

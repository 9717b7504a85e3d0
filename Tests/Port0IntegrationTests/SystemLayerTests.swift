import Foundation
import Port0System
import Testing

/// Port0System: errno values, EINTR retries, whole reads and writes, the namespace scope.
@Suite struct SystemLayerTests {
    @Test func errnoNamesTheValueAndItsMessage() {
        #expect(Errno(ENOENT).description == "No such file or directory (ENOENT)")
        #expect(Errno(EPIPE).name == "EPIPE" && Errno(EOPNOTSUPP).name == "EOPNOTSUPP")
        #expect(Errno(4095).description.hasSuffix("(errno 4095)"))
        #expect(Errno(ENOENT).message == "No such file or directory")
    }

    /// File failures print strerror's plain reason, as port0 always has; the errno's name is
    /// added only to what the kernel refuses.
    @Test(arguments: [
        (
            ["render", "--exempt-file", "/nonexistent/list"],
            "cannot read exempt file '/nonexistent/list': No such file or directory"
        ),
        (["render", "-o", "/nonexistent/dir/x"], "cannot write '/nonexistent/dir/x': No such file or directory"),
    ])
    func fileFailuresPrintThePlainReason(arguments: [String], line: String) throws {
        let result = try Support.port0(arguments)
        #expect(result.status == 1)
        #expect(result.stderr == "port0: error: \(line)\n")
    }

    @Test func checkThrowsTheErrnoOfTheCallThatFailed() {
        #expect(throws: Errno(EBADF)) { try Errno.check(close(-1)) }
        #expect((try? Errno.check(Int32(3))) == 3)
    }

    @Test func interruptedCallsAreRetriedAndOtherFailuresThrown() {
        var calls = 0
        let value = try? Errno.retryingInterrupts { () -> Int32 in
            calls += 1
            guard calls == 3 else {
                errno = EINTR
                return -1
            }
            return 7
        }
        #expect(value == 7 && calls == 3)
        calls = 0
        #expect(throws: Errno(EACCES)) {
            try Errno.retryingInterrupts { () -> Int32 in
                calls += 1
                errno = EACCES
                return -1
            }
        }
        #expect(calls == 1)
    }

    @Test func writeAllAndReadAllMoveEveryByte() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("port0-fd-\(getpid())").path
        defer { unlink(path) }
        let text = String(repeating: "port0 ", count: 50_000)
        let out = try FileDescriptor.open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, permissions: 0o600)
        try out.writeAll(text)
        try out.close()
        let input = try FileDescriptor.open(path, O_RDONLY | O_CLOEXEC)
        defer { try? input.close() }
        #expect(try input.readAll() == Array(text.utf8))
        #expect(lseek(input.rawValue, 0, SEEK_SET) == 0)
        // A limit stops the read once more than it has arrived.
        let capped = try input.readAll(limit: 1000)
        #expect(capped.count > 1000 && capped.count < text.utf8.count)
        #expect(throws: Errno(ENOENT)) { try FileDescriptor.open(path + "-missing", O_RDONLY) }
    }

    @Test func aFullDeviceIsAnError() throws {
        let full = try FileDescriptor.open("/dev/full", O_WRONLY | O_CLOEXEC)
        defer { try? full.close() }
        #expect(throws: Errno.noSpace) { try full.writeAll("x") }
    }

    static func currentNamespace() -> String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/thread-self/ns/net")) ?? "?"
    }

    struct Failed: Error, Equatable {
        var text: String
    }

    @Test(.needsRoot)
    func theScopeEntersAndAlwaysRestoresTheThreadsNamespace() throws {
        let home = Self.currentNamespace()
        let inside = try NetworkNamespaceScope.run(in: .fresh, failure: { Failed(text: "\($0)") }) {
            () throws(Failed) in Self.currentNamespace()
        }
        #expect(inside != home && inside.hasPrefix("net:["))
        #expect(Self.currentNamespace() == home)
        // A failing body: its error comes out, and the thread is back home.
        #expect(throws: Failed(text: "body")) {
            try NetworkNamespaceScope.run(in: .fresh, failure: { Failed(text: "\($0)") }) { () throws(Failed) in
                throw Failed(text: "body")
            }
        }
        #expect(Self.currentNamespace() == home)
        // Entering a namespace by its file: the same one `ip netns` made.
        try Support.withNetns { (ns: String) throws in
            let viaFile = try NetworkNamespaceScope.run(
                in: .file("/run/netns/\(ns)"), failure: { Failed(text: "\($0)") }
            ) { () throws(Failed) in Self.currentNamespace() }
            let named = try FileManager.default.attributesOfItem(atPath: "/run/netns/\(ns)")[.systemFileNumber]
            #expect(viaFile == "net:[\(named.map { "\($0)" } ?? "?")]")
        }
        #expect(Self.currentNamespace() == home)
    }

    @Test func aMissingNamespaceFileNamesTheStepAndTheErrno() {
        #expect(throws: Failed(text: "cannot open /run/netns/port0-no-such: No such file or directory (ENOENT)")) {
            try NetworkNamespaceScope.run(
                in: .file("/run/netns/port0-no-such"), failure: { Failed(text: "\($0)") }
            ) { () throws(Failed) in () }
        }
    }
}

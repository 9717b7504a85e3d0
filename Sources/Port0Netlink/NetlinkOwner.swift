import Glibc
import Port0System

/// Which process holds the netlink socket that owns a table (NFT_TABLE_F_OWNER): the kernel
/// reports the socket's port id (NFTA_TABLE_OWNER); /proc/thread-self/net/netlink maps it to
/// a socket inode in the current thread's namespace, and /proc/PID/fd to the process.
enum NetlinkOwner {
    /// `pid 1234 (nft)`, or nil when no process could be found (not root, another PID
    /// namespace). Call it inside the namespace the table lives in.
    static func process(portID: UInt32) -> String? {
        guard let inode = socketInode(portID: portID) else { return nil }
        let target = "socket:[\(inode)]"
        guard let proc = opendir("/proc") else { return nil }
        defer { closedir(proc) }
        while let entry = readdir(proc) {
            let pid = name(entry)
            guard !pid.isEmpty, pid.allSatisfy({ $0.isASCII && $0.isNumber }) else { continue }
            guard let fds = opendir("/proc/\(pid)/fd") else { continue }
            defer { closedir(fds) }
            while let fd = readdir(fds) {
                if link("/proc/\(pid)/fd/\(name(fd))") == target {
                    let comm = read("/proc/\(pid)/comm")?.split(separator: "\n").first.map(String.init)
                    return "pid \(pid)" + (comm.map { " (\($0))" } ?? "")
                }
            }
        }
        return nil
    }

    /// The inode of the NETLINK_NETFILTER socket bound to `portID`.
    private static func socketInode(portID: UInt32) -> String? {
        guard let text = read("/proc/thread-self/net/netlink") else { return nil }
        for line in text.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: " ")
            // sk Eth Pid Groups Rmem Wmem Dump Locks Drops Inode; Eth 12 is NETLINK_NETFILTER.
            if fields.count >= 10, fields[1] == "12", fields[2] == "\(portID)" { return String(fields[9]) }
        }
        return nil
    }

    private static func name(_ entry: UnsafeMutablePointer<dirent>) -> String {
        withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
    }

    private static func link(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: 256)
        let count = readlink(path, &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private static func read(_ path: String) -> String? {
        guard let fd = try? FileDescriptor.open(path, O_RDONLY | O_CLOEXEC) else { return nil }
        defer { try? fd.close() }
        return (try? fd.readAll()).map { String(decoding: $0, as: UTF8.self) }
    }
}

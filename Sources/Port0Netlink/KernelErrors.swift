import Port0Core
import Port0System

/// The messages for failures that are not about one object.
enum KernelErrors {
    static let permission = Port0Error.permissionDenied("needs CAP_NET_ADMIN (run as root)")

    static func noNftables(_ errno: Errno) -> Port0Error {
        .system(
            context: "nf_tables",
            reason:
                "this kernel has no nf_tables support (\(errno.name)); load the nf_tables module or use a kernel built with CONFIG_NF_TABLES"
        )
    }
}

import Port0System

/// Output paths that name a descriptor this process already has.
public enum FileDescriptorOutput {
    /// `/dev/stdout`, `/dev/stderr`, `/dev/fd/N`, `/proc/self/fd/N`: the descriptor the path
    /// names in this process. Writing to it directly keeps what the shell set up (a pipe, a
    /// terminal, a file opened for appending); reopening the path could truncate it.
    public static func descriptor(named path: String) -> FileDescriptor? {
        switch path {
        case "/dev/stdout", "/proc/self/fd/1", "/dev/fd/1": return .standardOutput
        case "/dev/stderr", "/proc/self/fd/2", "/dev/fd/2": return .standardError
        default: break
        }
        for prefix in ["/dev/fd/", "/proc/self/fd/"] where path.hasPrefix(prefix) {
            let number = path.dropFirst(prefix.count)
            guard !number.isEmpty, number.allSatisfy({ $0.isASCII && $0.isNumber }), let fd = Int32(number) else {
                return nil
            }
            return FileDescriptor(rawValue: fd)
        }
        return nil
    }
}

import Glibc

/// A Linux version, from uname(2)'s release ("6.1.0-57-amd64" → 6.1.0). Distribution kernels
/// backport fixes but keep their base version, so it decides only what upstream changed in a
/// given release (docs/kernels.md lists each such fact and where it comes from).
public struct KernelVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var major: Int
    public var minor: Int
    public var patch: Int
    /// The whole release string, for messages.
    public var release: String

    public init(_ major: Int, _ minor: Int, _ patch: Int = 0, release: String? = nil) {
        self.major = major
        self.minor = minor
        self.patch = patch
        self.release = release ?? "\(major).\(minor).\(patch)"
    }

    /// "6.18.44-fc-v1045", "6.1.0-57-amd64", "5.10"; nil when it does not start with N.N.
    public init?(release: String) {
        let numbers = release.prefix { $0.isNumber || $0 == "." }.split(separator: ".").prefix(3).map { Int($0) }
        guard numbers.count >= 2, let major = numbers[0], let minor = numbers[1] else { return nil }
        self.init(major, minor, numbers.count > 2 ? numbers[2] ?? 0 : 0, release: release)
    }

    /// The kernel this process runs on (network namespaces share it), read once.
    public static let running: KernelVersion? = {
        var name = utsname()
        guard uname(&name) == 0 else { return nil }
        let release = withUnsafeBytes(of: &name.release) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        return KernelVersion(release: release)
    }()

    public static func < (lhs: KernelVersion, rhs: KernelVersion) -> Bool {
        (lhs.major, lhs.minor, lhs.patch) < (rhs.major, rhs.minor, rhs.patch)
    }

    public static func == (lhs: KernelVersion, rhs: KernelVersion) -> Bool {
        (lhs.major, lhs.minor, lhs.patch) == (rhs.major, rhs.minor, rhs.patch)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(major)
        hasher.combine(minor)
        hasher.combine(patch)
    }

    public var description: String { release }
}

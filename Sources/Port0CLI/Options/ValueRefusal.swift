import Port0Core
import Synchronization

/// The refusal an option's value parser (`OptionValue`) threw in this parse.
/// swift-argument-parser wraps it in its own "The value … is invalid" error; port0 prints its
/// own one line instead (exit 1). Recorded here as it is thrown, rather than dug out of the
/// parser's error by reflection.
enum ValueRefusal {
    private static let last = Mutex<Port0Error?>(nil)

    /// `parse`, recording what it refuses.
    static func recorded<T>(_ parse: @escaping @Sendable (String) throws(Port0Error) -> T)
        -> @Sendable (String) throws -> T
    {
        { text in
            do throws(Port0Error) {
                return try parse(text)
            } catch {
                last.withLock { $0 = error }
                throw error
            }
        }
    }

    static var isRecorded: Bool { last.withLock { $0 != nil } }

    /// The refusal recorded since the last call, if any.
    static func take() -> Port0Error? {
        last.withLock { value in
            defer { value = nil }
            return value
        }
    }
}

import CNftnl

/// libnftnl's attribute ids come from named C enums (imported as structs) and anonymous ones
/// (imported as Int); its setters take `uint16_t`. These turn either into that.
@inline(__always) func attr<T: RawRepresentable>(_ value: T) -> UInt16 where T.RawValue: BinaryInteger {
    UInt16(value.rawValue)
}

@inline(__always) func attr(_ value: Int) -> UInt16 { UInt16(value) }

/// Allocation failure in libnftnl means the process is out of memory.
@inline(__always) func allocated<T>(_ pointer: T?, _ what: StaticString) -> T {
    guard let pointer else { fatalError("out of memory allocating \(what)") }
    return pointer
}

/// The text in a C buffer up to its first NUL.
func text(_ buffer: [CChar]) -> String {
    String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

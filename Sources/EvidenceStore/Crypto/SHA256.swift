import COpenSSL

/// SHA-256 through OpenSSL's EVP interface (uses the CPU's SHA extensions where present).
public final class SHA256 {
    public static let digestSize = 32
    private let context: OpaquePointer
    private var finalized = false

    public init() throws {
        guard let context = EVP_MD_CTX_new() else { throw CryptoError.fromOpenSSL("EVP_MD_CTX_new") }
        guard EVP_DigestInit_ex(context, EVP_sha256(), nil) == 1 else {
            EVP_MD_CTX_free(context)
            throw CryptoError.fromOpenSSL("EVP_DigestInit_ex(sha256)")
        }
        self.context = context
    }

    deinit { EVP_MD_CTX_free(context) }

    public func update(_ buffer: UnsafeRawBufferPointer) throws {
        guard !finalized else { throw CryptoError.invalidInput("SHA-256 updated after finalising") }
        guard buffer.count > 0 else { return }
        try check(EVP_DigestUpdate(context, buffer.baseAddress, buffer.count), "EVP_DigestUpdate")
    }

    public func update<C: ByteSequence>(_ bytes: C) throws {
        try bytes.withUnsafeBytes { try update($0) }
    }

    /// The digest; the hasher is spent afterwards (a second call is an error, not a wrong hash).
    public func finalize() throws -> [UInt8] {
        guard !finalized else { throw CryptoError.invalidInput("SHA-256 finalised twice") }
        finalized = true
        var out = [UInt8](repeating: 0, count: Self.digestSize)
        var length: UInt32 = 0
        try check(EVP_DigestFinal_ex(context, &out, &length), "EVP_DigestFinal_ex")
        return out
    }

    public static func hash<C: ByteSequence>(_ bytes: C) throws -> [UInt8] {
        let hasher = try SHA256()
        try hasher.update(bytes)
        return try hasher.finalize()
    }

    /// SHA-256 over several pieces, as if concatenated.
    public static func hash(parts: [[UInt8]]) throws -> [UInt8] {
        let hasher = try SHA256()
        for part in parts { try hasher.update(part) }
        return try hasher.finalize()
    }
}

/// Lets hashing accept `[UInt8]`, `ArraySlice` and raw buffers alike (named so as not to
/// clash with Foundation's `ContiguousBytes`).
public protocol ByteSequence {
    func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R
}
extension Array: ByteSequence where Element == UInt8 {}
extension ArraySlice: ByteSequence where Element == UInt8 {}
extension UnsafeRawBufferPointer: ByteSequence {
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R { try body(self) }
}

import COpenSSL

/// A failure inside libcrypto, or an authentication failure of sealed data.
///
/// `authenticationFailed` is deliberately free of detail: callers turn it into the
/// user-facing sentence (wrong passphrase, tampered object, …) that fits their context.
public enum CryptoError: Error, Equatable, Sendable {
    case authenticationFailed
    case invalidKey(String)
    case invalidInput(String)
    case library(String)

    /// Drains OpenSSL's thread-local error queue into one message.
    static func fromOpenSSL(_ operation: String) -> CryptoError {
        var codes: [String] = []
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            codes.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return .library(codes.isEmpty ? operation : "\(operation): \(codes.joined(separator: "; "))")
    }
}

/// Runs `body` when an OpenSSL call returned something other than 1.
@inline(__always)
func check(_ result: Int32, _ operation: @autoclosure () -> String) throws {
    if result != 1 { throw CryptoError.fromOpenSSL(operation()) }
}

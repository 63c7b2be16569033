import Foundation

/// A secret sealed under a key derived from a passphrase with scrypt.
///
/// Stored as JSON members `kdf` ({"name":"scrypt","logN","r","p","salt"}) and `sealed`
/// (a symmetric `SealedBox`, generation 0). Passphrases are NFC-normalised UTF-8, so the
/// same words typed on different systems open the same box.
public enum PassphraseBox {
    public static func normalise(_ passphrase: String) -> [UInt8] {
        Array(passphrase.precomposedStringWithCanonicalMapping.utf8)
    }

    public static func seal(_ secret: SecretBytes, passphrase: String, parameters: Scrypt.Parameters,
                            context: String) throws -> [String: JSONValue] {
        let salt = try SecureRandom.bytes(16)
        let key = try Scrypt.derive(passphrase: normalise(passphrase), salt: salt, parameters: parameters)
        let box = try secret.withUnsafeBytes { plaintext in
            try SealedBox.seal(Array(plaintext), key: key, generation: 0, context: context)
        }
        return [
            "kdf": .object([
                "name": "scrypt", "logN": .int(Int64(parameters.logN)), "r": .int(Int64(parameters.r)),
                "p": .int(Int64(parameters.p)), "salt": .string(Base64.encode(salt)),
            ]),
            "sealed": .string(Base64.encode(box)),
        ]
    }

    /// Opens the box; a wrong passphrase surfaces as `CryptoError.authenticationFailed`.
    public static func open(_ fields: JSONFields, passphrase: String, context: String) throws -> SecretBytes {
        let kdf = try fields.object("kdf")
        guard try kdf.string("name") == "scrypt" else { throw FormatError("\(fields.what) uses an unknown key derivation") }
        let parameters = Scrypt.Parameters(logN: Int(try kdf.int("logN")), r: Int(try kdf.int("r")), p: Int(try kdf.int("p")))
        guard parameters.isSupported else {
            throw FormatError("\(fields.what) asks for scrypt parameters outside the supported range (log2 N 10-20, r ≤ 16, p ≤ 16, at most 1 GiB)")
        }
        let salt = try kdf.base64("salt")
        let box = try fields.base64("sealed")
        let key = try Scrypt.derive(passphrase: normalise(passphrase), salt: salt, parameters: parameters)
        return try SealedBox.openSecret(box, key: key, context: context)
    }

    public static func parameters(of fields: JSONFields) throws -> Scrypt.Parameters {
        let kdf = try fields.object("kdf")
        return Scrypt.Parameters(logN: Int(try kdf.int("logN")), r: Int(try kdf.int("r")), p: Int(try kdf.int("p")))
    }
}

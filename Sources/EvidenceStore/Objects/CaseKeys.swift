/// The keys derived from one generation of a case key (docs/FORMAT.md, "Key hierarchy").
///
/// The case key itself is never used directly: HKDF-SHA256 with distinct labels gives
/// one key per purpose, so that a weakness in one use cannot spill into another.
public struct CaseKeys: Sendable {
    public let caseID: String
    public let generation: UInt32
    /// Names objects: HMAC-SHA256(namingKey, plaintext SHA-256).
    public let namingKey: SecretBytes
    /// Wraps each object's random data key.
    public let dataKeyWrapKey: SecretBytes
    /// Seals the case parts of ledger entries.
    public let partKey: SecretBytes

    public init(caseID: String, generation: UInt32, caseKey: SecretBytes) throws {
        self.caseID = caseID
        self.generation = generation
        namingKey = try HKDF.derive(key: caseKey, info: Array("evidence/v1/case/object-naming".utf8))
        dataKeyWrapKey = try HKDF.derive(key: caseKey, info: Array("evidence/v1/case/data-key-wrap".utf8))
        partKey = try HKDF.derive(key: caseKey, info: Array("evidence/v1/case/ledger-part".utf8))
    }

    /// The object name for content with this SHA-256: 64 lowercase hex digits.
    public func objectName(forSHA256 sha256: [UInt8]) throws -> String {
        Hex.encode(try HMACSHA256.authenticate(key: namingKey, message: sha256))
    }
}

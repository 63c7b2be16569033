/// The keys derived from one class key of one generation of a case (docs/FORMAT.md §5.4, "Key
/// hierarchy"): the case key (class 0) for what belongs to the case as a whole, or the key of one
/// class of material.
///
/// The class key itself is never used directly: HKDF-SHA256 with distinct labels gives
/// one key per purpose, so that a weakness in one use cannot spill into another.
public struct CaseKeys: Sendable {
    public let caseID: String
    public let generation: UInt32
    public let keyClass: KeyClass
    /// Names objects: HMAC-SHA256(namingKey, plaintext SHA-256).
    public let namingKey: SecretBytes
    /// Wraps each object's random data key.
    public let dataKeyWrapKey: SecretBytes
    /// Seals the sealed parts of ledger entries.
    public let partKey: SecretBytes

    public init(caseID: String, generation: UInt32, keyClass: KeyClass, key: SecretBytes) throws {
        self.caseID = caseID
        self.generation = generation
        self.keyClass = keyClass
        namingKey = try HKDF.derive(key: key, info: Array("evidence/v1/case/object-naming".utf8))
        dataKeyWrapKey = try HKDF.derive(key: key, info: Array("evidence/v1/case/data-key-wrap".utf8))
        partKey = try HKDF.derive(key: key, info: Array("evidence/v1/case/ledger-part".utf8))
    }

    /// The id that sealed boxes and object headers carry: class << 24 | generation.
    public var keyID: UInt32 { keyClass.keyID(generation: generation) }

    /// The object name for content with this SHA-256: 64 lowercase hex digits.
    public func objectName(forSHA256 sha256: [UInt8]) throws -> String {
        Hex.encode(try HMACSHA256.authenticate(key: namingKey, message: sha256))
    }
}

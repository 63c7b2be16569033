import Foundation

/// A key sealed to one holder's X25519 public key: a user's, or the recovery key's.
///
/// Files: `keyring/<generation>/<holder>` (the repository keyring), `audit/<generation>/<holder>`
/// (the audit private key) and `cases/<case>/keys/<generation>/<holder>` (a case key),
/// each canonical JSON {"@evidence":"key-envelope","@version":1,"repository","purpose",
/// "subject","generation","holder","sealed"}. The box's context names all of these, so
/// an envelope moved to another path, case or holder no longer opens.
public enum KeyEnvelope {
    public enum Purpose: String, Sendable {
        case repositoryKeyring = "repository-keyring"
        case auditKey = "audit-key"
        case caseKey = "case-key"
    }

    public enum Holder: Equatable, Sendable {
        case recovery
        case user(String)

        public var name: String {
            switch self {
            case .recovery: return "recovery"
            case .user(let id): return id
            }
        }
    }

    public static let magic = "key-envelope"

    public static func relativePath(purpose: Purpose, subject: String, generation: UInt32, holder: String) -> String {
        switch purpose {
        case .repositoryKeyring: return "keyring/\(generation)/\(holder)"
        case .auditKey: return "audit/\(generation)/\(holder)"
        case .caseKey: return "cases/\(subject)/keys/\(generation)/\(holder)"
        }
    }

    static func context(repositoryID: String, purpose: Purpose, subject: String, generation: UInt32, holder: String) -> String {
        "evidence/v1/key-envelope\u{0}\(repositoryID)\u{0}\(purpose.rawValue)\u{0}\(subject)\u{0}\(generation)\u{0}\(holder)"
    }

    /// The X25519 key pair derived from the recovery key: envelopes are sealed to its
    /// public half (recorded in the first ledger entry), so cases can be created without
    /// opening the recovery key, and only someone holding it can open them.
    public static func recoverySealingKey(_ recoveryKey: SecretBytes) throws -> X25519.PrivateKey {
        try X25519.PrivateKey(secret: try HKDF.derive(key: recoveryKey, info: Array("evidence/v1/recovery/sealing-key".utf8)))
    }

    /// Seals `secret` to `recipient` (the holder's X25519 public key) and writes the envelope durably.
    public static func write(_ secret: SecretBytes, root: String, repositoryID: String, purpose: Purpose, subject: String,
                             generation: UInt32, holder: Holder, recipient: [UInt8]) throws {
        let context = context(repositoryID: repositoryID, purpose: purpose, subject: subject, generation: generation,
                              holder: holder.name)
        let box = try secret.withUnsafeBytes { try SealedBox.seal(Array($0), to: recipient, context: context) }
        let document: JSONValue = .object([
            "@evidence": .string(magic), "@version": 1, "repository": .string(repositoryID),
            "purpose": .string(purpose.rawValue), "subject": .string(subject), "generation": .int(Int64(generation)),
            "holder": .string(holder.name), "sealed": .string(Base64.encode(box)),
        ])
        let relative = relativePath(purpose: purpose, subject: subject, generation: generation, holder: holder.name)
        let path = (root as NSString).appendingPathComponent(relative)
        try FileSystem.createDirectories((path as NSString).deletingLastPathComponent)
        try FileSystem.writeAtomically(path, CanonicalJSON.encode(document))
    }

    public static func exists(root: String, purpose: Purpose, subject: String, generation: UInt32, holder: String) -> Bool {
        FileSystem.exists((root as NSString).appendingPathComponent(
            relativePath(purpose: purpose, subject: subject, generation: generation, holder: holder)))
    }

    /// Opens the envelope of `holder` with that holder's X25519 private key. Returns nil
    /// when no such envelope exists; throws when it exists but does not open.
    public static func open(root: String, repositoryID: String, purpose: Purpose, subject: String, generation: UInt32,
                            holder: Holder, privateKey: X25519.PrivateKey) throws -> SecretBytes? {
        let relative = relativePath(purpose: purpose, subject: subject, generation: generation, holder: holder.name)
        let path = (root as NSString).appendingPathComponent(relative)
        guard let bytes = try FileSystem.readIfPresent(path, limit: 64 * 1024) else { return nil }
        let box = try checkedBox(bytes, repositoryID: repositoryID, purpose: purpose, subject: subject,
                                 generation: generation, holder: holder.name)
        let context = context(repositoryID: repositoryID, purpose: purpose, subject: subject, generation: generation,
                              holder: holder.name)
        do {
            return try SealedBox.openSecret(box, with: privateKey, context: context)
        } catch CryptoError.authenticationFailed {
            throw FormatError("\(relative) does not open with its holder's key: it was altered or replaced")
        }
    }

    /// The sealed box of an envelope file, once the file is shown to be what its path says:
    /// canonical JSON (§5.4: readers reject any other bytes, so that one envelope has one
    /// encoding) whose members name this repository, purpose, subject, generation and holder.
    /// No key is needed, so `verify` and `audit` check every envelope, not only their own.
    static func checkedBox(_ bytes: [UInt8], repositoryID: String, purpose: Purpose, subject: String,
                           generation: UInt32, holder: String) throws -> [UInt8] {
        let relative = relativePath(purpose: purpose, subject: subject, generation: generation, holder: holder)
        let fields = try JSONFields(bytes: bytes, magic: magic, what: relative)
        guard try fields.string("repository") == repositoryID, try fields.string("purpose") == purpose.rawValue,
              try fields.string("subject") == subject, try fields.int("generation") == Int64(generation),
              try fields.string("holder") == holder
        else { throw FormatError("\(relative) describes another key than its path says") }
        let box = try fields.base64("sealed")
        guard box.count >= 4 + 1 + 1 + 32 + 12 + 16, Array(box.prefix(6)) == SealedBox.magic + [0x01, 0x01] else {
            throw FormatError("\(relative): member \"sealed\" is not a sealed box to a public key (algorithm 0x01)")
        }
        return box
    }
}

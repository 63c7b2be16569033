import Foundation

/// `keys/<slot id>`: the recovery key sealed under one recovery passphrase.
///
/// Several slots may hold the same recovery key (dual control: two custodians, two
/// passphrases); `evidence key add|list|remove` manages them. Canonical JSON
/// {"@evidence":"recovery-slot","@version":1,"repository","slot","label","created","kdf","sealed"}.
public struct RecoverySlot: Sendable, Equatable {
    public static let magic = "recovery-slot"
    public let slotID: String
    public let label: String
    public let created: Timestamp
    public let parameters: Scrypt.Parameters

    static func context(repositoryID: String, slotID: String) -> String {
        "evidence/v1/recovery-slot\u{0}\(repositoryID)\u{0}\(slotID)"
    }

    public static func directory(root: String) -> String { (root as NSString).appendingPathComponent("keys") }

    public static func write(root: String, repositoryID: String, slotID: String, label: String, recoveryKey: SecretBytes,
                             passphrase: String, parameters: Scrypt.Parameters, created: Timestamp) throws {
        var members = try PassphraseBox.seal(recoveryKey, passphrase: passphrase, parameters: parameters,
                                             context: context(repositoryID: repositoryID, slotID: slotID))
        members["@evidence"] = .string(magic)
        members["@version"] = 1
        members["repository"] = .string(repositoryID)
        members["slot"] = .string(slotID)
        members["label"] = .string(label)
        members["created"] = .string(created.description)
        let directory = directory(root: root)
        try FileSystem.createDirectories(directory)
        try FileSystem.writeAtomically((directory as NSString).appendingPathComponent(slotID),
                                       CanonicalJSON.encode(.object(members)), exclusive: true)
    }

    public static func list(root: String, repositoryID: String) throws -> [(slot: RecoverySlot, fields: JSONFields)] {
        let directory = directory(root: root)
        return try FileSystem.list(directory).filter { ULID.isValid($0, prefix: "slot") }.map { name in
            let bytes = try FileSystem.read((directory as NSString).appendingPathComponent(name), limit: 64 * 1024)
            do {
                let fields = try JSONFields(bytes: bytes, magic: magic, what: "keys/\(name)")
                guard try fields.string("slot") == name, try fields.string("repository") == repositoryID else {
                    throw FormatError("keys/\(name) belongs to another slot or repository")
                }
                let slot = RecoverySlot(slotID: name, label: try fields.string("label"),
                                        created: try fields.timestamp("created"),
                                        parameters: try PassphraseBox.parameters(of: fields))
                return (slot, fields)
            } catch let error as FormatError {
                throw EvidenceError(.data, "The recovery key slot \(name) is damaged: \(error.description).")
            }
        }
    }

    /// Tries every slot with the passphrase; the recovery key, or nil if none opens.
    public static func unlock(root: String, repositoryID: String, passphrase: String) throws -> (SecretBytes, RecoverySlot)? {
        for (slot, fields) in try list(root: root, repositoryID: repositoryID) {
            do {
                let key = try PassphraseBox.open(fields, passphrase: passphrase,
                                                 context: context(repositoryID: repositoryID, slotID: slot.slotID))
                return (key, slot)
            } catch CryptoError.authenticationFailed {
                continue
            }
        }
        return nil
    }
}

import Foundation

/// `identities/<user id>`: a user's private keys sealed under their passphrase.
///
/// Canonical JSON {"@evidence":"identity","@version":1,"repository","user","login","kdf",
/// "sealed"}; the sealed secret is X25519 private key (32) ‖ Ed25519 seed (32). `login`
/// is SHA-256("evidence/v1/login\0" ‖ repository id ‖ "\0" ‖ user name) in hex, so the
/// file can be found by name without listing names in the clear. The public keys are
/// not stored here: they are read from the ledger and compared after unlocking.
public struct IdentityFile: Sendable {
    public static let magic = "identity"
    public let userID: String
    public let login: String

    public static func loginHash(repositoryID: String, name: String) throws -> String {
        Hex.encode(try SHA256.hash(Array("evidence/v1/login\u{0}\(repositoryID)\u{0}\(name)".utf8)))
    }

    static func context(repositoryID: String, userID: String) -> String {
        "evidence/v1/identity\u{0}\(repositoryID)\u{0}\(userID)"
    }

    public static func relativePath(userID: String) -> String { "identities/\(userID)" }

    /// Where `passwd` writes the new file until the ledger names it (a `.tmp-` file, which
    /// readers ignore, §3): renamed over `relativePath` after the commit, or by the next
    /// sign-in when a crash came in between.
    public static func pendingRelativePath(userID: String) -> String { "identities/.tmp-next-\(userID)" }

    /// Renames the pending file into place when its bytes are the ones the ledger recorded
    /// (`recorded`); removes it when the ledger never recorded it. True when it was renamed.
    @discardableResult
    static func settlePending(root: String, userID: String, recorded: [UInt8]?) throws -> Bool {
        let pending = (root as NSString).appendingPathComponent(pendingRelativePath(userID: userID))
        guard let bytes = try FileSystem.readIfPresent(pending, limit: 64 * 1024) else { return false }
        guard let recorded, try SHA256.hash(bytes) == recorded else {
            try FileSystem.remove(pending)
            return false
        }
        let target = (root as NSString).appendingPathComponent(relativePath(userID: userID))
        guard rename(pending, target) == 0 else { throw FileSystem.ioError(errno, "rename", pending) }
        try FileSystem.syncDirectory((target as NSString).deletingLastPathComponent)
        return true
    }

    /// User names: lowercase letters, digits, dot, dash and underscore, 1-64 characters,
    /// starting with a letter. Names are how people log in, never how the ledger refers to them.
    public static func isValidName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard (1...64).contains(bytes.count), let first = bytes.first, (0x61...0x7A).contains(first) else { return false }
        return bytes.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || [0x2E, 0x2D, 0x5F].contains($0) }
    }

    /// Seals the identity's keys and writes the file; returns the SHA-256 of the file's bytes,
    /// which the ledger records (`identity`, §5.3) so that only this file signs the user in.
    @discardableResult
    public static func write(root: String, repositoryID: String, userID: String, name: String,
                             sealingKey: X25519.PrivateKey, signingKey: Ed25519.PrivateKey,
                             passphrase: String, parameters: Scrypt.Parameters, pending: Bool = false) throws -> [UInt8] {
        let secret = SecretBytes(sealingKey.secret.bytes + signingKey.seed.bytes)
        var members = try PassphraseBox.seal(secret, passphrase: passphrase, parameters: parameters,
                                             context: context(repositoryID: repositoryID, userID: userID))
        members["@evidence"] = .string(magic)
        members["@version"] = 1
        members["repository"] = .string(repositoryID)
        members["user"] = .string(userID)
        members["login"] = .string(try loginHash(repositoryID: repositoryID, name: name))
        let path = (root as NSString).appendingPathComponent(
            pending ? pendingRelativePath(userID: userID) : relativePath(userID: userID))
        try FileSystem.createDirectories((path as NSString).deletingLastPathComponent)
        let bytes = CanonicalJSON.encode(.object(members))
        try FileSystem.writeAtomically(path, bytes)
        return try SHA256.hash(bytes)
    }

    /// Finds the identity file for `name`; nil when there is none.
    public static func find(root: String, repositoryID: String, name: String) throws
        -> (userID: String, fields: JSONFields, digest: [UInt8])? {
        let login = try loginHash(repositoryID: repositoryID, name: name)
        let directory = (root as NSString).appendingPathComponent("identities")
        var found: (userID: String, fields: JSONFields, digest: [UInt8])?
        for file in try FileSystem.list(directory) where ULID.isValid(file, prefix: "usr") {
            let bytes = try FileSystem.read((directory as NSString).appendingPathComponent(file), limit: 64 * 1024)
            let fields: JSONFields
            do {
                fields = try JSONFields(bytes: bytes, magic: magic, what: "identities/\(file)")
            } catch let error as FormatError {
                // Readers refuse JSON that is not canonical (§1, §5.3); but a file that still
                // reads as this user's identity is theirs, damaged: say so, rather than letting
                // it pass for a wrong passphrase.
                if let lenient = try? JSONFields(bytes: bytes, magic: magic, what: "identities/\(file)", canonical: false),
                   (try? lenient.string("login")) == login {
                    throw EvidenceError(.data, "\(error.description): the identity file was altered. Run evidence verify; restore it from a backup.")
                }
                continue
            }
            // A file that names another user or repository was copied over this one: say so,
            // rather than letting it pass for a forgotten passphrase.
            guard (try? fields.string("user")) == file, (try? fields.string("repository")) == repositoryID else {
                throw EvidenceError(.data, "identities/\(file) belongs to another user or repository; the identity file was replaced. Run evidence verify.")
            }
            if (try? fields.string("login")) == login {
                guard found == nil else {
                    throw EvidenceError(.data, "Two identity files (identities/\(found?.userID ?? "?") and identities/\(file)) claim the same user; one was planted. Run evidence verify.")
                }
                found = (file, fields, try SHA256.hash(bytes))
            }
        }
        return found
    }

    /// Opens the keys; a wrong passphrase is `CryptoError.authenticationFailed`.
    public static func open(_ fields: JSONFields, repositoryID: String, userID: String,
                            passphrase: String) throws -> (sealing: X25519.PrivateKey, signing: Ed25519.PrivateKey) {
        let secret = try PassphraseBox.open(fields, passphrase: passphrase,
                                            context: context(repositoryID: repositoryID, userID: userID))
        guard secret.count == 64 else { throw FormatError("identities/\(userID) holds a secret of the wrong length") }
        return (try X25519.PrivateKey(secret: secret.slice(0..<32)), try Ed25519.PrivateKey(seed: secret.slice(32..<64)))
    }
}

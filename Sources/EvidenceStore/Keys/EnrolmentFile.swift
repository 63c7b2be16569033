import Foundation

/// `enrolments/<user id>`: what a new user needs to join, sealed under their one-time
/// enrolment code: the repository keyring (so they can sign checkpoints and read the
/// repository's private parts). Deleted once they enrol.
///
/// Canonical JSON {"@evidence":"enrolment","@version":1,"repository","user","login","kdf","sealed"};
/// the box's context is "evidence/v1/enrolment\0<repository id>\0<user id>".
public enum EnrolmentFile {
    public static let magic = "enrolment"

    static func context(repositoryID: String, userID: String) -> String {
        "evidence/v1/enrolment\u{0}\(repositoryID)\u{0}\(userID)"
    }

    public static func path(root: String, userID: String) -> String {
        (root as NSString).appendingPathComponent("enrolments/\(userID)")
    }

    public static func write(root: String, repositoryID: String, userID: String, name: String, code: String,
                             keyring: RepositoryKeyring, parameters: Scrypt.Parameters) throws {
        var members = try PassphraseBox.seal(keyring.serialised(), passphrase: code, parameters: parameters,
                                             context: context(repositoryID: repositoryID, userID: userID))
        members["@evidence"] = .string(magic)
        members["@version"] = 1
        members["repository"] = .string(repositoryID)
        members["user"] = .string(userID)
        members["login"] = .string(try IdentityFile.loginHash(repositoryID: repositoryID, name: name))
        let file = path(root: root, userID: userID)
        try FileSystem.createDirectories((file as NSString).deletingLastPathComponent)
        try FileSystem.writeAtomically(file, CanonicalJSON.encode(.object(members)))
    }

    /// The pending enrolment for `name`, opened with `code`; nil if none matches.
    public static func open(root: String, repositoryID: String, name: String,
                            code: String) throws -> (userID: String, keyring: RepositoryKeyring)? {
        let login = try IdentityFile.loginHash(repositoryID: repositoryID, name: name)
        let directory = (root as NSString).appendingPathComponent("enrolments")
        for file in try FileSystem.list(directory) where ULID.isValid(file, prefix: "usr") {
            let bytes = try FileSystem.read((directory as NSString).appendingPathComponent(file), limit: 64 * 1024)
            guard let fields = try? JSONFields(bytes: bytes, magic: magic, what: "enrolments/\(file)"),
                  (try? fields.string("login")) == login, (try? fields.string("user")) == file,
                  (try? fields.string("repository")) == repositoryID else { continue }
            do {
                let secret = try PassphraseBox.open(fields, passphrase: code,
                                                    context: context(repositoryID: repositoryID, userID: file))
                return (file, try RepositoryKeyring(serialised: secret))
            } catch CryptoError.authenticationFailed {
                return nil
            }
        }
        return nil
    }
}

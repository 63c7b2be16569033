import Foundation
import GRDB

/// A user as `evidence user list` shows them.
public struct UserSummary: Sendable {
    public let id: String
    public let name: String
    public let roles: [String]
    public let clearance: String?
    /// "active", "disabled", or "invited" (not yet enrolled).
    public let state: String
}

extension Session {
    /// `evidence user add`: an invitation recorded in the ledger and an enrolment sealed
    /// under a one-time code, which is returned (and shown once). The administrator never
    /// learns the passphrase the new user will choose.
    public func addUser(name: String, roles: [String], clearance: String, kdfCost: Int, reason: String?,
                        wait: Double) throws -> (userID: String, code: String) {
        guard IdentityFile.isValidName(name) else {
            throw EvidenceError(.usage, "User names are 1-64 lowercase letters, digits, '.', '-' or '_', starting with a letter.")
        }
        guard ["BPSS", "SC", "DV"].contains(clearance) else {
            throw EvidenceError(.usage, "--clearance must be BPSS, SC or DV.")
        }
        guard Scrypt.Parameters.logNRange.contains(kdfCost) else {
            throw EvidenceError(.usage, "--kdf-cost must be between \(Scrypt.Parameters.logNRange.lowerBound) and \(Scrypt.Parameters.logNRange.upperBound).")
        }
        try authorize(.manageUsers, .repository, reason: reason, wait: wait)
        let policy = try currentPolicy().policy
        let uniqueRoles = Array(Set(roles)).sorted()
        guard !uniqueRoles.isEmpty else { throw EvidenceError(.usage, "Give the new user at least one --role.") }
        for role in uniqueRoles where policy.role(role) == nil {
            throw EvidenceError(.usage, "\(role) is not a role of the policy in force (\(policy.roles.keys.sorted().joined(separator: ", "))).")
        }
        let transaction = try LedgerTransaction(session: self, wait: wait)
        do {
            if try userNamed(name) != nil {
                throw EvidenceError(.usage, "A user named \(name) already exists.")
            }
            let generation = view.logKeys.currentGeneration
            guard let keyring = try keys.keyring(generation: generation) else {
                throw EvidenceError(.data, "The repository keyring (generation \(generation)) cannot be opened with \(user.name)'s keys.")
            }
            let userID = try ULID.make(prefix: "usr")
            let code = try RepositoryInitializer.makeRecoveryCode()
            try EnrolmentFile.write(root: repository.path, repositoryID: repository.repositoryID, userID: userID, name: name,
                                    code: code, keyring: keyring, parameters: Scrypt.Parameters(logN: kdfCost))
            let rolesJSON: JSONValue = .array(uniqueRoles.map(JSONValue.string))
            var audit = auditBase(reason: reason)
            audit["name"] = .string(name)
            audit["roles"] = rolesJSON
            audit["clearance"] = .string(clearance)
            try transaction.append(EventDraft(type: EventType.userAdded, publicPart: ["user": .string(userID)],
                                              auditPart: audit,
                                              sealedPart: ["name": .string(name), "roles": rolesJSON,
                                                           "clearance": .string(clearance)]))
            try transaction.finish()
            return (userID, code)
        } catch {
            transaction.abandon()
            throw error
        }
    }

    /// `evidence user enrol`: the invited user opens their enrolment with the code, creates
    /// their key pairs under their own passphrase, and registers the public keys in the ledger.
    public static func enrol(repositoryPath: String, stateRoot: String, name: String, code: String, passphrase: String,
                             kdfCost: Int, wait: Double) throws -> Session {
        guard !passphrase.isEmpty else { throw EvidenceError(.usage, "The passphrase must not be empty.") }
        guard Scrypt.Parameters.logNRange.contains(kdfCost) else {
            throw EvidenceError(.usage, "--kdf-cost must be between \(Scrypt.Parameters.logNRange.lowerBound) and \(Scrypt.Parameters.logNRange.upperBound).")
        }
        let repository = try Repository(path: repositoryPath)
        let host = HostState(root: stateRoot, repositoryID: repository.repositoryID)
        let view = try repository.readLedgerView(host: host)
        let refused = EvidenceError(.denied, "That enrolment code does not open an enrolment for \(name).")
        guard IdentityFile.isValidName(name),
              let (userID, keyring) = try EnrolmentFile.open(root: repository.path, repositoryID: repository.repositoryID,
                                                              name: name, code: code.uppercased())
        else { throw refused }
        let sealing = try X25519.PrivateKey.generate()
        let signing = try Ed25519.PrivateKey.generate()
        try host.prepare()
        try FileSystem.createDirectories(host.userDirectory(userID))
        let catalog = try Catalog(path: host.catalogPath(userID: userID))
        let keys = SessionKeys(repositoryPath: repository.path, repositoryID: repository.repositoryID, userID: userID,
                               userKey: sealing)
        let session = Session(repository: repository, host: host,
                              user: SessionUser(id: userID, name: name, sealingKey: sealing, signingKey: signing),
                              keys: keys, catalog: catalog, view: view)
        // The enrolment holds the keyring of the log key in force when the invitation was made;
        // a rotation is refused while invitations are open, so it is the current one.
        let generation = view.logKeys.currentGeneration
        guard keyring.logKey.publicKey == view.logKeys.current.publicKey else {
            throw EvidenceError(.data, "This enrolment was made before the log key was rotated; ask an administrator to invite \(name) again.")
        }
        keys.remember(keyring, generation: generation)
        let transaction = try LedgerTransaction(session: session, wait: wait)
        do {
            let invitation = try catalog.database.read { db in
                try Row.fetchOne(db, sql: "SELECT name, roles, clearance FROM invitations WHERE user_id = ? AND enrolled_seq IS NULL",
                                 arguments: [userID])
            }
            guard let invitation, (invitation["name"] as String?) == name else { throw refused }
            // Keys first (they are meaningless until the ledger registers them), then the record.
            try IdentityFile.write(root: repository.path, repositoryID: repository.repositoryID, userID: userID, name: name,
                                   sealingKey: sealing, signingKey: signing, passphrase: passphrase,
                                   parameters: Scrypt.Parameters(logN: kdfCost))
            try KeyEnvelope.write(keyring.serialised(), root: repository.path, repositoryID: repository.repositoryID,
                                  purpose: .repositoryKeyring, subject: repository.repositoryID, generation: generation,
                                  holder: .user(userID), recipient: sealing.publicKey)
            let rolesText: String = invitation["roles"] ?? "[]"
            let roles = (try? JSONParser.parse(Array(rolesText.utf8))) ?? .array([])
            let clearance: String? = invitation["clearance"]
            var sealed: [String: JSONValue] = ["name": .string(name), "roles": roles]
            if let clearance { sealed["clearance"] = .string(clearance) }
            var audit = session.auditBase(reason: nil)
            audit["name"] = .string(name)
            audit["roles"] = roles
            try transaction.append(EventDraft(
                type: EventType.identityRegistered,
                publicPart: ["user": .string(userID), "sealingKey": .string(Base64.encode(sealing.publicKey)),
                             "signingKey": .string(Base64.encode(signing.publicKey)),
                             "keyringGeneration": .int(Int64(generation))],
                auditPart: audit, sealedPart: sealed))
            try transaction.finish()
        } catch {
            transaction.abandon()
            throw error
        }
        try? FileSystem.remove(EnrolmentFile.path(root: repository.path, userID: userID))
        try session.checkRegistration()
        try session.rememberHostState()
        return session
    }

    /// A registered user (or a pending invitation) by name.
    func userNamed(_ name: String) throws -> String? {
        try catalog.database.read { db in
            try String.fetchOne(db, sql: """
                SELECT id FROM users WHERE name = ? UNION SELECT user_id FROM invitations WHERE name = ? AND enrolled_seq IS NULL
                """, arguments: [name, name])
        }
    }

    /// A registered user's id and public sealing key by name; 66 when there is none.
    func registeredUser(_ name: String) throws -> (id: String, sealingKey: [UInt8]) {
        let row = try catalog.database.read { db in
            try Row.fetchOne(db, sql: "SELECT id, sealing_key FROM users WHERE name = ?", arguments: [name])
        }
        guard let row, let key = Base64.decode(row["sealing_key"] as String) else {
            throw EvidenceError(.noInput, "No user \(name) has enrolled in this repository.")
        }
        return (row["id"], key)
    }

    /// `evidence user list`: every user and pending invitation.
    public func listUsers() throws -> [UserSummary] {
        try catalog.database.read { db in
            func roles(_ text: String?) -> [String] {
                text.flatMap { try? JSONParser.parse(Array($0.utf8)).arrayValue }?.compactMap(\.stringValue) ?? []
            }
            var result: [UserSummary] = []
            for row in try Row.fetchAll(db, sql: "SELECT id, name, roles, clearance, disabled_seq FROM users ORDER BY registered_seq") {
                let disabled: Int64? = row["disabled_seq"]
                result.append(UserSummary(id: row["id"], name: (row["name"] as String?) ?? row["id"], roles: roles(row["roles"]),
                                          clearance: row["clearance"], state: disabled == nil ? "active" : "disabled"))
            }
            for row in try Row.fetchAll(db, sql: "SELECT user_id, name, roles, clearance FROM invitations WHERE enrolled_seq IS NULL ORDER BY added_seq") {
                result.append(UserSummary(id: row["user_id"], name: (row["name"] as String?) ?? row["user_id"],
                                          roles: roles(row["roles"]), clearance: row["clearance"], state: "invited"))
            }
            return result
        }
    }

    /// `evidence user disable`: the user can no longer act (the keys they hold are not
    /// destroyed: see docs/SECURITY.md on what disabling and revocation guarantee).
    public func disableUser(name: String, reason: String?, wait: Double) throws {
        try authorize(.manageUsers, .repository, reason: reason, wait: wait)
        let target = try registeredUser(name)
        guard target.id != user.id else { throw EvidenceError(.usage, "You cannot disable yourself.") }
        let transaction = try LedgerTransaction(session: self, wait: wait)
        do {
            var audit = auditBase(reason: reason)
            audit["name"] = .string(name)
            try transaction.append(EventDraft(type: EventType.userDisabled, publicPart: ["user": .string(target.id)],
                                              auditPart: audit))
            try transaction.finish()
        } catch {
            transaction.abandon()
            throw error
        }
    }
}

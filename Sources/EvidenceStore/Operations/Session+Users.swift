import Foundation

/// A user as `evidence user list` shows them.
public struct UserSummary: Sendable, Codable, Equatable {
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
            throw EvidenceError(.usage, field: .clearance, "\(name: .clearance) must be BPSS, SC or DV.")
        }
        if let policy = authority.policy?.policy, policy.clearances[clearance] == nil {
            throw EvidenceError(.usage, "\(clearance) is not a clearance of the policy in force.")
        }
        guard Scrypt.Parameters.logNRange.contains(kdfCost) else {
            throw EvidenceError(.usage, field: .kdfCost, "\(name: .kdfCost) must be between \(Scrypt.Parameters.logNRange.lowerBound) and \(Scrypt.Parameters.logNRange.upperBound).")
        }
        try authorize(.manageUsers, .repository, reason: reason, wait: wait)
        let policy = try currentPolicy().policy
        let uniqueRoles = Array(Set(roles)).sorted()
        guard !uniqueRoles.isEmpty else { throw EvidenceError(.usage, field: .role, "Give the new user at least one \(cli: "\(name: .role)", plain: "role").") }
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
            // Roles and clearance are public: key-less readers replay who may do what (§7.10).
            try transaction.append(UserAddedEvent(
                publicPart: .init(user: userID, roles: uniqueRoles, clearance: clearance),
                sealedPart: .init(name: name, roles: uniqueRoles, clearance: clearance),
                audit: audit(.init(name: name, roles: uniqueRoles, clearance: clearance), reason: reason)).draft())
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
            throw EvidenceError(.usage, field: .kdfCost, "\(name: .kdfCost) must be between \(Scrypt.Parameters.logNRange.lowerBound) and \(Scrypt.Parameters.logNRange.upperBound).")
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
            // The invitation as the ledger's valid entries describe it; the name (sealed) from the catalog.
            let invitation = try catalog.pendingInvitation(userID: userID)
            guard let invited = session.authority.users[userID], invited.invitedAt != nil, !invited.isRegistered,
                  let invitation, invitation.name == name else { throw refused }
            // Keys first (they are meaningless until the ledger registers them), then the record.
            let identityDigest = try IdentityFile.write(root: repository.path, repositoryID: repository.repositoryID,
                                                        userID: userID, name: name, sealingKey: sealing,
                                                        signingKey: signing, passphrase: passphrase,
                                                        parameters: Scrypt.Parameters(logN: kdfCost))
            try KeyEnvelope.write(keyring.serialised(), root: repository.path, repositoryID: repository.repositoryID,
                                  purpose: .repositoryKeyring, subject: repository.repositoryID, generation: generation,
                                  holder: .user(userID), recipient: sealing.publicKey)
            let roles = invited.roles
            try transaction.append(IdentityRegisteredEvent(
                publicPart: .init(user: userID, sealingKey: Base64.encode(sealing.publicKey),
                                  signingKey: Base64.encode(signing.publicKey), keyringGeneration: Int(generation),
                                  identity: Hex.encode(identityDigest)),
                sealedPart: .init(name: name, roles: roles, clearance: invited.clearance),
                audit: session.audit(.init(name: name, roles: roles), reason: nil)).draft())
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
        try catalog.userOrPendingInvitationID(named: name)
    }

    /// A registered user's id and public sealing key by name; 66 when there is none. The name
    /// is looked up in the catalog; the user and their key come from the ledger's valid entries.
    func registeredUser(_ name: String) throws -> (id: String, sealingKey: [UInt8]) {
        let ids = try catalog.userIDs(named: name)
        for id in ids {
            guard let registered = authority.users[id], registered.isRegistered, let key = registered.sealingKey,
                  registered.name == nil || registered.name == name else { continue }
            return (id, key)
        }
        throw EvidenceError(.noInput, "No user \(name) has enrolled in this repository.")
    }

    /// `evidence user list`: every user and pending invitation, as the ledger's valid entries
    /// describe them (names from the catalog).
    public func listUsers() throws -> [UserSummary] {
        let names = try catalog.namesOfUsersAndInvitations()
        // Registered users in the order they registered, then open invitations in theirs.
        func order(_ user: AuthorityState.User) -> (Int, UInt64) {
            user.registeredAt.map { (0, $0) } ?? (1, user.invitedAt ?? 0)
        }
        return authority.users.sorted { order($0.value) < order($1.value) }
            .map { id, user in
                UserSummary(id: id, name: user.name ?? names[id] ?? id, roles: user.roles, clearance: user.clearance,
                            state: !user.isRegistered ? "invited" : user.isDisabled ? "disabled" : "active")
            }
    }

    /// `evidence user disable`: the user can no longer act (the keys they hold are not
    /// destroyed: see docs/SECURITY.md on what disabling and revocation guarantee).
    public func disableUser(name: String, reason: String?, wait: Double) throws {
        try authorize(.manageUsers, .repository, reason: reason, wait: wait)
        let target = try registeredUser(name)
        guard target.id != user.id else { throw EvidenceError(.usage, "You cannot disable yourself.") }
        if let policy = authority.policy?.policy, authority.administrators(under: policy, excluding: target.id).isEmpty {
            throw EvidenceError(.usage, "\(name) is the last enabled user who may manage users and apply a policy; disabling them would freeze administration for ever.")
        }
        let transaction = try LedgerTransaction(session: self, wait: wait)
        do {
            try transaction.append(UserDisabledEvent(publicPart: .init(user: target.id),
                                                     audit: audit(.init(name: name), reason: reason)).draft())
            try transaction.finish()
        } catch {
            transaction.abandon()
            throw error
        }
    }
}

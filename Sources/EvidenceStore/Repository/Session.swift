import Foundation
import Logging

/// The signed-in user of one command.
public struct SessionUser: Sendable {
    public let id: String
    public let name: String
    public let sealingKey: X25519.PrivateKey
    public let signingKey: Ed25519.PrivateKey
}

/// One command's view of a repository: the checked ledger, the user's keys and the
/// catalog, caught up to the newest checkpoint.
public final class Session: @unchecked Sendable {
    public static let tool = "evidence/\(EvidenceVersion.current)"
    public let repository: Repository
    public let host: HostState
    public let user: SessionUser
    public let keys: SessionKeys
    public let catalog: Catalog
    public private(set) var view: LedgerView
    /// Who may do what, replayed from the ledger's valid entries up to `view` (never read
    /// from the catalog's tables, which are a cache for display and lookup).
    public internal(set) var authority = AuthorityState()
    /// Where `authority` came from, so that a catch-up can go on from it instead of decoding
    /// the catalog's snapshot again (Session+Snapshot.swift); nil until the first sync.
    var authorityOrigin: AuthorityOrigin?
    /// Set while a LedgerTransaction is open: its commits catch the catalog up without storing
    /// the authority snapshot each time (sealing it costs more than a catch-up), and
    /// the transaction stores it when it ends.
    var defersSnapshot = false
    /// Set by a long-lived process that opens many sessions (a server): their shareable
    /// transactions then share group commits (`CommitGroup`). Nil in the CLI.
    public var commitGroup: CommitGroup?
    /// Set by such a process for the sessions of one user: the newest authority state among
    /// them, so that each need not decode the stored snapshot after another's commit.
    public var authorityShare: AuthorityShare?
    /// Set by such a process for all its sessions: the newest checkpoint one of them checked.
    public var viewCache: LedgerViewCache?
    let logger = Logger(label: "evidence.session")

    init(repository: Repository, host: HostState, user: SessionUser, keys: SessionKeys, catalog: Catalog, view: LedgerView) {
        self.repository = repository
        self.host = host
        self.user = user
        self.keys = keys
        self.catalog = catalog
        self.view = view
        keys.setNewestKeyringGeneration(view.logKeys.currentGeneration)
    }

    /// Signs a user in: finds their identity by name, opens it with the passphrase,
    /// checks it against the keys the ledger registered, and catches the catalog up.
    /// A ledger rolled back from what this host saw fails (65) unless `acceptingRollback`
    /// (verify, which reports it as a problem).
    public static func open(repositoryPath: String, stateRoot: String, userName: String, passphrase: String,
                            acceptingRollback: Bool = false) throws -> Session {
        let unlocked = try unlock(repositoryPath: repositoryPath, userName: userName, passphrase: passphrase)
        return try open(repositoryPath: repositoryPath, stateRoot: stateRoot, unlocked: unlocked,
                        acceptingRollback: acceptingRollback)
    }

    /// Opens a user's identity file with their passphrase (the one scrypt derivation of a
    /// sign-in). A long-lived process keeps the result and opens sessions from it.
    public static func unlock(repositoryPath: String, userName: String, passphrase: String) throws -> UnlockedUser {
        let repository = try Repository(path: repositoryPath)
        let userID: String
        let identityDigest: [UInt8]
        let sealing: X25519.PrivateKey
        let signing: Ed25519.PrivateKey
        do {
            guard IdentityFile.isValidName(userName),
                  let found = try IdentityFile.find(root: repository.path, repositoryID: repository.repositoryID, name: userName)
            else {
                // Spend the time a real unlock would, so timing does not reveal which names exist.
                _ = try? Scrypt.derive(passphrase: PassphraseBox.normalise(passphrase), salt: [UInt8](repeating: 0, count: 16),
                                       parameters: Scrypt.Parameters(logN: 16))
                throw EvidenceError.badCredentials
            }
            userID = found.userID
            do {
                (sealing, signing) = try IdentityFile.open(found.fields, repositoryID: repository.repositoryID,
                                                           userID: userID, passphrase: passphrase)
                identityDigest = found.digest
            } catch CryptoError.authenticationFailed {
                // A passphrase change interrupted after its commit: the new file still waits.
                let pendingPath = (repository.path as NSString).appendingPathComponent(
                    IdentityFile.pendingRelativePath(userID: userID))
                guard let bytes = try FileSystem.readIfPresent(pendingPath, limit: 64 * 1024),
                      let fields = try? JSONFields(bytes: bytes, magic: IdentityFile.magic, what: "a pending identity"),
                      (try? fields.string("user")) == userID else { throw CryptoError.authenticationFailed }
                (sealing, signing) = try IdentityFile.open(fields, repositoryID: repository.repositoryID, userID: userID,
                                                           passphrase: passphrase)
                identityDigest = try SHA256.hash(bytes)
            }
        } catch CryptoError.authenticationFailed {
            throw EvidenceError.badCredentials
        } catch let error as FormatError {
            throw EvidenceError(.data, "The identity file of \(userName) is damaged: \(error.description).")
        }
        return UnlockedUser(repositoryID: repository.repositoryID, id: userID, name: userName, sealingKey: sealing,
                            signingKey: signing, identityDigest: identityDigest)
    }

    /// Opens a session for a user whose identity is already unlocked: no passphrase, no
    /// scrypt; every check of the sign-in but the passphrase's runs again (the ledger may
    /// have disabled the user or recorded a new identity file since).
    public static func open(repositoryPath: String, stateRoot: String, unlocked: UnlockedUser,
                            acceptingRollback: Bool = false) throws -> Session {
        let repository = try Repository(path: repositoryPath)
        guard repository.repositoryID == unlocked.repositoryID else {
            throw EvidenceError(.usage, "The signed-in user belongs to another repository.")
        }
        let host = HostState(root: stateRoot, repositoryID: repository.repositoryID)
        let view = try repository.readLedgerView(host: host, acceptingRollback: acceptingRollback)
        let userID = unlocked.id, userName = unlocked.name, identityDigest = unlocked.identityDigest
        let keys = SessionKeys(repositoryPath: repository.path, repositoryID: repository.repositoryID, userID: userID,
                               userKey: unlocked.sealingKey)
        try host.prepare()
        try FileSystem.createDirectories(host.userDirectory(userID))
        let catalog = try Catalog(path: host.catalogPath(userID: userID))
        let user = SessionUser(id: userID, name: userName, sealingKey: unlocked.sealingKey, signingKey: unlocked.signingKey)
        let session = Session(repository: repository, host: host, user: user, keys: keys, catalog: catalog, view: view)
        try session.wrapFormatErrors { try session.sync() }
        try session.checkRegistration()
        // After `passwd` the ledger names the new identity file: an older copy put back
        // (with the passphrase it was sealed under) no longer signs the user in.
        let recorded = session.authority.users[userID]?.identityDigest
        let settled = try IdentityFile.settlePending(root: repository.path, userID: userID, recorded: recorded)
        if let recorded, recorded != identityDigest, !settled {
            if (try? FileSystem.readIfPresent(repository.file(IdentityFile.relativePath(userID: userID)), limit: 64 * 1024))
                .flatMap({ $0 }).map({ (try? SHA256.hash($0)) == recorded }) == true {
                // Signed in with a passphrase change's file that the ledger never recorded.
                throw EvidenceError.badCredentials
            }
            throw EvidenceError(.data, "identities/\(userID) is not the identity file the ledger recorded for \(userName) (an older copy was put back after a passphrase change?); use your current passphrase's file, or ask an administrator.")
        }
        try session.rememberHostState()
        // A disabled user may do nothing at all, reading included.
        if let subject = try session.accessSubject(userID: userID), subject.disabled {
            let decision = AccessDecision(outcome: .denied, rule: "\(userName) is disabled", reasonRequired: false)
            session.recordDenial(action: .viewMetadata, requested: "sign in", decision: decision, wait: 0)
            throw EvidenceError(.denied, "\(userName) is disabled and may not use this repository.")
        }
        return session
    }

    /// The identity file must hold the private halves of the keys the ledger registered
    /// for this user; a replaced file (or a planted one) fails here.
    func checkRegistration() throws {
        guard let registered = authority.users[user.id], registered.isRegistered,
              let sealing = registered.sealingKey, let signing = registered.signingKey else {
            throw EvidenceError(.data, "identities/\(user.id) names a user the ledger never registered; the identity file may have been planted.")
        }
        guard sealing == user.sealingKey.publicKey, signing == user.signingKey.publicKey else {
            throw EvidenceError(.data, "The keys in identities/\(user.id) are not the ones the ledger registered for \(user.name); the identity file was replaced.")
        }
    }

    /// Trust on first use: the log key and the newest checkpoint this host has seen.
    func rememberHostState() throws {
        if try host.recordedLogKey() == nil { try host.recordLogKey(view.logKey.encoded) }
        if !view.rolledBack {
            try host.recordCheckpoint(view.signedCheckpoint)
            try host.recordLogKeys(view.logKeys, size: view.checkpoint.size)
        }
    }

    /// Re-reads the newest checkpoint (after another writer) and catches the catalog up.
    public func refresh() throws {
        try reloadView()
        try wrapFormatErrors { try sync() }
    }

    /// Reads the newest checkpoint and the keyring generation it names. A checkpoint that is
    /// byte for byte the one this session already checked, and that this host remembers as
    /// its newest, is not checked again (a server's session refreshes before every request;
    /// checking recomputes the tree's root from the tiles).
    /// In a server, a checkpoint another session of the process checked is reused the same way
    /// (`LedgerViewCache`).
    func reloadView() throws {
        if let current = try repository.ledger.readCheckpointBytes(), try host.newestCheckpoint() == current {
            if current == view.signedCheckpoint { return }
            if let checked = viewCache?.view(for: current) {
                view = checked
                keys.setNewestKeyringGeneration(view.logKeys.currentGeneration)
                return
            }
        }
        // A session opened on a rolled-back ledger (verify, which reports it) goes on accepting it.
        view = try repository.readLedgerView(host: host, acceptingRollback: view.rolledBack)
        viewCache?.remember(view)
        keys.setNewestKeyringGeneration(view.logKeys.currentGeneration)
    }

    /// Turns a stored-format problem into the one-sentence integrity error.
    func wrapFormatErrors<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as FormatError {
            throw EvidenceError(.data, "The repository failed an integrity check: \(error.description); run evidence verify.")
        } catch let error as LedgerError {
            throw EvidenceError(.data, "The ledger failed an integrity check: \(error.description); run evidence verify.")
        } catch let error as MerkleError {
            throw EvidenceError(.data, "The ledger failed an integrity check: \(error); run evidence verify.")
        }
    }

    /// Warnings to show the user (rolled-back ledger and the like).
    public var warnings: [String] { view.warnings }
}

public enum EvidenceVersion {
    public static let current = "0.3.0"
}

import Foundation

/// The keys an unlocked user holds, opened lazily from their envelopes and cached
/// for the life of one command.
public final class SessionKeys: KeyChain, @unchecked Sendable {
    let repositoryPath: String
    let repositoryID: String
    let holder: KeyEnvelope.Holder
    let privateKey: X25519.PrivateKey
    private let lock = NSLock()
    private var keyrings: [UInt32: RepositoryKeyring] = [:]
    private var cases: [String: CaseKeys] = [:]
    private var caseKeyrings: [String: CaseKeyring] = [:]
    private var audit: X25519.PrivateKey??
    private var newestKeyringGeneration: UInt32 = 1

    /// Keys of a user (opened with their X25519 key).
    init(repositoryPath: String, repositoryID: String, userID: String, userKey: X25519.PrivateKey) {
        self.repositoryPath = repositoryPath
        self.repositoryID = repositoryID
        holder = .user(userID)
        privateKey = userKey
    }

    /// Keys opened with the recovery key (break-glass and `init`).
    init(repositoryPath: String, repositoryID: String, recoveryKey: SecretBytes) throws {
        self.repositoryPath = repositoryPath
        self.repositoryID = repositoryID
        holder = .recovery
        privateKey = try KeyEnvelope.recoverySealingKey(recoveryKey)
    }

    private func open(_ purpose: KeyEnvelope.Purpose, subject: String, generation: UInt32) throws -> SecretBytes? {
        try KeyEnvelope.open(root: repositoryPath, repositoryID: repositoryID, purpose: purpose, subject: subject,
                             generation: generation, holder: holder, privateKey: privateKey)
    }

    public func keyring(generation: UInt32) throws -> RepositoryKeyring? {
        lock.lock()
        defer { lock.unlock() }
        if let cached = keyrings[generation] { return cached }
        // An envelope that does not open with this user's key (their identity file was
        // replaced) is treated as absent here; the sign-in's check against the keys the
        // ledger registered then names the identity file, which is where the fault is.
        guard let secret = try? open(.repositoryKeyring, subject: repositoryID, generation: generation) else { return nil }
        let keyring = try RepositoryKeyring(serialised: secret)
        keyrings[generation] = keyring
        return keyring
    }

    /// The keyring generation the newest log key rotation created (1 before any).
    func setNewestKeyringGeneration(_ generation: UInt32) {
        lock.lock()
        newestKeyringGeneration = max(1, generation)
        lock.unlock()
    }

    /// A log key rotation carries the repository key over unchanged, so a user enrolled
    /// after one (who holds only the newer keyring) opens older parts with it too.
    public func repositoryKey(generation: UInt32) throws -> SecretBytes? {
        if let key = try keyring(generation: generation)?.repositoryKey { return key }
        lock.lock()
        let newest = newestKeyringGeneration
        lock.unlock()
        for other in stride(from: newest, through: 1, by: -1) where other != generation {
            if let key = try keyring(generation: other)?.repositoryKey { return key }
        }
        return nil
    }

    /// The keys of a case generation this user holds: the case key and the classes sealed to them.
    public func caseKeyring(caseID: String, generation: UInt32) throws -> CaseKeyring? {
        let cacheKey = "\(caseID)/\(generation)"
        lock.lock()
        defer { lock.unlock() }
        if let cached = caseKeyrings[cacheKey] { return cached }
        // As for the keyring: an envelope that does not open with this user's key counts as
        // absent (the case is then invisible); verify reports it.
        guard let secret = try? open(.caseKey, subject: caseID, generation: generation) else { return nil }
        let keyring = try CaseKeyring(serialised: secret)
        caseKeyrings[cacheKey] = keyring
        return keyring
    }

    /// The derived keys of one class key (`keyID`: class << 24 | generation), if this user holds it.
    public func caseKeys(caseID: String, keyID: UInt32) throws -> CaseKeys? {
        guard let (keyClass, generation) = KeyClass.split(keyID: keyID) else { return nil }
        let cacheKey = "\(caseID)/\(keyID)"
        lock.lock()
        if let cached = cases[cacheKey] {
            lock.unlock()
            return cached
        }
        lock.unlock()
        guard let key = try caseKeyring(caseID: caseID, generation: generation)?.keys[keyClass] else { return nil }
        let keys = try CaseKeys(caseID: caseID, generation: generation, keyClass: keyClass, key: key)
        lock.lock()
        cases[cacheKey] = keys
        lock.unlock()
        return keys
    }

    /// The case key (class 0) of a generation, if this user holds the generation at all.
    public func caseKeys(caseID: String, generation: UInt32) throws -> CaseKeys? {
        try caseKeys(caseID: caseID, keyID: KeyClass.caseKey.keyID(generation: generation))
    }

    /// Remembers a keyring obtained another way (an enrolment), before its envelope exists.
    func remember(_ keyring: RepositoryKeyring, generation: UInt32) {
        lock.lock()
        keyrings[generation] = keyring
        lock.unlock()
    }

    /// Remembers a case keyring created in this command, before its envelope is read back.
    func remember(_ keyring: CaseKeyring, caseID: String, generation: UInt32) {
        lock.lock()
        caseKeyrings["\(caseID)/\(generation)"] = keyring
        lock.unlock()
    }

    public func auditKey() throws -> X25519.PrivateKey? {
        lock.lock()
        defer { lock.unlock() }
        if let cached = audit { return cached }
        let opened = try open(.auditKey, subject: repositoryID, generation: 1).map { try X25519.PrivateKey(secret: $0) }
        audit = .some(opened)
        return opened
    }
}

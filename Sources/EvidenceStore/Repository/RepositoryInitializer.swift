import Foundation

/// `evidence init`: creates a repository, its keys and its first user (an administrator).
public enum RepositoryInitializer {
    public struct Options {
        public var path: String
        public var stateRoot: String
        public var userName: String
        public var passphrase: String
        public var recoveryPassphrase: String?
        public var kdfCost: Int
        public var host: String
        public var chunkSize: Int

        public init(path: String, stateRoot: String, userName: String, passphrase: String, recoveryPassphrase: String?,
                    kdfCost: Int = 16, host: String, chunkSize: Int = ObjectFormat.defaultChunkSize) {
            self.path = path
            self.stateRoot = stateRoot
            self.userName = userName
            self.passphrase = passphrase
            self.recoveryPassphrase = recoveryPassphrase
            self.kdfCost = kdfCost
            self.host = host
            self.chunkSize = chunkSize
        }
    }

    public struct Result: Sendable {
        public let repositoryID: String
        public let userID: String
        public let verifierKey: String
        /// The generated recovery code, when no recovery passphrase was given: shown once.
        public let recoveryCode: String?
        public let checkpoint: [UInt8]
    }

    public static func run(_ options: Options) throws -> Result {
        guard Scrypt.Parameters.logNRange.contains(options.kdfCost) else {
            throw EvidenceError(.usage, field: .kdfCost, "\(name: .kdfCost) must be between \(Scrypt.Parameters.logNRange.lowerBound) and \(Scrypt.Parameters.logNRange.upperBound) (log2 of scrypt's N).")
        }
        guard ObjectFormat.chunkSizeRange.contains(options.chunkSize) else {
            throw EvidenceError(.usage, field: .chunkSize, "\(name: .chunkSize) must be between \(ObjectFormat.chunkSizeRange.lowerBound) and \(ObjectFormat.chunkSizeRange.upperBound) bytes.")
        }
        guard IdentityFile.isValidName(options.userName) else {
            throw EvidenceError(.usage, "User names are 1-64 lowercase letters, digits, '.', '-' or '_', starting with a letter.")
        }
        guard !options.passphrase.isEmpty else { throw EvidenceError(.usage, "The passphrase must not be empty.") }
        if let recovery = options.recoveryPassphrase, recovery.count < 12 {
            throw EvidenceError(.usage, "The recovery passphrase must be at least 12 characters long.")
        }
        let root = options.path
        if FileSystem.exists(root) {
            guard FileSystem.isDirectory(root) else { throw EvidenceError(.usage, "\(root) exists and is not a folder.") }
            guard try FileSystem.list(root).isEmpty else {
                throw EvidenceError(.usage, "\(root) is not empty; evidence init needs an empty or missing folder.")
            }
        }
        try FileSystem.createDirectories(root)
        let parameters = Scrypt.Parameters(logN: options.kdfCost)
        let now = Clock.now()
        let repositoryID = try ULID.make(prefix: "repo")
        let origin = "\(sanitisedHost(options.host))/evidence/\(repositoryID)"
        let config = RepositoryConfig(repositoryID: repositoryID, origin: origin, created: now, chunkSize: options.chunkSize)

        // Keys.
        let recoveryKey = try SecretBytes.random(count: 32)
        let recoveryCode = options.recoveryPassphrase == nil ? try makeRecoveryCode() : nil
        let slotID = try ULID.make(prefix: "slot")
        try RecoverySlot.write(root: root, repositoryID: repositoryID, slotID: slotID,
                               label: options.recoveryPassphrase == nil ? "recovery code" : "recovery passphrase",
                               recoveryKey: recoveryKey, passphrase: options.recoveryPassphrase ?? recoveryCode ?? "",
                               parameters: parameters, created: now)
        let keyring = try RepositoryKeyring.generate()
        let auditKey = try X25519.PrivateKey.generate()
        let userID = try ULID.make(prefix: "usr")
        let sealing = try X25519.PrivateKey.generate()
        let signing = try Ed25519.PrivateKey.generate()
        let identityDigest = try IdentityFile.write(root: root, repositoryID: repositoryID, userID: userID,
                                                    name: options.userName, sealingKey: sealing, signingKey: signing,
                                                    passphrase: options.passphrase, parameters: parameters)
        let recoveryPublicKey = try KeyEnvelope.recoverySealingKey(recoveryKey).publicKey
        let serialisedKeyring = keyring.serialised()
        for (holder, recipient) in [(KeyEnvelope.Holder.recovery, recoveryPublicKey), (.user(userID), sealing.publicKey)] {
            try KeyEnvelope.write(serialisedKeyring, root: root, repositoryID: repositoryID, purpose: .repositoryKeyring,
                                  subject: repositoryID, generation: 1, holder: holder, recipient: recipient)
        }
        try KeyEnvelope.write(auditKey.secret, root: root, repositoryID: repositoryID, purpose: .auditKey,
                              subject: repositoryID, generation: 1, holder: .recovery, recipient: recoveryPublicKey)

        // The ledger: the log announces itself, then the first user and the recovery slot.
        let verifierKey = try NoteVerifierKey(name: origin, ed25519PublicKey: keyring.logKey.publicKey)
        let store = LedgerStore(directory: (root as NSString).appendingPathComponent("ledger"))
        let writer = try LedgerWriter(store: store, checkpointSize: 0, checkpointRoot: try Merkle.emptyRoot())
        // No session exists yet to append these: the entries are made and sealed here.
        let announcement = try RepositoryCreatedEvent(
            publicPart: .init(repository: repositoryID, origin: origin, logKey: verifierKey.encoded,
                              auditKey: Base64.encode(auditKey.publicKey), recoveryKey: Base64.encode(recoveryPublicKey),
                              keyringGeneration: 1),
            audit: EventAudit(actorName: options.userName, reason: nil, facts: .init(host: options.host))).draft()
        var genesis = LedgerEntry(seq: 0, time: now, type: announcement.type, actor: userID, tool: Session.tool,
                                  publicPart: announcement.publicPart, signer: LedgerEntry.logSigner)
        genesis.audit = try EntryOpener.sealAudit(announcement.auditPart ?? [:], repositoryID: repositoryID, seq: 0,
                                                  auditPublicKey: auditKey.publicKey)
        genesis.signature = try keyring.logKey.sign(genesis.signingBytes())
        try writer.append(genesis.encoded())

        let firstUser = try IdentityRegisteredEvent(
            publicPart: .init(user: userID, sealingKey: Base64.encode(sealing.publicKey),
                              signingKey: Base64.encode(signing.publicKey), keyringGeneration: 1,
                              identity: Hex.encode(identityDigest)),
            sealedPart: .init(name: options.userName, roles: ["administrator"], clearance: "BPSS"),
            audit: EventAudit(actorName: options.userName, reason: nil,
                              facts: .init(name: options.userName, roles: ["administrator"]))).draft()
        var registration = LedgerEntry(seq: 1, time: now, type: firstUser.type, actor: userID, tool: Session.tool,
                                       publicPart: firstUser.publicPart, signer: userID)
        registration.sealed = try EntryOpener.seal(firstUser.sealedPart ?? [:], repositoryID: repositoryID, seq: 1,
                                                   name: "sealed", key: keyring.repositoryKey, generation: 1)
        registration.audit = try EntryOpener.sealAudit(firstUser.auditPart ?? [:], repositoryID: repositoryID, seq: 1,
                                                       auditPublicKey: auditKey.publicKey)
        registration.signature = try signing.sign(registration.signingBytes())
        try writer.append(registration.encoded())

        let slotLabel = options.recoveryPassphrase == nil ? "recovery code" : "recovery passphrase"
        let firstSlot = try RecoverySlotAddedEvent(
            publicPart: .init(slot: slotID), sealedPart: .init(label: slotLabel),
            audit: EventAudit(actorName: options.userName, reason: nil, facts: .init(label: slotLabel))).draft()
        var slotEntry = LedgerEntry(seq: 2, time: now, type: firstSlot.type, actor: userID, tool: Session.tool,
                                    publicPart: firstSlot.publicPart, signer: userID)
        slotEntry.sealed = try EntryOpener.seal(firstSlot.sealedPart ?? [:], repositoryID: repositoryID, seq: 2,
                                                name: "sealed", key: keyring.repositoryKey, generation: 1)
        slotEntry.audit = try EntryOpener.sealAudit(firstSlot.auditPart ?? [:], repositoryID: repositoryID, seq: 2,
                                                    auditPublicKey: auditKey.publicKey)
        slotEntry.signature = try signing.sign(slotEntry.signingBytes())
        try writer.append(slotEntry.encoded())

        // The policy in force from the start: the default, recorded whole.
        let policyText = Policy.defaultText + "\n"
        let policyHash = Hex.encode(try SHA256.hash(Array(policyText.utf8)))
        let firstPolicy = try PolicyAppliedEvent(
            publicPart: .init(hash: policyHash, version: 1, text: policyText),
            audit: EventAudit(actorName: options.userName, reason: nil, facts: .init(hash: policyHash))).draft()
        var policyEntry = LedgerEntry(seq: 3, time: now, type: firstPolicy.type, actor: userID, tool: Session.tool,
                                      publicPart: firstPolicy.publicPart, signer: userID)
        policyEntry.audit = try EntryOpener.sealAudit(firstPolicy.auditPart ?? [:], repositoryID: repositoryID, seq: 3,
                                                      auditPublicKey: auditKey.publicKey)
        policyEntry.signature = try signing.sign(policyEntry.signingBytes())
        try writer.append(policyEntry.encoded())

        let committed = try writer.commit(origin: origin, signer: try NoteSigner(name: origin, key: keyring.logKey))
        // The config goes last: a folder without it is not (yet) a repository.
        try FileSystem.writeAtomically((root as NSString).appendingPathComponent("config"), config.encoded())
        try FileSystem.createDirectories((root as NSString).appendingPathComponent("objects"))
        try FileSystem.createDirectories((root as NSString).appendingPathComponent("locks"))

        // This host trusts what it just created.
        let host = HostState(root: options.stateRoot, repositoryID: repositoryID)
        try host.recordLogKey(verifierKey.encoded)
        try host.recordCheckpoint(committed.signed)
        return Result(repositoryID: repositoryID, userID: userID, verifierKey: verifierKey.encoded,
                      recoveryCode: recoveryCode, checkpoint: committed.signed)
    }

    /// A recovery code: 32 Crockford base32 characters (160 bits) in groups of four.
    static func makeRecoveryCode() throws -> String {
        let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
        let bytes = try SecureRandom.bytes(32)
        let characters = bytes.map { alphabet[Int($0 & 0x1F)] }
        return stride(from: 0, to: 32, by: 4).map { String(characters[$0..<($0 + 4)]) }.joined(separator: "-")
    }

    /// Host names go into the checkpoint origin, which may hold neither spaces nor '+'.
    static func sanitisedHost(_ host: String) -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789.-_")
        let cleaned = String(host.lowercased().filter { allowed.contains($0) })
        return cleaned.isEmpty ? "localhost" : cleaned
    }
}

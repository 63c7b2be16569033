// A hostile insider's own code, for the attack tests (CLIAuthorityAttackTests): entries built
// and signed with keys of the attacker's choosing, appended and checkpointed with the project's
// own ledger code and the log key from the attacker's keyring envelope, and none of evidence's
// checks. Whatever such code writes, every reader must judge it from the ledger alone.

@testable import EvidenceStore
import Foundation
import Testing

/// One batch of forged entries, committed under one checkpoint signed with the real log key.
struct Forger {
    let session: Session
    fileprivate let writer: LedgerWriter
    fileprivate var lastTime: Timestamp?
    private(set) var appended: [LedgerEntry] = []

    var repositoryID: String { session.repository.repositoryID }
    var me: String { session.user.id }
    var nextSeq: UInt64 { writer.size }

    /// Appends an entry claiming `actor` (default: the attacker), signed by `key` (default:
    /// the attacker's own registered key). Sealed parts are sealed under the case's part key
    /// when the attacker holds it, else under the repository key; the audit part to the audit key.
    @discardableResult
    mutating func append(_ type: String, actor: String? = nil, key: Ed25519.PrivateKey? = nil,
                         caseID: String? = nil, itemID: String? = nil, object: LedgerEntry.ObjectRef? = nil,
                         commitment: [UInt8]? = nil, publicPart: [String: JSONValue]? = nil,
                         sealedPart: [String: JSONValue]? = nil) throws -> LedgerEntry {
        let seq = writer.size
        let time = try LedgerTransaction.entryTime(after: lastTime, seq: seq)
        let actorID = actor ?? me
        var entry = LedgerEntry(seq: seq, time: time, type: type, actor: actorID, caseID: caseID, itemID: itemID,
                                object: object, commitment: commitment, tool: "forger/1", publicPart: publicPart,
                                signer: actorID)
        if let sealedPart {
            if let caseID, let generation = session.authority.cases[caseID]?.keyGeneration,
               let keys = try session.keys.caseKeys(caseID: caseID, generation: UInt32(generation)) {
                entry.sealed = try EntryOpener.seal(sealedPart, repositoryID: repositoryID, seq: seq, name: "sealed",
                                                    key: keys.partKey, generation: UInt32(generation))
            } else {
                let key = try #require(try session.keys.repositoryKey(generation: 1))
                entry.sealed = try EntryOpener.seal(sealedPart, repositoryID: repositoryID, seq: seq, name: "sealed",
                                                    key: key, generation: 1)
            }
        }
        entry.audit = try EntryOpener.sealAudit(["actorName": "forged"], repositoryID: repositoryID, seq: seq,
                                                auditPublicKey: session.view.auditPublicKey)
        entry.signature = try (key ?? session.user.signingKey).sign(entry.signingBytes())
        try writer.append(entry.encoded())
        lastTime = time
        appended.append(entry)
        return entry
    }
}

extension CLITestbed {
    /// Signs in as `name` from the attacker's own state folder (their own machine), takes the
    /// writer lock as any writer does, lets `build` append entries, and commits them under a
    /// checkpoint signed with the log key the attacker's keyring envelope holds.
    @discardableResult
    func forge(as name: String, _ build: (inout Forger) throws -> Void) throws -> [LedgerEntry] {
        let session = try Session.open(repositoryPath: repo, stateRoot: path("attacker-state-\(name)"),
                                       userName: name, passphrase: passphrase)
        let lock = try WriterLock(repositoryPath: repo, wait: 30)
        defer { lock.release() }
        try session.refresh()
        let view = session.view
        let writer = try LedgerWriter(store: session.repository.ledger, checkpointSize: view.checkpoint.size,
                                      checkpointRoot: view.checkpoint.rootHash)
        let last = try writer.lastEntry().map { try LedgerEntry.decode($0, index: writer.size - 1).time }
        var forger = Forger(session: session, writer: writer, lastTime: last)
        try build(&forger)
        let keyring = try #require(try session.keys.keyring(generation: view.logKeys.currentGeneration))
        let origin = session.repository.config.origin
        _ = try writer.commit(origin: origin, signer: try NoteSigner(name: origin, key: keyring.logKey))
        return forger.appended
    }

    /// The policy text of `Policies/default.yaml` as the repository applied it, edited by `edit`.
    func forgedPolicy(_ edit: (String) -> String) throws -> (text: String, hash: String) {
        let text = edit(Policy.defaultText + "\n")
        return (text, Hex.encode(try SHA256.hash(Array(text.utf8))))
    }
}

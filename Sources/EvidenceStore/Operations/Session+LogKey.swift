import Foundation
import GRDB

extension Session {
    /// `evidence key rotate-log`: a new log signing key, announced by a `log-key.rotated`
    /// entry that the current log key signs; the checkpoint committing it, and every later
    /// one, is signed with the new key. The new key travels in a new keyring generation
    /// (with the repository key unchanged), sealed to recovery and every active user; a
    /// disabled user holds only the old generation, so can no longer sign checkpoints.
    public func rotateLogKey(reason: String?, wait: Double) throws -> (previous: NoteVerifierKey, next: NoteVerifierKey, seq: UInt64) {
        try authorize(.manageUsers, .repository, reason: reason, wait: wait)
        let transaction = try LedgerTransaction(session: self, wait: wait)
        do {
            let pending = try catalog.database.read { db in
                try String.fetchAll(db, sql: "SELECT COALESCE(name, user_id) FROM invitations WHERE enrolled_seq IS NULL ORDER BY added_seq")
            }
            guard pending.isEmpty else {
                throw EvidenceError(.usage, "Users are still invited and not enrolled (\(pending.joined(separator: ", "))): their enrolments hold the current log key, so let them enrol before rotating it.")
            }
            let chain = view.logKeys
            let generation = chain.currentGeneration + 1
            guard let keyring = try keys.keyring(generation: chain.currentGeneration) else {
                throw EvidenceError(.data, "The repository keyring (generation \(chain.currentGeneration)) cannot be opened with \(user.name)'s keys.")
            }
            let current = try transaction.logKey()
            let next = RepositoryKeyring(logKey: try .generate(), repositoryKey: keyring.repositoryKey)
            let nextKey = try NoteVerifierKey(name: repository.config.origin, ed25519PublicKey: next.logKey.publicKey)
            let holders = try catalog.database.read { db in
                try Row.fetchAll(db, sql: """
                    SELECT id, sealing_key FROM users WHERE disabled_seq IS NULL ORDER BY registered_seq
                    """)
            }
            // Envelopes first (meaningless until the entry is committed), then the entry.
            var holderIDs = ["recovery"]
            try KeyEnvelope.write(next.serialised(), root: repository.path, repositoryID: repository.repositoryID,
                                  purpose: .repositoryKeyring, subject: repository.repositoryID, generation: generation,
                                  holder: .recovery, recipient: view.recoveryPublicKey)
            for row in holders {
                let id: String = row["id"]
                guard let recipient = Base64.decode(row["sealing_key"] as String) else {
                    throw EvidenceError(.data, "The ledger registers an unusable sealing key for \(id); run evidence verify.")
                }
                try KeyEnvelope.write(next.serialised(), root: repository.path, repositoryID: repository.repositoryID,
                                      purpose: .repositoryKeyring, subject: repository.repositoryID, generation: generation,
                                      holder: .user(id), recipient: recipient)
                holderIDs.append(id)
            }
            keys.remember(next, generation: generation)
            keys.setNewestKeyringGeneration(generation)
            try transaction.appendRotation(EventDraft(
                type: EventType.logKeyRotated,
                publicPart: ["logKey": .string(nextKey.encoded), "previousLogKey": .string(chain.current.encoded),
                             "keyringGeneration": .int(Int64(generation)),
                             "keyHolders": .array(holderIDs.sorted().map(JSONValue.string))],
                auditPart: auditBase(reason: reason)), current: current, next: next.logKey)
            let seq = transaction.nextSequence - 1
            try transaction.finish()
            logger.info("log key rotated", metadata: ["generation": "\(generation)", "keyID": "\(nextKey.identity)"])
            return (chain.current, nextKey, seq)
        } catch {
            transaction.abandon()
            throw error
        }
    }
}

import Foundation

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
            let pending = authority.users.filter { $0.value.invitedAt != nil && !$0.value.isRegistered }
                .sorted { ($0.value.invitedAt ?? 0) < ($1.value.invitedAt ?? 0) }.map { $0.value.name ?? $0.key }
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
            // The users the ledger's valid entries registered and did not disable.
            let holders = authority.users.filter { $0.value.isRegistered && !$0.value.isDisabled }
                .sorted { ($0.value.registeredAt ?? 0) < ($1.value.registeredAt ?? 0) }
            // Envelopes first (meaningless until the entry is committed), then the entry.
            var holderIDs = ["recovery"]
            try KeyEnvelope.write(next.serialised(), root: repository.path, repositoryID: repository.repositoryID,
                                  purpose: .repositoryKeyring, subject: repository.repositoryID, generation: generation,
                                  holder: .recovery, recipient: view.recoveryPublicKey)
            for (id, holder) in holders {
                guard let recipient = holder.sealingKey else {
                    throw EvidenceError(.data, "The ledger registers an unusable sealing key for \(id); run evidence verify.")
                }
                try KeyEnvelope.write(next.serialised(), root: repository.path, repositoryID: repository.repositoryID,
                                      purpose: .repositoryKeyring, subject: repository.repositoryID, generation: generation,
                                      holder: .user(id), recipient: recipient)
                holderIDs.append(id)
            }
            keys.remember(next, generation: generation)
            keys.setNewestKeyringGeneration(generation)
            try transaction.appendRotation(LogKeyRotatedEvent(
                publicPart: .init(logKey: nextKey.encoded, previousLogKey: chain.current.encoded,
                                  keyringGeneration: Int(generation), keyHolders: holderIDs.sorted(), actorSignature: nil),
                audit: audit(reason: reason)).draft(), current: current, next: next.logKey)
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

import Foundation

extension Session {
    /// `evidence rebuild`: deletes the catalog's rows and projects the whole ledger again.
    public func rebuild() throws -> UInt64 {
        try wrapFormatErrors {
            try catalog.clear()
            try sync()
        }
        return view.checkpoint.size
    }

    /// `evidence log`: entries in order (of one item when given), with the parts this user
    /// could open. Entries about cases or items the user may not see are left out, except for
    /// an auditor, who sees every entry's readable part (and the audit parts, with the audit
    /// key) but, being no member, never a case's sealed part.
    public func log(itemID: String?, wait: Double = 0) throws -> [EntryRecord] {
        var entries: [EntryRecord] = []
        try forEachLogEntry(itemID: itemID, wait: wait) { entries.append($0) }
        return entries
    }

    /// `evidence passwd`: re-seals the user's keys under a new passphrase.
    public func changePassphrase(to newPassphrase: String, kdfCost: Int?, reason: String?, wait: Double) throws {
        guard !newPassphrase.isEmpty else { throw EvidenceError(.usage, "The new passphrase must not be empty.") }
        let transaction = try LedgerTransaction(session: self, wait: wait)
        do {
            let path = repository.file(IdentityFile.relativePath(userID: user.id))
            let current = try JSONFields(bytes: try FileSystem.read(path, limit: 64 * 1024), magic: IdentityFile.magic,
                                         what: "identities/\(user.id)")
            var parameters = try PassphraseBox.parameters(of: current)
            if let kdfCost {
                guard Scrypt.Parameters.logNRange.contains(kdfCost) else {
                    throw EvidenceError(.usage, field: .kdfCost, "\(name: .kdfCost) must be between \(Scrypt.Parameters.logNRange.lowerBound) and \(Scrypt.Parameters.logNRange.upperBound).")
                }
                parameters = Scrypt.Parameters(logN: kdfCost)
            }
            // The new file waits under a temporary name until the ledger names it, so that the
            // file in place always matches what the ledger records: a failed commit leaves the
            // old passphrase working, a crash after it is finished by the next sign-in.
            let digest = try IdentityFile.write(root: repository.path, repositoryID: repository.repositoryID,
                                                userID: user.id, name: user.name, sealingKey: user.sealingKey,
                                                signingKey: user.signingKey, passphrase: newPassphrase,
                                                parameters: parameters, pending: true)
            // The ledger names the new file, so that a copy of the old one no longer signs in.
            try transaction.append(PassphraseChangedEvent(publicPart: .init(user: user.id, identity: Hex.encode(digest)),
                                                          audit: audit(reason: reason)).draft())
            try transaction.commit()
            try IdentityFile.settlePending(root: repository.path, userID: user.id, recorded: digest)
            try transaction.finish()
        } catch {
            transaction.abandon()
            // Renamed into place if the ledger records it after all, removed if it does not
            // (the next sign-in would do the same).
            try? IdentityFile.settlePending(root: repository.path, userID: user.id,
                                            recorded: authority.users[user.id]?.identityDigest)
            throw error
        }
    }

    /// Opens the recovery key with one of its passphrases; 77 when none matches.
    public func unlockRecoveryKey(passphrase: String) throws -> (SecretBytes, RecoverySlot) {
        guard let unlocked = try RecoverySlot.unlock(root: repository.path, repositoryID: repository.repositoryID,
                                                      passphrase: passphrase) else {
            throw EvidenceError(.denied, "That recovery passphrase opens none of the recovery key's slots.")
        }
        // The slot must hold the key whose public half the ledger recorded.
        guard try KeyEnvelope.recoverySealingKey(unlocked.0).publicKey == view.recoveryPublicKey else {
            throw EvidenceError(.data, "Recovery slot \(unlocked.1.slotID) holds a key the ledger never recorded; the slot was tampered with.")
        }
        return unlocked
    }

    /// `evidence key list`: the recovery key's slots.
    public func recoverySlots(wait: Double = 0) throws -> [RecoverySlot] {
        try authorize(.manageUsers, .repository, reason: nil, wait: wait)
        return try RecoverySlot.list(root: repository.path, repositoryID: repository.repositoryID).map(\.slot)
    }

    /// `evidence key add`: a new slot for the recovery key, opened with an existing passphrase.
    public func addRecoverySlot(existingPassphrase: String, newPassphrase: String, label: String, kdfCost: Int,
                                reason: String?, wait: Double) throws -> RecoverySlot {
        guard newPassphrase.count >= 12 else {
            throw EvidenceError(.usage, "A recovery passphrase must be at least 12 characters long.")
        }
        guard Scrypt.Parameters.logNRange.contains(kdfCost) else { throw EvidenceError(.usage, field: .kdfCost, "\(name: .kdfCost) must be between \(Scrypt.Parameters.logNRange.lowerBound) and \(Scrypt.Parameters.logNRange.upperBound).") }
        try Self.validateText(label, field: .label, limit: 200)
        try authorize(.manageUsers, .repository, reason: reason, wait: wait)
        let (recoveryKey, _) = try unlockRecoveryKey(passphrase: existingPassphrase)
        let transaction = try LedgerTransaction(session: self, wait: wait)
        do {
            let slotID = try ULID.make(prefix: "slot")
            let now = Timestamp.now()
            try RecoverySlot.write(root: repository.path, repositoryID: repository.repositoryID, slotID: slotID,
                                   label: label, recoveryKey: recoveryKey, passphrase: newPassphrase,
                                   parameters: Scrypt.Parameters(logN: kdfCost), created: now)
            try transaction.append(RecoverySlotAddedEvent(publicPart: .init(slot: slotID), sealedPart: .init(label: label),
                                                          audit: audit(.init(label: label), reason: reason)).draft())
            try transaction.finish()
            return RecoverySlot(slotID: slotID, label: label, created: now, parameters: Scrypt.Parameters(logN: kdfCost))
        } catch {
            transaction.abandon()
            throw error
        }
    }

    /// `evidence key remove`: deletes a slot; the last one can never go.
    public func removeRecoverySlot(_ slotID: String, reason: String?, wait: Double) throws {
        try authorize(.manageUsers, .repository, reason: reason, wait: wait)
        let transaction = try LedgerTransaction(session: self, wait: wait)
        do {
            let slots = try RecoverySlot.list(root: repository.path, repositoryID: repository.repositoryID).map(\.slot)
            guard slots.contains(where: { $0.slotID == slotID }) else {
                throw EvidenceError(.noInput, "No recovery key slot \(slotID) exists.")
            }
            guard slots.count > 1 else {
                throw EvidenceError(.usage, "Slot \(slotID) is the recovery key's last slot; add another before removing it.")
            }
            try transaction.append(RecoverySlotRemovedEvent(publicPart: .init(slot: slotID),
                                                            audit: audit(reason: reason)).draft())
            // Record first, then remove: a crash in between leaves a slot the ledger says is gone,
            // which `key list` shows and `key remove` finishes.
            try transaction.commit()
            try FileSystem.remove((RecoverySlot.directory(root: repository.path) as NSString).appendingPathComponent(slotID))
            try FileSystem.syncDirectory(RecoverySlot.directory(root: repository.path))
            try transaction.finish()
        } catch {
            transaction.abandon()
            throw error
        }
    }
}

import EvidenceStore

extension EvidenceService {
    /// Changes the user's passphrase (`evidence passwd`). The sign-in ends: the ledger now
    /// names the new identity file, and the user signs in again with the new passphrase.
    public func changePassphrase(_ context: UserContext, to newPassphrase: String, kdfCost: Int? = nil,
                                 reason: String? = nil, wait: Double = 0) async throws {
        try await perform(context, writes: true) { session in
            try session.changePassphrase(to: newPassphrase, kdfCost: kdfCost, reason: reason, wait: wait)
        }
        signOut(context)
    }

    /// The repository's recovery key slots (`evidence key list`).
    public func recoverySlots(_ context: UserContext, wait: Double = 0) async throws -> [RecoverySlotInfo] {
        try await perform(context) { session in try session.recoverySlots(wait: wait).map(RecoverySlotInfo.init) }
    }

    /// Adds a recovery key slot, opened by an existing recovery passphrase (or code).
    public func addRecoverySlot(_ context: UserContext, existingPassphrase: String, newPassphrase: String, label: String,
                                kdfCost: Int, reason: String? = nil, wait: Double = 0) async throws -> RecoverySlotInfo {
        try await perform(context, writes: true) { session in
            RecoverySlotInfo(try session.addRecoverySlot(existingPassphrase: existingPassphrase, newPassphrase: newPassphrase,
                                                         label: label, kdfCost: kdfCost, reason: reason, wait: wait))
        }
    }

    public func removeRecoverySlot(_ context: UserContext, slotID: String, reason: String? = nil, wait: Double = 0) async throws {
        try await perform(context, writes: true) { session in try session.removeRecoverySlot(slotID, reason: reason, wait: wait) }
    }

    /// Rotates the log signing key (`evidence key rotate-log`): the new key is announced in
    /// an entry signed by the old one.
    public func rotateLogKey(_ context: UserContext, reason: String? = nil, wait: Double = 0) async throws -> LogKeyRotation {
        try await perform(context, writes: true) { session in
            let rotated = try session.rotateLogKey(reason: reason, wait: wait)
            return LogKeyRotation(previousVerifierKey: rotated.previous.encoded, verifierKey: rotated.next.encoded,
                                  seq: rotated.seq)
        }
    }

    /// An item's custody report (`evidence custody report`): a self-contained HTML page with
    /// every ledger entry about the item, each proven against the signed checkpoint it shows.
    public func custodyReport(_ context: UserContext, itemID: String, wait: Double = 0) async throws -> CustodyReportDocument {
        try await perform(context) { session in
            let report = try session.custodyReport(itemID: itemID, wait: wait)
            return CustodyReportDocument(itemID: report.item.id, events: report.events.count, treeSize: report.checkpoint.size,
                                         html: CustodyReportHTML.render(report))
        }
    }
}

/// A recovery key slot as listed (its secret never leaves the slot file).
public struct RecoverySlotInfo: Sendable, Codable, Equatable {
    public var slotID: String
    public var label: String
    public var created: String
    /// scrypt's cost, as log2 N.
    public var kdfCost: Int

    init(_ slot: RecoverySlot) {
        slotID = slot.slotID
        label = slot.label
        created = slot.created.description
        kdfCost = Int(slot.parameters.logN)
    }
}

/// A log key rotation recorded: the ledger entry, and the verifier keys before and after.
public struct LogKeyRotation: Sendable, Codable, Equatable {
    public var previousVerifierKey: String
    public var verifierKey: String
    public var seq: UInt64
}

/// A rendered custody report and what it covers.
public struct CustodyReportDocument: Sendable, Codable, Equatable {
    public var itemID: String
    public var events: Int
    public var treeSize: UInt64
    public var html: String
}

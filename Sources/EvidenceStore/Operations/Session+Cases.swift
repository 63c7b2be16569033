import Foundation
import GRDB

/// Security classifications of the Government Security Classifications policy.
public enum Classification: String, CaseIterable, Sendable {
    case official = "OFFICIAL"
    case officialSensitive = "OFFICIAL-SENSITIVE"
    case secret = "SECRET"
}

extension Session {
    /// Case references are typed by people and printed on schedules: 1-64 visible characters.
    static func validateReference(_ reference: String) throws {
        let scalars = reference.unicodeScalars
        guard (1...64).contains(scalars.count),
              !scalars.contains(where: { $0.properties.generalCategory == .control }),
              reference.trimmingCharacters(in: .whitespaces) == reference
        else { throw EvidenceError(.usage, "A case reference is 1-64 characters without control characters or surrounding spaces.") }
    }

    /// `evidence case create`: a random case key, sealed to the recovery key and to the creator.
    public func createCase(reference: String, title: String, classification: Classification, reason: String?,
                           wait: Double) throws -> CaseRecord {
        try Self.validateReference(reference)
        guard !title.isEmpty, title.count <= 500 else { throw EvidenceError(.usage, "A case title is 1-500 characters.") }
        let transaction = try LedgerTransaction(session: self, wait: wait)
        do {
            if try findCaseIfVisible(reference) != nil {
                throw EvidenceError(.usage, "A case with reference \(reference) already exists.")
            }
            let caseID = try ULID.make(prefix: "case")
            let caseKey = try SecretBytes.random(count: 32)
            for (holder, recipient) in [(KeyEnvelope.Holder.recovery, view.recoveryPublicKey),
                                        (.user(user.id), user.sealingKey.publicKey)] {
                try KeyEnvelope.write(caseKey, root: repository.path, repositoryID: repository.repositoryID,
                                      purpose: .caseKey, subject: caseID, generation: 1, holder: holder, recipient: recipient)
            }
            keys.remember(try CaseKeys(caseID: caseID, generation: 1, caseKey: caseKey))
            var audit = auditBase(reason: reason)
            audit["reference"] = .string(reference)
            audit["recipients"] = .array([.string(user.id)])
            try transaction.append(EventDraft(
                type: EventType.caseCreated, caseID: caseID,
                publicPart: ["keyGeneration": 1, "keyHolders": ["recovery", .string(user.id)]],
                auditPart: audit,
                sealedPart: ["reference": .string(reference), "title": .string(title),
                             "classification": .string(classification.rawValue)]))
            try transaction.finish()
            guard let record = try findCaseIfVisible(caseID) else { throw EvidenceError.noSuchCase(reference) }
            return record
        } catch {
            transaction.abandon()
            throw error
        }
    }

    /// Cases whose sealed parts this user can open.
    public func listCases() throws -> [CaseRecord] {
        try catalog.database.read { db in
            try CaseRecord.fetchAll(db, sql: "SELECT * FROM cases WHERE reference IS NOT NULL ORDER BY created_seq")
        }.filter { (try? canOpen(caseID: $0.id, generation: UInt32(clamping: $0.keyGeneration))) == true }
    }

    func canOpen(caseID: String, generation: UInt32) throws -> Bool {
        try keys.caseKeys(caseID: caseID, generation: generation) != nil
    }

    /// A case by id or reference, if it exists and this user holds its key.
    public func findCaseIfVisible(_ referenceOrID: String) throws -> CaseRecord? {
        let candidates = try catalog.database.read { db in
            try CaseRecord.fetchAll(db, sql: "SELECT * FROM cases WHERE id = ? OR reference = ? ORDER BY created_seq",
                                    arguments: [referenceOrID, referenceOrID])
        }
        return try candidates.first { try canOpen(caseID: $0.id, generation: UInt32(clamping: $0.keyGeneration)) }
    }

    /// The same, or the one sentence for "no such case" (66) whether it is missing or hidden.
    public func findCase(_ referenceOrID: String) throws -> CaseRecord {
        guard let found = try findCaseIfVisible(referenceOrID) else { throw EvidenceError.noSuchCase(referenceOrID) }
        return found
    }
}

import Foundation

/// Security classifications of the Government Security Classifications policy.
public enum Classification: String, CaseIterable, Sendable, Codable {
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

    /// `evidence case create`: a random case key, sealed to the recovery key and to the
    /// creator, who becomes a member in the case role that let them create it.
    public func createCase(reference: String, title: String, classification: Classification, reason: String?,
                           wait: Double) throws -> CaseRecord {
        try Self.validateReference(reference)
        guard !title.isEmpty, title.count <= 500 else { throw EvidenceError(.usage, "A case title is 1-500 characters.") }
        try authorize(.createCase, .repository, reason: reason, wait: wait)
        let policy = try currentPolicy().policy
        let me = try subject()
        // The creator joins in the broadest of their case roles that may create cases.
        let candidates = me.roles.sorted().filter {
            policy.role($0)?.scope == .case && policy.role($0)?.actions.contains(.createCase) == true
        }
        guard let creatorRole = candidates.max(by: {
            (policy.role($0)?.actions.count ?? 0, $1) < (policy.role($1)?.actions.count ?? 0, $0)
        }) else {
            throw EvidenceError(.denied, "You may not create cases: none of your roles is a case role that may.")
        }
        guard policy.clearanceAllows(me.clearance, classification) else {
            throw EvidenceError(.denied, "You may not create a \(classification.rawValue) case: your clearance is \(me.clearance ?? "none").")
        }
        let transaction = try LedgerTransaction(session: self, wait: wait)
        do {
            if try findCaseIfVisible(reference) != nil {
                throw EvidenceError(.usage, "A case with reference \(reference) already exists.")
            }
            let caseID = try ULID.make(prefix: "case")
            // Keys for the classes of material the creator may see; a class nobody in the case
            // may see yet gets its keys from the first rekey by someone who may (§5.4).
            let classes = KeyClass.visible(to: me, role: creatorRole, caseID: caseID,
                                           caseClassification: classification, policy: policy)
            let keyring = try CaseKeyring.generate(classes: classes)
            var envelopes: [String: [Int]] = [:]
            for (holder, recipient) in [(KeyEnvelope.Holder.recovery, view.recoveryPublicKey),
                                        (.user(user.id), user.sealingKey.publicKey)] {
                envelopes[try writeCaseKeyring(keyring, caseID: caseID, generation: 1, holder: holder, recipient: recipient)]
                    = KeyClass.publicIndices(keyring.classes)
            }
            keys.remember(keyring, caseID: caseID, generation: 1)
            try transaction.append(CaseCreatedEvent(
                publicPart: .init(keyGeneration: 1, keyHolders: ["recovery", user.id],
                                  classification: classification.rawValue, envelopes: envelopes),
                sealedPart: .init(reference: reference, title: title, classification: classification.rawValue),
                audit: audit(.init(reference: reference, recipients: [user.id]), reason: reason)
            ).draft(caseID: caseID))
            // The creator's envelope is case.created's: their grant names no generations.
            try transaction.append(CaseGrantedEvent(
                publicPart: .init(user: user.id, role: creatorRole, keyGeneration: 1, generations: nil, envelopes: nil),
                audit: audit(.init(grantee: user.name, role: creatorRole, slot: nil, caseID: nil), reason: reason)
            ).draft(caseID: caseID))
            try transaction.finish()
            guard let record = try findCaseIfVisible(caseID) else { throw EvidenceError.noSuchCase(reference) }
            return record
        } catch {
            transaction.abandon()
            throw error
        }
    }

    /// Cases this user may see (member, cleared for, holding the key), in creation order.
    public func listCases() throws -> [CaseRecord] {
        let policy = try currentPolicy().policy
        let me = try subject()
        return try catalog.casesWithReadableReference().filter { record in
            Authorizer.decide(me, .viewMetadata, target(for: record), policy: policy).outcome != .invisible
                && (try? canOpen(caseID: record.id, generation: UInt32(clamping: record.keyGeneration))) == true
        }
    }

    func canOpen(caseID: String, generation: UInt32) throws -> Bool {
        try keys.caseKeys(caseID: caseID, generation: generation) != nil
    }

    /// A case by id or reference, if this user may see it.
    public func findCaseIfVisible(_ referenceOrID: String) throws -> CaseRecord? {
        try listCases().first { $0.id == referenceOrID || $0.reference == referenceOrID }
    }

    /// A case the user may see and act on; otherwise the refusal (66 as if missing, or 77).
    public func findCase(_ referenceOrID: String, for action: Action, reason: String? = nil, wait: Double = 0) throws -> CaseRecord {
        guard let found = try findCaseIfVisible(referenceOrID) else {
            throw refuseMissing(action, requested: referenceOrID, isItem: false, wait: wait)
        }
        try authorize(action, target(for: found), reason: reason, wait: wait, requested: referenceOrID)
        return found
    }
}

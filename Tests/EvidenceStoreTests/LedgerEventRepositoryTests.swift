import Testing
@testable import EvidenceStore

/// Typed events outside any case give exactly the parts the hand-built dictionaries gave
/// (the expected literals are those of the builders they replaced), and decode back.
@Suite("Ledger events: repository, users and keys")
struct LedgerEventRepositoryTests {
    typealias Check = LedgerEventTestSupport

    @Test("Every known event type has a typed event, and no other")
    func coversKnownTypes() {
        let types = Check.allTypes.map { $0.type }
        #expect(types.count == EventType.known.count)
        #expect(Set(types) == EventType.known)
    }

    @Test("repository.created")
    func repositoryCreated() throws {
        let event = RepositoryCreatedEvent(
            publicPart: .init(repository: "repo_1", origin: "host/evidence/repo_1", logKey: "host/evidence/repo_1+abcd+AQ==",
                              auditKey: "QUE=", recoveryKey: "UkVD", keyringGeneration: 1),
            audit: EventAudit(actorName: "ada", reason: nil, facts: .init(host: "host")))
        try Check.check(event, public: ["repository": "repo_1", "origin": "host/evidence/repo_1",
                                        "logKey": "host/evidence/repo_1+abcd+AQ==", "auditKey": "QUE=",
                                        "recoveryKey": "UkVD", "keyringGeneration": 1],
                        sealed: nil, audit: ["actorName": "ada", "host": "host"])
    }

    @Test("identity.registered, with and without a clearance")
    func identityRegistered() throws {
        let publicPart = IdentityRegisteredEvent.Public(user: "usr_1", sealingKey: "U0VB", signingKey: "U0lH",
                                                        keyringGeneration: 2, identity: "ab12")
        let expectedPublic: [String: JSONValue] = ["user": "usr_1", "sealingKey": "U0VB", "signingKey": "U0lH",
                                                   "keyringGeneration": 2, "identity": "ab12"]
        let event = IdentityRegisteredEvent(
            publicPart: publicPart, sealedPart: .init(name: "ada", roles: ["administrator"], clearance: "BPSS"),
            audit: EventAudit(actorName: "ada", reason: nil, facts: .init(name: "ada", roles: ["administrator"])))
        try Check.check(event, public: expectedPublic,
                        sealed: ["name": "ada", "roles": ["administrator"], "clearance": "BPSS"],
                        audit: ["actorName": "ada", "name": "ada", "roles": ["administrator"]])
        let withoutClearance = IdentityRegisteredEvent(
            publicPart: publicPart, sealedPart: .init(name: "bo", roles: ["officer", "viewer"], clearance: nil),
            audit: EventAudit(actorName: "bo", reason: "", facts: .init(name: "bo", roles: ["officer", "viewer"])))
        try Check.check(withoutClearance, public: expectedPublic, sealed: ["name": "bo", "roles": ["officer", "viewer"]],
                        audit: ["actorName": "bo", "name": "bo", "roles": ["officer", "viewer"]])
    }

    @Test("identity.passphrase-changed")
    func passphraseChanged() throws {
        let event = PassphraseChangedEvent(publicPart: .init(user: "usr_1", identity: "cd34"),
                                           audit: EventAudit(actorName: "ada", reason: "rotation"))
        try Check.check(event, public: ["user": "usr_1", "identity": "cd34"], sealed: nil,
                        audit: ["actorName": "ada", "reason": "rotation"])
    }

    @Test("recovery-slot.added and recovery-slot.removed")
    func recoverySlots() throws {
        let added = RecoverySlotAddedEvent(publicPart: .init(slot: "slot_1"), sealedPart: .init(label: "safe"),
                                           audit: EventAudit(actorName: "ada", reason: nil, facts: .init(label: "safe")))
        try Check.check(added, public: ["slot": "slot_1"], sealed: ["label": "safe"],
                        audit: ["actorName": "ada", "label": "safe"])
        let removed = RecoverySlotRemovedEvent(publicPart: .init(slot: "slot_1"), audit: EventAudit(actorName: "ada", reason: "lost"))
        try Check.check(removed, public: ["slot": "slot_1"], sealed: nil, audit: ["actorName": "ada", "reason": "lost"])
    }

    @Test("policy.applied")
    func policyApplied() throws {
        let event = PolicyAppliedEvent(publicPart: .init(hash: "ef56", version: 1, text: "roles: {}\n"),
                                       audit: EventAudit(actorName: "ada", reason: nil, facts: .init(hash: "ef56")))
        try Check.check(event, public: ["hash": "ef56", "version": 1, "text": "roles: {}\n"], sealed: nil,
                        audit: ["actorName": "ada", "hash": "ef56"])
    }

    @Test("user.added and user.disabled")
    func users() throws {
        let added = UserAddedEvent(
            publicPart: .init(user: "usr_2", roles: ["officer"], clearance: "SC"),
            sealedPart: .init(name: "bo", roles: ["officer"], clearance: "SC"),
            audit: EventAudit(actorName: "ada", reason: "joined", facts: .init(name: "bo", roles: ["officer"], clearance: "SC")))
        try Check.check(added, public: ["user": "usr_2", "roles": ["officer"], "clearance": "SC"],
                        sealed: ["name": "bo", "roles": ["officer"], "clearance": "SC"],
                        audit: ["actorName": "ada", "reason": "joined", "name": "bo", "roles": ["officer"], "clearance": "SC"])
        let disabled = UserDisabledEvent(publicPart: .init(user: "usr_2"),
                                         audit: EventAudit(actorName: "ada", reason: nil, facts: .init(name: "bo")))
        try Check.check(disabled, public: ["user": "usr_2"], sealed: nil, audit: ["actorName": "ada", "name": "bo"])
    }

    @Test("access.denied")
    func accessDenied() throws {
        let event = AccessDeniedEvent(audit: EventAudit(actorName: "bo", reason: nil, facts: .init(
            action: "read-content", target: "itm_9", outcome: "invisible", rule: "nothing visible is named itm_9")))
        try Check.check(event, public: nil, sealed: nil,
                        audit: ["actorName": "bo", "action": "read-content", "target": "itm_9", "outcome": "invisible",
                                "rule": "nothing visible is named itm_9"])
    }

    @Test("recovery.used for grant-audit and grant-case")
    func recoveryUsed() throws {
        let audit = RecoveryUsedEvent(
            publicPart: .init(purpose: "grant-audit", slot: "slot_1", user: "usr_2", caseID: nil, role: nil, envelopes: nil),
            audit: EventAudit(actorName: "ada", reason: "audit", facts: .init(slot: "slot_1", grantee: "bo", role: nil, caseID: nil)))
        try Check.check(audit, public: ["purpose": "grant-audit", "slot": "slot_1", "user": "usr_2"], sealed: nil,
                        audit: ["actorName": "ada", "reason": "audit", "slot": "slot_1", "grantee": "bo"])
        let grant = RecoveryUsedEvent(
            publicPart: .init(purpose: "grant-case", slot: "slot_1", user: "usr_2", caseID: "case_1", role: "officer",
                              envelopes: ["1/usr_2": [0, 1], "2/usr_2": []]),
            audit: EventAudit(actorName: "ada", reason: nil, facts: .init(slot: "slot_1", grantee: "bo", role: "officer", caseID: "case_1")))
        try Check.check(grant, public: ["purpose": "grant-case", "slot": "slot_1", "case": "case_1", "user": "usr_2",
                                        "role": "officer", "envelopes": ["1/usr_2": [0, 1], "2/usr_2": []]],
                        sealed: nil,
                        audit: ["actorName": "ada", "slot": "slot_1", "grantee": "bo", "role": "officer", "case": "case_1"])
    }

    @Test("verification.run and ledger.tail-dropped")
    func maintenance() throws {
        let verified = VerificationRunEvent(
            publicPart: .init(outcome: "intact", treeSize: 120, items: 7, objectsDecrypted: 6, objectsWithoutKeys: 1, problems: 0),
            audit: EventAudit(actorName: "ada", reason: nil))
        try Check.check(verified, public: ["outcome": "intact", "treeSize": 120, "items": 7, "objectsDecrypted": 6,
                                           "objectsWithoutKeys": 1, "problems": 0],
                        sealed: nil, audit: ["actorName": "ada"])
        let dropped = TailDroppedEvent(publicPart: .init(dropped: 3, from: 40, keptIn: "dropped-40"),
                                       audit: EventAudit(actorName: "ada", reason: nil))
        try Check.check(dropped, public: ["dropped": 3, "from": 40, "keptIn": "dropped-40"], sealed: nil,
                        audit: ["actorName": "ada"])
    }

    @Test("log-key.rotated, before and after the actor's signature")
    func logKeyRotated() throws {
        var event = LogKeyRotatedEvent(
            publicPart: .init(logKey: "o+new+AQ==", previousLogKey: "o+old+AQ==", keyringGeneration: 2,
                              keyHolders: ["recovery", "usr_1"], actorSignature: nil),
            audit: EventAudit(actorName: "ada", reason: "scheduled"))
        let expected: [String: JSONValue] = ["logKey": "o+new+AQ==", "previousLogKey": "o+old+AQ==", "keyringGeneration": 2,
                                             "keyHolders": ["recovery", "usr_1"]]
        try Check.check(event, public: expected, sealed: nil, audit: ["actorName": "ada", "reason": "scheduled"])
        event.publicPart.actorSignature = "c2ln"
        try Check.check(event, public: expected.merging(["actorSignature": "c2ln"]) { $1 }, sealed: nil,
                        audit: ["actorName": "ada", "reason": "scheduled"])
    }
}

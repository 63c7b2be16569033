@testable import EvidenceStore
import Testing

/// The wording of the repository's own events, users and recovery: pinned from real typed
/// events, so that reading them through their types changes no line.
@Suite("EventDescription: repository, users and recovery")
struct EventDescriptionRepositoryTests {
    typealias S = EventDescriptionSupport

    @Test("repository.created, verification.run, policy.applied, ledger.tail-dropped, log-key.rotated")
    func repository() throws {
        let created = RepositoryCreatedEvent(publicPart: .init(repository: "rep_1", origin: "example.org/ev", logKey: "k",
                                                               auditKey: "a", recoveryKey: "r", keyringGeneration: 1),
                                             audit: S.audit(.init(host: "host1")))
        #expect(S.detail(try S.record(created)) == "repository created")
        #expect(S.detail(try S.record(created, audit: .locked)) == "repository created")
        let verified = VerificationRunEvent(publicPart: .init(outcome: "intact", treeSize: 9, items: 2, objectsDecrypted: 2,
                                                              objectsWithoutKeys: 0, problems: 0),
                                            audit: EventAudit(actorName: "Ada", reason: nil))
        #expect(S.detail(try S.record(verified)) == "verified the repository: intact")
        let policy = PolicyAppliedEvent(publicPart: .init(hash: "0123456789abcdef0123456789abcdef", version: 1, text: "x"),
                                        audit: S.audit(.init(hash: "0123456789abcdef0123456789abcdef")))
        #expect(S.detail(try S.record(policy)) == "applied the policy with SHA-256 0123456789abcdef…")
        let shortHash = PolicyAppliedEvent(publicPart: .init(hash: "abc", version: 1, text: "x"), audit: S.audit(.init(hash: "abc")))
        #expect(S.detail(try S.record(shortHash)) == "applied the policy with SHA-256 abc…")
        let one = TailDroppedEvent(publicPart: .init(dropped: 1, from: 4, keptIn: "dropped-1"), audit: EventAudit(actorName: "Ada", reason: nil))
        #expect(S.detail(try S.record(one)) == "dropped 1 uncommitted ledger entry (kept in ledger/dropped-1)")
        let three = TailDroppedEvent(publicPart: .init(dropped: 3, from: 4, keptIn: "dropped-2"), audit: EventAudit(actorName: "Ada", reason: nil))
        #expect(S.detail(try S.record(three)) == "dropped 3 uncommitted ledger entries (kept in ledger/dropped-2)")
        let rotated = LogKeyRotatedEvent(publicPart: .init(logKey: "new", previousLogKey: "old", keyringGeneration: 2,
                                                           keyHolders: ["recovery"], actorSignature: "sig"),
                                         audit: EventAudit(actorName: "Ada", reason: nil))
        #expect(S.detail(try S.record(rotated)) == "log-key.rotated")
    }

    @Test("identity.registered, identity.passphrase-changed, user.added, user.disabled, open and sealed")
    func users() throws {
        let registered = IdentityRegisteredEvent(
            publicPart: .init(user: "usr_ada", sealingKey: "s", signingKey: "g", keyringGeneration: 1, identity: "ff"),
            sealedPart: .init(name: "Ada Lovelace", roles: ["admin"], clearance: nil),
            audit: S.audit(.init(name: "Ada Lovelace", roles: ["admin"])))
        #expect(S.detail(try S.record(registered)) == "registered user Ada Lovelace")
        #expect(S.detail(try S.record(registered, sealed: .locked)) == "registered user usr_ada [sealed: no key]")
        let passphrase = PassphraseChangedEvent(publicPart: .init(user: "usr_ada", identity: "ee"),
                                                audit: EventAudit(actorName: "Ada", reason: nil))
        #expect(S.detail(try S.record(passphrase)) == "changed their passphrase")
        let added = UserAddedEvent(publicPart: .init(user: "usr_bo", roles: ["investigator", "reviewer"], clearance: "SC"),
                                   sealedPart: .init(name: "Bo Brown", roles: ["investigator", "reviewer"], clearance: "SC"),
                                   audit: S.audit(.init(name: "Bo Brown", roles: ["investigator", "reviewer"], clearance: "SC")))
        #expect(S.detail(try S.record(added)) == "invited Bo Brown as investigator, reviewer")
        #expect(S.detail(try S.record(added, sealed: .locked, audit: .locked)) == "invited usr_bo as (sealed) [sealed: no key]")
        #expect(S.detail(try S.record(added, sealed: .hidden)) == "invited usr_bo as (sealed) (details hidden)")
        let disabled = UserDisabledEvent(publicPart: .init(user: "usr_bo"), audit: S.audit(.init(name: "Bo Brown")))
        #expect(S.detail(try S.record(disabled)) == "disabled Bo")
        let stranger = UserDisabledEvent(publicPart: .init(user: "usr_cy"), audit: S.audit(.init(name: "Cy")))
        #expect(S.detail(try S.record(stranger, invalid: "not an administrator"))
                    == "disabled usr_cy [INVALID, changes nothing: not an administrator]")
    }

    @Test("recovery-slot.added, recovery-slot.removed, recovery.used")
    func recovery() throws {
        let added = RecoverySlotAddedEvent(publicPart: .init(slot: "2"), sealedPart: .init(label: "safe"),
                                           audit: S.audit(.init(label: "safe")))
        #expect(S.detail(try S.record(added)) == "added recovery key slot 2")
        #expect(S.detail(try S.record(added, sealed: .locked)) == "added recovery key slot 2 [sealed: no key]")
        let removed = RecoverySlotRemovedEvent(publicPart: .init(slot: "1"), audit: EventAudit(actorName: "Ada", reason: nil))
        #expect(S.detail(try S.record(removed)) == "removed recovery key slot 1")
        let used = RecoveryUsedEvent(publicPart: .init(purpose: "grant-case", slot: "1", user: "usr_bo", caseID: "cas_1",
                                                       role: "investigator", envelopes: ["1/usr_bo": [0]]),
                                     audit: S.audit(.init(slot: "1", grantee: "Bo", role: "investigator", caseID: "cas_1")))
        #expect(S.detail(try S.record(used)) == "used the recovery key (grant-case)")
    }
}

@testable import EvidenceStore
import Testing

/// The wording of case events, refusals and searches: pinned from real typed events.
@Suite("EventDescription: cases, refusals and searches")
struct EventDescriptionCaseTests {
    typealias S = EventDescriptionSupport

    @Test("case.created, case.granted, case.revoked, case.rekeyed")
    func membership() throws {
        let created = CaseCreatedEvent(
            publicPart: .init(keyGeneration: 1, keyHolders: ["recovery", "usr_ada"], classification: "OFFICIAL",
                              envelopes: ["1/usr_ada": [0]]),
            sealedPart: .init(reference: "OP-1", title: "Operation", classification: "OFFICIAL"),
            audit: S.audit(.init(reference: "OP-1", recipients: ["usr_ada"])))
        #expect(S.detail(try S.record(created, caseID: "cas_1")) == "created case OP-1")
        #expect(S.detail(try S.record(created, caseID: "cas_1", sealed: .locked)) == "created case cas_1 [sealed: no key]")
        let granted = CaseGrantedEvent(publicPart: .init(user: "usr_bo", role: "investigator", keyGeneration: 1,
                                                         generations: [1], envelopes: ["1/usr_bo": [0]]),
                                       audit: S.audit(.init(grantee: "Bo", role: "investigator", slot: nil, caseID: nil)))
        #expect(S.detail(try S.record(granted, caseID: "cas_1")) == "granted Bo the role investigator in case cas_1")
        let own = CaseGrantedEvent(publicPart: .init(user: "usr_cy", role: "lead", keyGeneration: 1, generations: nil, envelopes: nil),
                                   audit: S.audit(.init(grantee: "Cy", role: "lead", slot: "1", caseID: "cas_2")))
        #expect(S.detail(try S.record(own, caseID: "cas_2")) == "granted usr_cy the role lead in case cas_2")
        let revoked = CaseRevokedEvent(publicPart: .init(user: "usr_bo"), audit: S.audit(.init(member: "Bo")))
        #expect(S.detail(try S.record(revoked, caseID: "cas_1")) == "revoked Bo from case cas_1")
        let rekeyed = CaseRekeyedEvent(publicPart: .init(keyGeneration: 3, keyHolders: ["recovery"], envelopes: [:]),
                                       audit: EventAudit(actorName: "Ada", reason: "rotation"))
        #expect(S.detail(try S.record(rekeyed, caseID: "cas_1")) == "rekeyed case cas_1 (key generation 3)")
    }

    @Test("access.denied, with the audit part and without")
    func refusal() throws {
        let denied = AccessDeniedEvent(audit: S.audit(.init(action: "read", target: "itm_9", outcome: "denied", rule: "not a member")))
        #expect(S.detail(try S.record(denied, caseID: "cas_1")) == "was refused read on itm_9: not a member")
        #expect(S.detail(try S.record(denied, caseID: "cas_1", audit: .locked))
                    == "was refused an action (the details are in the audit part)")
    }

    @Test("search.run: sealed, from the audit part alone, neither, and a case not named")
    func search() throws {
        func event(hits: Int64, pending: Int64) -> SearchRunEvent {
            SearchRunEvent(publicPart: .init(classification: "OFFICIAL", sensitive: false),
                           sealedPart: .init(query: "knife", filters: ["kind": "image"], hits: hits, totalHits: hits,
                                             shown: ["itm_1"], indexWatermark: nil, ledgerSize: 9, pendingEvents: pending),
                           audit: S.audit(.init(query: "knife", hits: hits, shown: ["itm_1"])))
        }
        #expect(S.detail(try S.record(event(hits: 1, pending: 0), caseID: "cas_1")) == "searched case OP-1 for \"knife\": 1 hit")
        #expect(S.detail(try S.record(event(hits: 3, pending: 2), caseID: "cas_1"))
                    == "searched case OP-1 for \"knife\": 3 hits (index 2 changes behind)")
        #expect(S.detail(try S.record(event(hits: 3, pending: 2), caseID: "cas_1", sealed: .locked))
                    == "searched case OP-1 for \"knife\": 3 hits [sealed: no key]")
        #expect(S.detail(try S.record(event(hits: 0, pending: 0), caseID: "cas_1", sealed: .hidden))
                    == "searched case OP-1 for \"knife\": 0 hits (details hidden)")
        #expect(S.detail(try S.record(event(hits: 3, pending: 2), caseID: "cas_1", sealed: .locked, audit: .locked))
                    == "searched case OP-1 [sealed: no key]")
        #expect(S.detail(try S.record(event(hits: 1, pending: 1), caseID: "cas_7"))
                    == "searched case cas_7 for \"knife\": 1 hit (index 1 changes behind)")
    }
}

import Testing
@testable import EvidenceStore

/// Typed case events give exactly the parts the hand-built dictionaries gave (the expected
/// literals are those of the builders they replaced), and decode back.
@Suite("Ledger events: cases and membership")
struct LedgerEventCaseTests {
    typealias Check = LedgerEventTestSupport

    @Test("case.created and the creator's own case.granted")
    func caseCreated() throws {
        let created = CaseCreatedEvent(
            publicPart: .init(keyGeneration: 1, keyHolders: ["recovery", "usr_1"], classification: "SECRET",
                              envelopes: ["1/recovery": [0, 1, 2], "1/usr_1": [0, 1, 2]]),
            sealedPart: .init(reference: "OP-1", title: "Operation", classification: "SECRET"),
            audit: EventAudit(actorName: "ada", reason: "new", facts: .init(reference: "OP-1", recipients: ["usr_1"])))
        try Check.check(created, public: ["keyGeneration": 1, "keyHolders": ["recovery", "usr_1"], "classification": "SECRET",
                                          "envelopes": ["1/recovery": [0, 1, 2], "1/usr_1": [0, 1, 2]]],
                        sealed: ["reference": "OP-1", "title": "Operation", "classification": "SECRET"],
                        audit: ["actorName": "ada", "reason": "new", "reference": "OP-1", "recipients": ["usr_1"]])
        let ownGrant = CaseGrantedEvent(
            publicPart: .init(user: "usr_1", role: "investigator", keyGeneration: 1, generations: nil, envelopes: nil),
            audit: EventAudit(actorName: "ada", reason: "new", facts: .init(grantee: "ada", role: "investigator", slot: nil, caseID: nil)))
        try Check.check(ownGrant, public: ["user": "usr_1", "role": "investigator", "keyGeneration": 1], sealed: nil,
                        audit: ["actorName": "ada", "reason": "new", "grantee": "ada", "role": "investigator"])
    }

    @Test("case.granted by a member and by recover grant-case")
    func caseGranted() throws {
        let grant = CaseGrantedEvent(
            publicPart: .init(user: "usr_2", role: "viewer", keyGeneration: 2, generations: [1, 2],
                              envelopes: ["1/usr_2": [0], "2/usr_2": [0, 3]]),
            audit: EventAudit(actorName: "ada", reason: nil, facts: .init(grantee: "bo", role: "viewer", slot: nil, caseID: nil)))
        try Check.check(grant, public: ["user": "usr_2", "role": "viewer", "keyGeneration": 2, "generations": [1, 2],
                                        "envelopes": ["1/usr_2": [0], "2/usr_2": [0, 3]]],
                        sealed: nil, audit: ["actorName": "ada", "grantee": "bo", "role": "viewer"])
        let recovered = CaseGrantedEvent(
            publicPart: .init(user: "usr_2", role: "viewer", keyGeneration: 1, generations: [1], envelopes: ["1/usr_2": [0]]),
            audit: EventAudit(actorName: "ada", reason: "court order",
                              facts: .init(grantee: "bo", role: "viewer", slot: "slot_1", caseID: "case_1")))
        try Check.check(recovered, public: ["user": "usr_2", "role": "viewer", "keyGeneration": 1, "generations": [1],
                                            "envelopes": ["1/usr_2": [0]]],
                        sealed: nil, audit: ["actorName": "ada", "reason": "court order", "slot": "slot_1", "grantee": "bo",
                                             "role": "viewer", "case": "case_1"])
    }

    @Test("case.revoked and case.rekeyed")
    func revokedAndRekeyed() throws {
        let revoked = CaseRevokedEvent(publicPart: .init(user: "usr_2"),
                                       audit: EventAudit(actorName: "ada", reason: nil, facts: .init(member: "bo")))
        try Check.check(revoked, public: ["user": "usr_2"], sealed: nil, audit: ["actorName": "ada", "member": "bo"])
        let rekeyed = CaseRekeyedEvent(
            publicPart: .init(keyGeneration: 3, keyHolders: ["recovery", "usr_1", "usr_2"],
                              envelopes: ["3/recovery": [0, 1], "3/usr_1": [0, 1], "3/usr_2": [0]]),
            audit: EventAudit(actorName: "ada", reason: "revoked bo"))
        try Check.check(rekeyed, public: ["keyGeneration": 3, "keyHolders": ["recovery", "usr_1", "usr_2"],
                                          "envelopes": ["3/recovery": [0, 1], "3/usr_1": [0, 1], "3/usr_2": [0]]],
                        sealed: nil, audit: ["actorName": "ada", "reason": "revoked bo"])
    }

    @Test("search.run, with and without an index watermark")
    func searchRun() throws {
        let filters: [String: JSONValue] = ["cases": ["OP-1"], "kinds": [], "sort": "relevance", "operator": "and",
                                            "offset": 0, "limit": 20]
        var event = SearchRunEvent(
            publicPart: .init(classification: "OFFICIAL", sensitive: false),
            sealedPart: .init(query: "knife", filters: filters, hits: 2, totalHits: 5, shown: ["itm_1", "itm_2"],
                              indexWatermark: nil, ledgerSize: 300, pendingEvents: 0),
            audit: EventAudit(actorName: "bo", reason: nil, facts: .init(query: "knife", hits: 2, shown: ["itm_1", "itm_2"])))
        var sealed: [String: JSONValue] = ["query": "knife", "filters": .object(filters), "hits": 2, "totalHits": 5,
                                           "shown": ["itm_1", "itm_2"], "ledgerSize": 300, "pendingEvents": 0,
                                           "indexWatermark": .null]
        let audit: [String: JSONValue] = ["actorName": "bo", "query": "knife", "hits": 2, "shown": ["itm_1", "itm_2"]]
        try Check.check(event, public: ["classification": "OFFICIAL", "sensitive": false], sealed: sealed, audit: audit)
        event.sealedPart.indexWatermark = 290
        sealed["indexWatermark"] = 290
        try Check.check(event, public: ["classification": "OFFICIAL", "sensitive": false], sealed: sealed, audit: audit)
    }

    @Test("hold.added and hold.released")
    func holds() throws {
        let added = HoldAddedEvent(publicPart: .init(hold: "hld_1"), sealedPart: .init(reason: "appeal"),
                                   audit: EventAudit(actorName: "cy", reason: "appeal", facts: .init(hold: "hld_1")))
        try Check.check(added, public: ["hold": "hld_1"], sealed: ["reason": "appeal"],
                        audit: ["actorName": "cy", "reason": "appeal", "hold": "hld_1"])
        let released = HoldReleasedEvent(publicPart: .init(hold: "hld_1"), sealedPart: .init(reason: "over"),
                                         audit: EventAudit(actorName: "cy", reason: "over", facts: .init(hold: "hld_1")))
        try Check.check(released, public: ["hold": "hld_1"], sealed: ["reason": "over"],
                        audit: ["actorName": "cy", "reason": "over", "hold": "hld_1"])
    }

    @Test("case.status, with and without a release date")
    func caseStatus() throws {
        let charged = CaseStatusEvent.Facts(status: "charged", date: "2026-03-01", released: nil)
        try Check.check(CaseStatusEvent(publicPart: charged, sealedPart: charged,
                                        audit: EventAudit(actorName: "cy", reason: nil, facts: charged)),
                        public: ["status": "charged", "date": "2026-03-01"], sealed: ["status": "charged", "date": "2026-03-01"],
                        audit: ["actorName": "cy", "status": "charged", "date": "2026-03-01"])
        let convicted = CaseStatusEvent.Facts(status: "convicted", date: "2026-03-01", released: "2026-04-01")
        let facts: [String: JSONValue] = ["status": "convicted", "date": "2026-03-01", "released": "2026-04-01"]
        try Check.check(CaseStatusEvent(publicPart: convicted, sealedPart: convicted,
                                        audit: EventAudit(actorName: "cy", reason: "verdict", facts: convicted)),
                        public: facts, sealed: facts, audit: facts.merging(["actorName": "cy", "reason": "verdict"]) { $1 })
    }

    @Test("retention.set with a date and cleared (null)")
    func retentionSet() throws {
        let set = RetentionSetEvent.Facts(reviewDate: "2030-01-01")
        try Check.check(RetentionSetEvent(sealedPart: set, audit: EventAudit(actorName: "cy", reason: nil, facts: set)),
                        public: nil, sealed: ["reviewDate": "2030-01-01"], audit: ["actorName": "cy", "reviewDate": "2030-01-01"])
        let cleared = RetentionSetEvent.Facts(reviewDate: nil)
        try Check.check(RetentionSetEvent(sealedPart: cleared, audit: EventAudit(actorName: "cy", reason: "x", facts: cleared)),
                        public: nil, sealed: ["reviewDate": .null], audit: ["actorName": "cy", "reason": "x", "reviewDate": .null])
    }

    @Test("retention.set without reviewDate does not fit the type: it says neither set nor cleared")
    func retentionSetWithoutDate() throws {
        #expect(throws: DecodingError.self) { try RetentionSetEvent.Facts(part: [:]) }
        #expect(throws: DecodingError.self) { try RetentionSetEvent.Facts(part: ["reviewDate": 5]) }
        #expect(try RetentionSetEvent.Facts(part: ["reviewDate": .null]).reviewDate == nil)
        #expect(try RetentionSetEvent.Facts(part: ["reviewDate": "2030-01-01", "later": true]).reviewDate == "2030-01-01")
    }
}

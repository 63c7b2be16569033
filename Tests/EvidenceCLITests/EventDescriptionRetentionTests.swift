@testable import EvidenceStore
import Testing

/// The wording of disposals, holds, case status and retention reviews: pinned from real
/// typed events, on an item and on a case, with the sealed part out of reach.
@Suite("EventDescription: disposal, holds and retention")
struct EventDescriptionRetentionTests {
    typealias S = EventDescriptionSupport

    @Test("item.disposed, alone and with the item it is a part of")
    func disposed() throws {
        let alone = ItemDisposedEvent(sealedPart: .init(reason: "expired", withItem: nil), audit: S.audit(.init(withItem: nil), reason: "expired"))
        #expect(S.detail(try S.record(alone, caseID: "cas_1", itemID: "itm_1")) == "disposed of itm_1: expired")
        #expect(S.detail(try S.record(alone, caseID: "cas_1", itemID: "itm_1", sealed: .locked)) == "disposed of itm_1 [sealed: no key]")
        let part = ItemDisposedEvent(sealedPart: .init(reason: "expired", withItem: "itm_1"), audit: S.audit(.init(withItem: "itm_1")))
        #expect(S.detail(try S.record(part, caseID: "cas_1", itemID: "itm_2"))
                    == "disposed of itm_2 (a part of itm_1, disposed of with it): expired")
    }

    @Test("hold.added and hold.released, on a case and on an item")
    func holds() throws {
        let added = HoldAddedEvent(publicPart: .init(hold: "hld_1"), sealedPart: .init(reason: "pending appeal"),
                                   audit: S.audit(.init(hold: "hld_1"), reason: "pending appeal"))
        #expect(S.detail(try S.record(added, caseID: "cas_1")) == "placed legal hold hld_1 on case cas_1: pending appeal")
        #expect(S.detail(try S.record(added, caseID: "cas_1", itemID: "itm_1")) == "placed legal hold hld_1 on item itm_1: pending appeal")
        #expect(S.detail(try S.record(added, caseID: "cas_1", sealed: .locked)) == "placed legal hold hld_1 on case cas_1 [sealed: no key]")
        let released = HoldReleasedEvent(publicPart: .init(hold: "hld_1"), sealedPart: .init(reason: "appeal heard"),
                                         audit: S.audit(.init(hold: "hld_1"), reason: "appeal heard"))
        #expect(S.detail(try S.record(released, caseID: "cas_1")) == "released legal hold hld_1 on case cas_1: appeal heard")
        #expect(S.detail(try S.record(released, caseID: "cas_1", itemID: "itm_1", sealed: .hidden))
                    == "released legal hold hld_1 on item itm_1 (details hidden)")
    }

    @Test("case.status, sealed and not")
    func caseStatus() throws {
        let facts = CaseStatusEvent.Facts(status: "convicted", date: "2026-01-02", released: "2027-01-01")
        let status = CaseStatusEvent(publicPart: facts, sealedPart: facts, audit: S.audit(facts))
        #expect(S.detail(try S.record(status, caseID: "cas_1")) == "recorded case cas_1 as convicted on 2026-01-02")
        #expect(S.detail(try S.record(status, caseID: "cas_1", sealed: .locked)) == "recorded the status of case cas_1 [sealed: no key]")
    }

    @Test("retention.set: a date, cleared, on a case, sealed; retention.reviewed")
    func retention() throws {
        func set(_ date: String?) -> RetentionSetEvent {
            RetentionSetEvent(sealedPart: .init(reviewDate: date), audit: S.audit(.init(reviewDate: date)))
        }
        #expect(S.detail(try S.record(set("2031-01-01"), caseID: "cas_1", itemID: "itm_1"))
                    == "set the retention review of item itm_1 for 2031-01-01")
        #expect(S.detail(try S.record(set(nil), caseID: "cas_1", itemID: "itm_1")) == "cleared the retention review date of item itm_1")
        #expect(S.detail(try S.record(set("2031-01-01"), caseID: "cas_1")) == "set the retention review of case cas_1 for 2031-01-01")
        #expect(S.detail(try S.record(set(nil), caseID: "cas_1", sealed: .locked))
                    == "set the retention review of case cas_1 [sealed: no key]")
        func reviewed(next: String?) -> RetentionReviewedEvent {
            RetentionReviewedEvent(sealedPart: .init(decision: "retain", reason: "still needed", nextReview: next),
                                   audit: S.audit(.init(decision: "retain"), reason: "still needed"))
        }
        #expect(S.detail(try S.record(reviewed(next: "2031-01-01"), caseID: "cas_1", itemID: "itm_1"))
                    == "reviewed the retention of item itm_1: retain, next review 2031-01-01: still needed")
        #expect(S.detail(try S.record(reviewed(next: nil), caseID: "cas_1", itemID: "itm_1"))
                    == "reviewed the retention of item itm_1: retain: still needed")
        #expect(S.detail(try S.record(reviewed(next: nil), caseID: "cas_1", itemID: "itm_1", sealed: .locked))
                    == "reviewed the retention of item itm_1: (sealed) [sealed: no key]")
    }
}

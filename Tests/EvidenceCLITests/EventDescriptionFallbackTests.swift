import EvidenceService
@testable import EvidenceStore
import Testing

/// Entries whose parts do not fit their type (written by hand or by another version) and
/// types this version does not know: each still gets the line it always got, never an error.
@Suite("EventDescription: unknown types and parts that do not fit")
struct EventDescriptionFallbackTests {
    typealias S = EventDescriptionSupport

    @Test("an unknown type is named by its type")
    func unknown() {
        #expect(S.memberDetail(S.raw("future.thing", public: #"{"a":1}"#)) == "future.thing")
        #expect(S.memberDetail(S.raw("future.thing")) == "future.thing")
    }

    @Test("parts missing members, or with members of another kind, read member by member as before")
    func partial() {
        #expect(S.memberDetail(S.raw(EventType.itemAdded, itemID: "itm_1", sealed: #"{"exhibitRef":"AB/1","path":"p"}"#))
                    == "added itm_1 exhibit AB/1 p sha256 (sealed)")
        #expect(S.memberDetail(S.raw(EventType.userDisabled)) == "disabled ?")
        #expect(S.memberDetail(S.raw(EventType.identityRegistered, public: #"{"user":"usr_x"}"#, sealedState: "locked"))
                    == "registered user usr_x [sealed: no key]")
        #expect(S.memberDetail(S.raw(EventType.retentionSet, itemID: "itm_1", sealed: "{}")) == "set the retention review of item itm_1")
        #expect(S.memberDetail(S.raw(EventType.retentionSet, itemID: "itm_1", sealed: #"{"reviewDate":5}"#))
                    == "cleared the retention review date of item itm_1")
        // Null is how a cleared date is written, so that one is read through the type.
        #expect(S.detail(S.raw(EventType.retentionSet, itemID: "itm_1", sealed: #"{"reviewDate":null}"#))
                    == "cleared the retention review date of item itm_1")
        #expect(S.memberDetail(S.raw(EventType.searchRun, caseID: "cas_1", public: #"{"classification":"OFFICIAL","sensitive":false}"#,
                               sealed: #"{"hits":"many","query":"q"}"#, audit: #"{"actorName":"Ada","hits":2,"query":"q","shown":[]}"#))
                    == "searched case OP-1 for \"q\": 2 hits")
        #expect(S.memberDetail(S.raw(EventType.tailDropped, public: #"{"dropped":"x","keptIn":"t"}"#))
                    == "dropped 0 uncommitted ledger entries (kept in ledger/t)")
        #expect(S.memberDetail(S.raw(EventType.caseStatus, caseID: "cas_1", sealed: #"{"status":"charged"}"#))
                    == "recorded case cas_1 as charged on ?")
        #expect(S.memberDetail(S.raw(EventType.accessDenied, audit: #"{"action":"read"}"#)) == "was refused read on ?: ")
        #expect(S.memberDetail(S.raw(EventType.policyApplied, public: #"{"hash":5}"#)) == "applied the policy with SHA-256 ?…")
        #expect(S.memberDetail(S.raw(EventType.userAdded, public: #"{"user":"usr_bo"}"#, sealed: #"{"roles":["a",1,"b"]}"#))
                    == "invited usr_bo as a, b")
        #expect(S.memberDetail(S.raw(EventType.holdAdded, caseID: "cas_1", sealed: #"{"reason":"r"}"#))
                    == "placed legal hold ? on case cas_1: r")
    }

    @Test("text that is not a JSON object counts as an empty part")
    func unparsable() {
        #expect(S.memberDetail(S.raw(EventType.itemRead, itemID: "itm_1", sealed: "{")) == "read itm_1 to (sealed)")
        #expect(S.memberDetail(S.raw(EventType.itemRead, itemID: "itm_1", sealed: "[1]")) == "read itm_1 to (sealed)")
        #expect(S.memberDetail(S.raw(EventType.caseRekeyed, caseID: "cas_1", public: "not json")) == "rekeyed case cas_1 (key generation 0)")
    }

    @Test("the JSON form shows the parts as stored")
    func json() throws {
        let record = try S.record(ItemReadEvent(sealedPart: .init(destination: "-"), audit: S.audit(.init(destination: "standard output"))),
                                  caseID: "cas_1", itemID: "itm_1")
        let json = EventDescription.json(record, names: S.names)
        #expect(CanonicalJSON.encodeString(json) == #"{"actor":"usr_ada","actorName":"Ada","audit":"open","auditDetails":{"actorName":"Ada","destination":"standard output"},"case":"cas_1","details":{"destination":"-"},"item":"itm_1","leafHash":"0000000000000000000000000000000000000000000000000000000000000000","sealed":"open","seq":7,"time":"2026-03-04T05:06:07Z","type":"item.read"}"#)
    }
}

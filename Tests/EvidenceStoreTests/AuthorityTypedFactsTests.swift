import Testing
@testable import EvidenceStore

/// The authority rules read public facts through the typed event parts; a missing or
/// malformed fact must still count exactly as it did when they were read by key.
@Suite("Authority: typed public facts")
struct AuthorityTypedFactsTests {
    @Test("visibility: both members, a known classification and a boolean, or nothing")
    func visibility() {
        let read = AuthorityState.visibility(["classification": "SECRET", "sensitive": true, "parent": "itm_1", "later": 1])
        #expect(read?.0 == .secret && read?.1 == true)
        for malformed: [String: JSONValue] in [
            [:], ["classification": "SECRET"], ["sensitive": false], ["classification": "TOP", "sensitive": false],
            ["classification": "OFFICIAL", "sensitive": 0], ["classification": 1, "sensitive": false],
            ["classification": "OFFICIAL", "sensitive": nil], ["classification": nil, "sensitive": true],
        ] {
            #expect(AuthorityState.visibility(malformed) == nil, "\(malformed)")
        }
    }

    @Test("statusRecord: a present release date must be a date; null is malformed, not absent")
    func statusRecord() {
        let charged = AuthorityState.statusRecord(["status": "charged", "date": "2026-01-02"])
        #expect(charged?.status == .charged && charged?.released == nil)
        let convicted = AuthorityState.statusRecord(["status": "convicted", "date": "2026-01-02", "released": "2026-02-03"])
        #expect(convicted?.released == CalendarDate(parsing: "2026-02-03"))
        for malformed: [String: JSONValue] in [
            ["status": "convicted", "date": "2026-01-02", "released": nil],
            ["status": "convicted", "date": "2026-01-02", "released": 20260203],
            ["status": "convicted", "date": "2026-01-02", "released": "soon"],
            ["status": "closed", "date": "2026-01-02"], ["status": "charged", "date": "2 Jan"],
            ["status": "charged"], ["date": "2026-01-02"], ["status": "charged", "date": nil],
        ] {
            #expect(AuthorityState.statusRecord(malformed) == nil, "\(malformed)")
        }
    }

    @Test("A hold or a user named other than by a string is named not at all")
    func namedFacts() {
        #expect((try? HoldFacts(part: ["hold": "hld_1", "more": true]))?.hold == "hld_1")
        #expect((try? HoldFacts(part: ["hold": 1])) == nil)
        #expect((try? HoldFacts(part: ["hold": nil])) == nil)
        #expect((try? HoldFacts(part: [:])) == nil)
        #expect((try? CaseRevokedEvent.Public(part: ["user": ["usr_1"]])) == nil)
        #expect((try? UserDisabledEvent.Public(part: ["user": "usr_1"]))?.user == "usr_1")
    }
}

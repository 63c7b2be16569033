import Testing
@testable import EvidenceStore

/// Typed item events give exactly the parts the hand-built dictionaries gave (the expected
/// literals are those of the builders they replaced), and decode back.
@Suite("Ledger events: items")
struct LedgerEventItemTests {
    typealias Check = LedgerEventTestSupport

    @Test("item.added, plain and with every optional member")
    func itemAdded() throws {
        let plain = ItemAddedEvent.Sealed(
            sha256: "aa", salt: "bb", size: 12, name: "a.txt", path: "dir/a.txt", rawPath: nil,
            modified: "2026-01-02T03:04:05Z", kind: "document", classification: "OFFICIAL", sensitive: false,
            mediaType: "text/plain", exhibitRef: nil, description: nil, seizedBy: nil, seizedAt: nil, location: nil,
            seal: nil, storageLocation: nil, duplicateOf: nil, reviewDate: nil)
        var plainExpected: [String: JSONValue] = [
            "sha256": "aa", "salt": "bb", "size": 12, "name": "a.txt", "path": "dir/a.txt",
            "modified": "2026-01-02T03:04:05Z", "kind": "document", "classification": "OFFICIAL", "sensitive": false,
            "mediaType": "text/plain",
        ]
        try Check.check(ItemAddedEvent(publicPart: .init(classification: "OFFICIAL", sensitive: false), sealedPart: plain,
                                       audit: EventAudit(actorName: "ada", reason: nil, facts: .init(
                                           size: 12, exhibitRef: nil, seizedBy: nil, seizedAt: nil, location: nil,
                                           seal: nil, storageLocation: nil))),
                        public: ["classification": "OFFICIAL", "sensitive": false], sealed: plainExpected,
                        audit: ["actorName": "ada", "size": 12])
        var full = plain
        full.rawPath = "ZGly"
        full.classification = "SECRET"
        full.sensitive = true
        full.exhibitRef = "AB/1"
        full.description = "phone"
        full.seizedBy = "PC Smith"
        full.seizedAt = "2026-01-01T00:00:00Z"
        full.location = "kitchen"
        full.seal = "S1"
        full.storageLocation = "store 3"
        full.duplicateOf = "itm_0"
        full.reviewDate = "2031-01-01"
        plainExpected.merge(["rawPath": "ZGly", "classification": "SECRET", "sensitive": true, "exhibitRef": "AB/1",
                             "description": "phone", "seizedBy": "PC Smith", "seizedAt": "2026-01-01T00:00:00Z",
                             "location": "kitchen", "seal": "S1", "storageLocation": "store 3", "duplicateOf": "itm_0",
                             "reviewDate": "2031-01-01"]) { $1 }
        try Check.check(ItemAddedEvent(publicPart: .init(classification: "SECRET", sensitive: true), sealedPart: full,
                                       audit: EventAudit(actorName: "ada", reason: "seized", facts: .init(
                                           size: 12, exhibitRef: "AB/1", seizedBy: "PC Smith", seizedAt: "2026-01-01T00:00:00Z",
                                           location: "kitchen", seal: "S1", storageLocation: "store 3"))),
                        public: ["classification": "SECRET", "sensitive": true], sealed: plainExpected,
                        audit: ["actorName": "ada", "reason": "seized", "size": 12, "exhibitRef": "AB/1", "seizedBy": "PC Smith",
                                "seizedAt": "2026-01-01T00:00:00Z", "location": "kitchen", "seal": "S1",
                                "storageLocation": "store 3"])
    }

    @Test("item.read")
    func itemRead() throws {
        let event = ItemReadEvent(sealedPart: .init(destination: "-"),
                                  audit: EventAudit(actorName: "bo", reason: nil, facts: .init(destination: "standard output")))
        try Check.check(event, public: nil, sealed: ["destination": "-"],
                        audit: ["actorName": "bo", "destination": "standard output"])
    }

    @Test("item.amended: a correction, and a reclassification of a part")
    func itemAmended() throws {
        let correction = ItemAmendedEvent(
            publicPart: nil, sealedPart: .init(changes: ["description": "a blue phone", "seal": "S2"], restated: nil, withItem: nil),
            audit: EventAudit(actorName: "ada", reason: "typo", facts: .init(fields: ["description", "seal"], withItem: nil)))
        try Check.check(correction, public: nil, sealed: ["changes": ["description": "a blue phone", "seal": "S2"]],
                        audit: ["actorName": "ada", "reason": "typo", "fields": ["description", "seal"]])
        let restated: [String: JSONValue] = ["sha256": "aa", "classification": "SECRET", "sensitive": false,
                                             "custody": ["holder": "PC Smith"]]
        let reclassified = ItemAmendedEvent(
            publicPart: .init(classification: "SECRET", sensitive: false),
            sealedPart: .init(changes: ["classification": "SECRET", "sensitive": false], restated: restated, withItem: "itm_1"),
            audit: EventAudit(actorName: "ada", reason: nil, facts: .init(fields: ["classification", "sensitive"], withItem: "itm_1")))
        try Check.check(reclassified, public: ["classification": "SECRET", "sensitive": false],
                        sealed: ["changes": ["classification": "SECRET", "sensitive": false], "restated": .object(restated),
                                 "withItem": "itm_1"],
                        audit: ["actorName": "ada", "fields": ["classification", "sensitive"], "withItem": "itm_1"])
    }

    @Test("item.derived, with and without a duplicate")
    func itemDerived() throws {
        var sealed = ItemDerivedEvent.Sealed(sha256: "aa", salt: "bb", size: 9, name: "photo.jpg", part: "attachment 1",
                                             kind: "image", mediaType: "image/jpeg", classification: "OFFICIAL",
                                             sensitive: true, duplicateOf: nil)
        var expected: [String: JSONValue] = ["sha256": "aa", "salt": "bb", "size": 9, "name": "photo.jpg",
                                             "part": "attachment 1", "kind": "image", "mediaType": "image/jpeg",
                                             "classification": "OFFICIAL", "sensitive": true]
        let publicPart = ItemDerivedEvent.Public(parent: "itm_1", classification: "OFFICIAL", sensitive: true)
        let audit = EventAudit(actorName: "ada", reason: nil, facts: ItemDerivedEvent.AuditFacts(size: 9, parent: "itm_1"))
        let expectedPublic: [String: JSONValue] = ["classification": "OFFICIAL", "sensitive": true, "parent": "itm_1"]
        let expectedAudit: [String: JSONValue] = ["actorName": "ada", "size": 9, "parent": "itm_1"]
        try Check.check(ItemDerivedEvent(publicPart: publicPart, sealedPart: sealed, audit: audit),
                        public: expectedPublic, sealed: expected, audit: expectedAudit)
        sealed.duplicateOf = "itm_0"
        expected["duplicateOf"] = "itm_0"
        try Check.check(ItemDerivedEvent(publicPart: publicPart, sealedPart: sealed, audit: audit),
                        public: expectedPublic, sealed: expected, audit: expectedAudit)
    }

    @Test("item.disposed: the item named, and a part disposed of with it")
    func itemDisposed() throws {
        let named = ItemDisposedEvent(sealedPart: .init(reason: "case closed", withItem: nil),
                                      audit: EventAudit(actorName: "cy", reason: "case closed", facts: .init(withItem: nil)))
        try Check.check(named, public: nil, sealed: ["reason": "case closed"], audit: ["actorName": "cy", "reason": "case closed"])
        let part = ItemDisposedEvent(sealedPart: .init(reason: "case closed", withItem: "itm_1"),
                                     audit: EventAudit(actorName: "cy", reason: "case closed", facts: .init(withItem: "itm_1")))
        try Check.check(part, public: nil, sealed: ["reason": "case closed", "withItem": "itm_1"],
                        audit: ["actorName": "cy", "reason": "case closed", "withItem": "itm_1"])
    }

    @Test("physical-item.added, with the least and with every custody fact")
    func physicalItemAdded() throws {
        var sealed = PhysicalItemAddedEvent.Sealed(kind: "exhibit", exhibitRef: "AB/2", description: "knife",
                                                   classification: "OFFICIAL", sensitive: false, seizedBy: nil,
                                                   seizedAt: nil, location: nil, seal: nil, storageLocation: nil)
        var facts = PhysicalItemAddedEvent.AuditFacts(exhibitRef: "AB/2", seizedBy: nil, seizedAt: nil, location: nil,
                                                      seal: nil, storageLocation: nil)
        try Check.check(PhysicalItemAddedEvent(publicPart: .init(classification: "OFFICIAL", sensitive: false), sealedPart: sealed,
                                               audit: EventAudit(actorName: "ada", reason: nil, facts: facts)),
                        public: ["classification": "OFFICIAL", "sensitive": false],
                        sealed: ["kind": "exhibit", "exhibitRef": "AB/2", "description": "knife", "classification": "OFFICIAL",
                                 "sensitive": false],
                        audit: ["actorName": "ada", "exhibitRef": "AB/2"])
        sealed.seizedBy = "PC Smith"
        sealed.seizedAt = "2026-01-01T00:00:00Z"
        sealed.location = "garden"
        sealed.seal = "S9"
        sealed.storageLocation = "locker 4"
        facts = .init(exhibitRef: "AB/2", seizedBy: "PC Smith", seizedAt: "2026-01-01T00:00:00Z", location: "garden",
                      seal: "S9", storageLocation: "locker 4")
        let custody: [String: JSONValue] = ["seizedBy": "PC Smith", "seizedAt": "2026-01-01T00:00:00Z", "location": "garden",
                                            "seal": "S9", "storageLocation": "locker 4"]
        try Check.check(PhysicalItemAddedEvent(publicPart: .init(classification: "OFFICIAL", sensitive: false), sealedPart: sealed,
                                               audit: EventAudit(actorName: "ada", reason: "found", facts: facts)),
                        public: ["classification": "OFFICIAL", "sensitive": false],
                        sealed: custody.merging(["kind": "exhibit", "exhibitRef": "AB/2", "description": "knife",
                                                 "classification": "OFFICIAL", "sensitive": false]) { $1 },
                        audit: custody.merging(["actorName": "ada", "reason": "found", "exhibitRef": "AB/2"]) { $1 })
    }

    @Test("custody.transferred, with and without a new seal and place")
    func custodyTransferred() throws {
        let plain = CustodyTransferredEvent(
            sealedPart: .init(from: "PC Smith", to: "Lab", reason: "analysis", seal: nil, location: nil),
            audit: EventAudit(actorName: "ada", reason: "analysis", facts: .init(from: "PC Smith", to: "Lab", seal: nil, location: nil)))
        try Check.check(plain, public: nil, sealed: ["from": "PC Smith", "to": "Lab", "reason": "analysis"],
                        audit: ["actorName": "ada", "reason": "analysis", "from": "PC Smith", "to": "Lab"])
        let moved = CustodyTransferredEvent(
            sealedPart: .init(from: "Lab", to: "Store", reason: "back", seal: "S3", location: "shelf 2"),
            audit: EventAudit(actorName: "ada", reason: "back", facts: .init(from: "Lab", to: "Store", seal: "S3", location: "shelf 2")))
        try Check.check(moved, public: nil,
                        sealed: ["from": "Lab", "to": "Store", "reason": "back", "seal": "S3", "location": "shelf 2"],
                        audit: ["actorName": "ada", "reason": "back", "from": "Lab", "to": "Store", "seal": "S3",
                                "location": "shelf 2"])
    }

    @Test("retention.reviewed: retain with a next review, and dispose")
    func retentionReviewed() throws {
        let retain = RetentionReviewedEvent(sealedPart: .init(decision: "retain", reason: "ongoing", nextReview: "2027-01-01"),
                                            audit: EventAudit(actorName: "cy", reason: "ongoing", facts: .init(decision: "retain")))
        try Check.check(retain, public: nil, sealed: ["decision": "retain", "reason": "ongoing", "nextReview": "2027-01-01"],
                        audit: ["actorName": "cy", "reason": "ongoing", "decision": "retain"])
        let dispose = RetentionReviewedEvent(sealedPart: .init(decision: "dispose", reason: "done", nextReview: nil),
                                             audit: EventAudit(actorName: "cy", reason: "done", facts: .init(decision: "dispose")))
        try Check.check(dispose, public: nil, sealed: ["decision": "dispose", "reason": "done"],
                        audit: ["actorName": "cy", "reason": "done", "decision": "dispose"])
    }

    @Test("A part that does not fit its type is a thrown error naming the member")
    func malformedPart() throws {
        #expect(throws: DecodingError.self) {
            try ItemReadEvent.decodeParts(public: nil, sealed: ["destination": 3], audit: ["actorName": "bo", "destination": "x"])
        }
        #expect(throws: DecodingError.self) {
            try HoldAddedEvent.decodeParts(public: nil, sealed: nil, audit: nil)
        }
        let locked = try ItemReadEvent.decodeParts(public: nil, sealed: nil, audit: nil)
        #expect(locked.sealed == nil && locked.audit == nil)
    }
}

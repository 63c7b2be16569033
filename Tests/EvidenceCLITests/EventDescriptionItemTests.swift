@testable import EvidenceStore
import Testing

/// The wording of item and custody events: pinned from real typed events, with and without
/// their optional members and with the sealed part out of reach.
@Suite("EventDescription: items and custody")
struct EventDescriptionItemTests {
    typealias S = EventDescriptionSupport

    static func added(exhibitRef: String?) -> ItemAddedEvent {
        ItemAddedEvent(
            publicPart: .init(classification: "OFFICIAL", sensitive: false),
            sealedPart: .init(sha256: "aa11", salt: "bb", size: 12, name: "a.txt", path: "dir/a.txt", rawPath: nil,
                              modified: "2026-01-02T03:04:05Z", kind: "document", classification: "OFFICIAL", sensitive: false,
                              mediaType: "text/plain", exhibitRef: exhibitRef, description: nil, seizedBy: nil, seizedAt: nil,
                              location: nil, seal: nil, storageLocation: nil, duplicateOf: nil, reviewDate: nil),
            audit: S.audit(.init(size: 12, exhibitRef: exhibitRef, seizedBy: nil, seizedAt: nil, location: nil, seal: nil,
                                 storageLocation: nil)))
    }

    @Test("item.added and item.read")
    func addedAndRead() throws {
        #expect(S.detail(try S.record(Self.added(exhibitRef: "AB/1"), caseID: "cas_1", itemID: "itm_1"))
                    == "added itm_1 exhibit AB/1 dir/a.txt sha256 aa11")
        #expect(S.detail(try S.record(Self.added(exhibitRef: nil), caseID: "cas_1", itemID: "itm_1"))
                    == "added itm_1 dir/a.txt sha256 aa11")
        #expect(S.detail(try S.record(Self.added(exhibitRef: "AB/1"), caseID: "cas_1", itemID: "itm_1", sealed: .locked))
                    == "added itm_1  sha256 (sealed) [sealed: no key]")
        #expect(S.detail(try S.record(Self.added(exhibitRef: "AB/1"), caseID: "cas_1", itemID: "itm_1", sealed: .hidden))
                    == "added itm_1  sha256 (sealed) (details hidden)")
        let read = ItemReadEvent(sealedPart: .init(destination: "-"), audit: S.audit(.init(destination: "standard output")))
        #expect(S.detail(try S.record(read, caseID: "cas_1", itemID: "itm_1")) == "read itm_1 to -")
        #expect(S.detail(try S.record(read, caseID: "cas_1", itemID: "itm_1", sealed: .locked))
                    == "read itm_1 to (sealed) [sealed: no key]")
    }

    @Test("item.amended: fields sorted, with the item it was extracted from, reclassified, sealed")
    func amended() throws {
        let plain = ItemAmendedEvent(publicPart: nil, sealedPart: .init(changes: ["exhibitRef": "AB/2", "description": "knife"],
                                                                         restated: nil, withItem: nil),
                                     audit: S.audit(.init(fields: ["description", "exhibitRef"], withItem: nil)))
        #expect(S.detail(try S.record(plain, caseID: "cas_1", itemID: "itm_1")) == "amended itm_1: description, exhibitRef")
        #expect(S.detail(try S.record(plain, caseID: "cas_1", itemID: "itm_1", sealed: .locked))
                    == "amended itm_1: (sealed) [sealed: no key]")
        let withParent = ItemAmendedEvent(
            publicPart: .init(classification: "SECRET", sensitive: true),
            sealedPart: .init(changes: ["classification": "SECRET", "sensitive": true], restated: ["name": "b.pdf"], withItem: "itm_0"),
            audit: S.audit(.init(fields: ["classification", "sensitive"], withItem: "itm_0")))
        #expect(S.detail(try S.record(withParent, caseID: "cas_1", itemID: "itm_2"))
                    == "amended itm_2: classification, sensitive (with itm_0, which it was extracted from)")
    }

    @Test("item.derived and physical-item.added")
    func derivedAndPhysical() throws {
        let derived = ItemDerivedEvent(
            publicPart: .init(parent: "itm_1", classification: "OFFICIAL", sensitive: false),
            sealedPart: .init(sha256: "cc22", salt: "dd", size: 5, name: "b.pdf", part: "attachment 1", kind: "document",
                              mediaType: "application/pdf", classification: "OFFICIAL", sensitive: false, duplicateOf: nil),
            audit: S.audit(.init(size: 5, parent: "itm_1")))
        #expect(S.detail(try S.record(derived, caseID: "cas_1", itemID: "itm_2"))
                    == "recorded attachment 1 of itm_1 as itm_2 b.pdf sha256 cc22")
        #expect(S.detail(try S.record(derived, caseID: "cas_1", itemID: "itm_2", sealed: .locked))
                    == "recorded a part of itm_1 as itm_2 sha256 (sealed) [sealed: no key]")
        let physical = PhysicalItemAddedEvent(
            publicPart: .init(classification: "OFFICIAL", sensitive: false),
            sealedPart: .init(kind: "physical", exhibitRef: "AB/3", description: "knife", classification: "OFFICIAL",
                              sensitive: false, seizedBy: "PC Smith", seizedAt: nil, location: nil, seal: "S1", storageLocation: nil),
            audit: S.audit(.init(exhibitRef: "AB/3", seizedBy: "PC Smith", seizedAt: nil, location: nil, seal: "S1",
                                 storageLocation: nil)))
        #expect(S.detail(try S.record(physical, caseID: "cas_1", itemID: "itm_3")) == "recorded physical exhibit itm_3 AB/3")
        #expect(S.detail(try S.record(physical, caseID: "cas_1", itemID: "itm_3", sealed: .locked))
                    == "recorded physical exhibit itm_3 (sealed) [sealed: no key]")
    }

    @Test("custody.transferred, with a seal and without, sealed")
    func transferred() throws {
        func event(seal: String?) -> CustodyTransferredEvent {
            CustodyTransferredEvent(sealedPart: .init(from: "PC Smith", to: "Store", reason: "storage", seal: seal, location: "Shelf 4"),
                                    audit: S.audit(.init(from: "PC Smith", to: "Store", seal: seal, location: "Shelf 4"), reason: "storage"))
        }
        #expect(S.detail(try S.record(event(seal: "S2"), caseID: "cas_1", itemID: "itm_3"))
                    == "handed itm_3 over from PC Smith to Store, seal S2")
        #expect(S.detail(try S.record(event(seal: nil), caseID: "cas_1", itemID: "itm_3")) == "handed itm_3 over from PC Smith to Store")
        #expect(S.detail(try S.record(event(seal: "S2"), caseID: "cas_1", itemID: "itm_3", sealed: .locked))
                    == "handed itm_3 over from (sealed) to (sealed) [sealed: no key]")
    }
}

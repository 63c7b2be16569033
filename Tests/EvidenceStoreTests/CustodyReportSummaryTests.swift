import Testing
@testable import EvidenceStore

/// The one sentence the custody report gives each entry about the exhibit, pinned from real
/// typed events stored as the catalog stores them, with the sealed part open, out of reach
/// (locked or hidden) and not fitting its type.
@Suite("Custody report: the sentence of each entry")
struct CustodyReportSummaryTests {
    static func record<Event: LedgerEvent>(_ event: Event, sealed: String = "open") throws -> EntryRecord {
        let draft = try event.draft(caseID: "cas_1", itemID: "itm_1")
        return raw(draft.type, sealed: sealed == "open" ? draft.sealedPart.map { CanonicalJSON.encodeString(.object($0)) } : nil,
                   state: sealed, public: draft.publicPart.map { CanonicalJSON.encodeString(.object($0)) })
    }

    static func raw(_ type: String, sealed: String?, state: String = "open", public publicJSON: String? = nil) -> EntryRecord {
        EntryRecord(seq: 5, type: type, time: "2026-03-16T08:00:00.000Z", actor: "usr_A", caseID: "cas_1", itemID: "itm_1",
                    signer: "usr_A", leafHash: String(repeating: "0", count: 64), publicJSON: publicJSON, sealedJSON: sealed,
                    sealedState: state, auditState: "locked")
    }

    /// The sentence, read through the event type, which a test would not notice otherwise (the
    /// member-by-member sentence is the same).
    static func typed(_ record: EntryRecord, sourceLocation: SourceLocation = #_sourceLocation) -> String {
        #expect(CustodyReport.typedSummary(record) != nil, sourceLocation: sourceLocation)
        return CustodyReport.describe(record)
    }

    /// The sentence of an entry that does not fit its type, read member by member.
    static func members(_ record: EntryRecord, sourceLocation: SourceLocation = #_sourceLocation) -> String {
        #expect(CustodyReport.typedSummary(record) == nil, sourceLocation: sourceLocation)
        return CustodyReport.describe(record)
    }

    static func audit<Facts>(_ facts: Facts, reason: String? = nil) -> EventAudit<Facts> {
        EventAudit(actorName: "officer", reason: reason, facts: facts)
    }

    static let added = ItemAddedEvent(
        publicPart: .init(classification: "OFFICIAL", sensitive: false),
        sealedPart: .init(sha256: "aa11", salt: "bb", size: 12, name: "a.txt", path: "dir/a.txt", rawPath: nil,
                          modified: "2026-01-02T03:04:05Z", kind: "document", classification: "OFFICIAL", sensitive: false,
                          mediaType: "text/plain", exhibitRef: nil, description: nil, seizedBy: nil, seizedAt: nil,
                          location: nil, seal: nil, storageLocation: nil, duplicateOf: nil, reviewDate: nil),
        audit: audit(.init(size: 12, exhibitRef: nil, seizedBy: nil, seizedAt: nil, location: nil, seal: nil, storageLocation: nil)))

    @Test("item.added and physical-item.added")
    func added() throws {
        #expect(Self.typed(try Self.record(Self.added)) == "Added to the store as dir/a.txt, 12 bytes, SHA-256 aa11.")
        #expect(Self.typed(try Self.record(Self.added, sealed: "hidden")) == "Added to the store as a file, SHA-256 ?.")
        #expect(CustodyReport.describe(try Self.record(Self.added, sealed: "locked"))
                    == "item.added (its details are sealed under a key this reader does not hold)")
        let physical = PhysicalItemAddedEvent(
            publicPart: .init(classification: "OFFICIAL", sensitive: false),
            sealedPart: .init(kind: "physical", exhibitRef: "KNF/1", description: "Kitchen knife", classification: "OFFICIAL",
                              sensitive: false, seizedBy: nil, seizedAt: nil, location: nil, seal: nil, storageLocation: nil),
            audit: Self.audit(.init(exhibitRef: "KNF/1", seizedBy: nil, seizedAt: nil, location: nil, seal: nil, storageLocation: nil)))
        #expect(Self.typed(try Self.record(physical)) == "Recorded as physical exhibit KNF/1: Kitchen knife")
        #expect(Self.typed(try Self.record(physical, sealed: "hidden")) == "Recorded as physical exhibit ?: ")
    }

    @Test("item.read, item.amended and item.disposed")
    func readAndAmended() throws {
        func read(_ destination: String) -> ItemReadEvent {
            ItemReadEvent(sealedPart: .init(destination: destination), audit: Self.audit(.init(destination: destination)))
        }
        #expect(Self.typed(try Self.record(read("-"))) == "Content read (decrypted and checked), written to standard output.")
        #expect(Self.typed(try Self.record(read("out/a.txt")))
                    == "Content read (decrypted and checked), written to out/a.txt.")
        #expect(Self.typed(try Self.record(read("-"), sealed: "hidden")) == "Content read (decrypted and checked), written to ?.")
        let amended = ItemAmendedEvent(publicPart: nil, sealedPart: .init(changes: ["seizedBy": "PC 1", "storageLocation": "Store"],
                                                                           restated: nil, withItem: nil),
                                       audit: Self.audit(.init(fields: ["seizedBy", "storageLocation"], withItem: nil)))
        #expect(Self.typed(try Self.record(amended)) == "Details corrected: seized by, storage location.")
        #expect(Self.typed(try Self.record(amended, sealed: "hidden")) == "Details corrected: .")
        let disposed = ItemDisposedEvent(sealedPart: .init(reason: "expired", withItem: nil), audit: Self.audit(.init(withItem: nil)))
        #expect(CustodyReport.describe(try Self.record(disposed)) == "item.disposed")
    }

    @Test("custody.transferred: seal, place and reason, each when there")
    func transferred() throws {
        func event(seal: String?, location: String?, reason: String) -> CustodyTransferredEvent {
            CustodyTransferredEvent(sealedPart: .init(from: "PC Shaw", to: "Store", reason: reason, seal: seal, location: location),
                                    audit: Self.audit(.init(from: "PC Shaw", to: "Store", seal: seal, location: location), reason: reason))
        }
        #expect(Self.typed(try Self.record(event(seal: "EV1", location: "Shelf 4", reason: "storage")))
                    == "Handed over by PC Shaw to Store, seal EV1, now at Shelf 4. Reason: storage.")
        #expect(Self.typed(try Self.record(event(seal: nil, location: nil, reason: "to the lab.")))
                    == "Handed over by PC Shaw to Store. Reason: to the lab.")
        #expect(Self.typed(try Self.record(event(seal: nil, location: nil, reason: "x"), sealed: "hidden"))
                    == "Handed over by ? to ?.")
    }

    @Test("sealed parts that do not fit their type are read member by member, as before")
    func partial() {
        #expect(Self.members(Self.raw(EventType.itemAdded, sealed: #"{"name":"a.txt","size":"big"}"#))
                    == "Added to the store as a.txt, SHA-256 ?.")
        #expect(Self.members(Self.raw(EventType.custodyTransferred, sealed: #"{"to":"Store","seal":"EV2"}"#))
                    == "Handed over by ? to Store, seal EV2.")
        #expect(Self.members(Self.raw(EventType.physicalItemAdded, sealed: #"{"exhibitRef":"KNF/2"}"#))
                    == "Recorded as physical exhibit KNF/2: ")
        #expect(Self.members(Self.raw(EventType.itemRead, sealed: "{")) == "Content read (decrypted and checked), written to ?.")
        #expect(Self.members(Self.raw(EventType.itemAmended, sealed: #"{"changes":{"kind":"x"},"withItem":5}"#))
                    == "Details corrected: kind.")
        #expect(Self.members(Self.raw("future.thing", sealed: "{}")) == "future.thing")
    }
}

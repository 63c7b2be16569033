import Foundation
import Testing
@testable import EvidenceStore

/// The continuity record (docs/FORMAT.md §7.5): who holds an exhibit, under which seal and
/// where, built from the projection alone; and the checks on a requested hand-over.
@Suite struct CustodyContinuityTests {
    static let names = ["usr_A": "officer", "usr_B": "exhibits.clerk"]

    static func knife(seizedBy: String? = "PC 2417 SHAW") -> ItemRecord {
        ItemRecord(id: "itm_K", caseID: "case_C", addedSeq: 8, addedAt: "2026-03-14T09:12:44.120Z", addedBy: "usr_A",
                   kind: "exhibit", exhibitRef: "KNF/1", description: "Kitchen knife", seizedBy: seizedBy,
                   seizedAt: "2026-03-14T03:05:00.000Z", location: "rear garden", physical: true, seal: "EV123456",
                   storageLocation: "Property store")
    }

    static func transfer(_ seq: Int64, from: String?, to: String?, seal: String? = nil, location: String? = nil,
                         reason: String? = "examination", actor: String = "usr_B") -> CustodyTransferRecord {
        CustodyTransferRecord(seq: seq, caseID: "case_C", itemID: "itm_K", time: "2026-03-15T10:00:0\(seq % 10).000Z",
                              actor: actor, fromHolder: from, toHolder: to, seal: seal, location: location, reason: reason)
    }

    static func amendment(_ seq: Int64, changes: String) -> EntryRecord {
        EntryRecord(seq: seq, type: EventType.itemAmended, time: "2026-03-16T08:00:00.000Z", actor: "usr_A",
                    caseID: "case_C", itemID: "itm_K", signer: "usr_A", leafHash: String(repeating: "0", count: 64),
                    sealedJSON: changes, sealedState: "open", auditState: "locked")
    }

    @Test func initialHolderIsTheSeizingOfficerElseTheAdder() {
        #expect(CustodyState.initial(of: Self.knife(), names: Self.names)
            == CustodyState(holder: "PC 2417 SHAW", seal: "EV123456", location: "Property store"))
        #expect(CustodyState.initial(of: Self.knife(seizedBy: nil), names: Self.names).holder == "officer")
        // A user the reader cannot name is shown by id rather than dropped.
        #expect(CustodyState.initial(of: Self.knife(seizedBy: nil), names: [:]).holder == "usr_A")
    }

    @Test func handOversChangeHolderAndKeepSealAndLocationUnlessGiven() {
        let start = CustodyState(holder: "PC 2417 SHAW", seal: "EV1", location: "Store")
        let moved = start.after(Self.transfer(9, from: "PC 2417 SHAW", to: "DC JONES", location: "Lab 3"))
        #expect(moved == CustodyState(holder: "DC JONES", seal: "EV1", location: "Lab 3"))
        let resealed = moved.after(Self.transfer(10, from: "DC JONES", to: "Store", seal: "EV2"))
        #expect(resealed == CustodyState(holder: "Store", seal: "EV2", location: "Lab 3"))
        // A sealed (unreadable) hand-over never passes for a known holder.
        #expect(resealed.after(Self.transfer(11, from: nil, to: nil)).holder == CustodyState.unreadable)
        #expect(resealed.summary == "in the custody of Store, seal EV2, at Lab 3")
        #expect(CustodyState(holder: "X", seal: nil, location: nil).summary == "in the custody of X")
    }

    @Test func recordListsSeizureBookingHandOversAndCorrectionsInLedgerOrder() {
        let transfers = [
            Self.transfer(12, from: "DC JONES", to: "Property store", reason: "returned"),
            Self.transfer(10, from: "PC 2417 SHAW", to: "DC JONES", seal: "EV999", location: "Lab 3"),
        ]
        let events = [Self.amendment(11, changes: #"{"changes":{"description":"Knife","seal":"EV123457"}}"#)]
        let record = ContinuityRecord.build(item: Self.knife(), transfers: transfers, events: events, names: Self.names)
        #expect(record.steps.map(\.kind) == [.seized, .recorded, .transferred, .amended, .transferred])
        #expect(record.steps.map(\.seq) == [nil, 8, 10, 11, 12])
        #expect(record.steps[0].text == "Seized by PC 2417 SHAW at rear garden.")
        #expect(record.steps[0].time == "2026-03-14T03:05:00.000Z" && record.steps[0].recordedBy == nil)
        #expect(record.steps[1].text == "Recorded as a physical exhibit (no digital content), in the custody of PC 2417 SHAW, seal EV123456, at Property store.")
        #expect(record.steps[1].recordedBy == "officer")
        #expect(record.steps[2].text == "Handed over by PC 2417 SHAW to DC JONES, seal EV999 (was EV123456), now at Lab 3. Reason: examination.")
        #expect(record.steps[2].recordedBy == "exhibits.clerk")
        #expect(record.steps[3].text == "Details corrected: description, seal.")
        #expect(record.steps[4].text == "Handed over by DC JONES to Property store. Reason: returned.")
        #expect(record.current == CustodyState(holder: "Property store", seal: "EV999", location: "Lab 3"))
    }

    @Test func fileItemsNameTheirHashAndOtherItemsAreIgnored() {
        var glove = Self.knife(seizedBy: nil)
        glove.physical = false
        glove.seizedAt = nil
        glove.location = nil
        glove.seal = nil
        glove.storageLocation = nil
        glove.path = "glove.txt"
        glove.size = 59
        glove.sha256 = String(repeating: "ab", count: 32)
        var other = Self.transfer(9, from: "A", to: "B")
        other.itemID = "itm_OTHER"
        let record = ContinuityRecord.build(item: glove, transfers: [other], events: [], names: Self.names)
        // No seizure facts: no seizure line; nobody seized it, so the adder holds it.
        #expect(record.steps.map(\.kind) == [.recorded])
        #expect(record.steps[0].text == "Added to the store as glove.txt, 59 bytes, SHA-256 \(glove.sha256 ?? ""); in the custody of officer.")
        #expect(record.current.holder == "officer")
    }

    @Test func lockedCorrectionsSaySo() {
        var locked = Self.amendment(9, changes: "")
        locked.sealedJSON = nil
        locked.sealedState = "locked"
        let record = ContinuityRecord.build(item: Self.knife(), transfers: [], events: [locked], names: Self.names)
        #expect(record.steps.last?.text == "Details corrected (the changes are sealed).")
    }

    @Test func timesAreShownInUTCToTheSecond() {
        #expect(ContinuityStep.displayTime("2026-03-14T03:05:00.999Z") == "2026-03-14 03:05:00 UTC")
        #expect(ContinuityStep.displayTime(nil) == "time not stated")
        #expect(ContinuityStep.displayTime("yesterday") == "yesterday")
    }

    @Test func transferRequestsAreCheckedAndTidied() throws {
        let request = try CustodyTransferRequest(itemID: "itm_K", to: "  DC 100 JONES ", reason: " for examination ",
                                                 seal: "EV999", location: nil)
        #expect(request.to == "DC 100 JONES" && request.reason == "for examination" && request.seal == "EV999")
        #expect(request.location == nil)

        func refusal(to: String? = "DC JONES", reason: String? = "why", seal: String? = nil, location: String? = nil)
            -> EvidenceError? {
            do {
                _ = try CustodyTransferRequest(itemID: "itm_K", to: to, reason: reason, seal: seal, location: location)
                return nil
            } catch let error as EvidenceError {
                return error
            } catch {
                return nil
            }
        }
        #expect(refusal(to: nil)?.message == "Name who receives the exhibit with --to NAME.")
        #expect(refusal(to: "   ")?.message == "Name who receives the exhibit with --to NAME.")
        #expect(refusal(reason: nil)?.message.hasPrefix("Say why the exhibit is handed over with --reason TEXT") == true)
        #expect(refusal(to: "A\u{1B}[2J")?.message == "--to must not contain control characters.")
        #expect(refusal(to: "A\nB")?.message == "--to must be one line.")
        #expect(refusal(to: String(repeating: "x", count: 201))?.message == "--to is limited to 200 bytes.")
        #expect(refusal(seal: "")?.message == "--seal must not be empty; leave it out if nothing changed.")
        #expect(refusal(seal: String(repeating: "9", count: 65))?.message == "--seal is limited to 64 bytes.")
        #expect(refusal(location: "Lab\u{7}")?.message == "--location must not contain control characters.")
        #expect(refusal(reason: String(repeating: "r", count: 2001))?.message == "--reason is limited to 2000 bytes.")
        for error in [refusal(to: nil), refusal(reason: nil), refusal(seal: "")] { #expect(error?.exitCode == 64) }
    }

    @Test func physicalExhibitsNeedALabelAndADescriptionAndNoHash() throws {
        var options = AddOptions(caseReference: "CR-1")
        options.exhibitRef = "KNF/1"
        options.description = "Kitchen knife"
        try options.validatePhysical()
        var noReference = options
        noReference.exhibitRef = " "
        #expect(throws: EvidenceError(.usage, field: .exhibitRef, "A physical exhibit needs \(option: .exhibitRef), the reference on its label.")) {
            try noReference.validatePhysical()
        }
        var noDescription = options
        noDescription.description = nil
        #expect(throws: EvidenceError(.usage, field: .description, "A physical exhibit needs \(option: .description) saying what it is.")) {
            try noDescription.validatePhysical()
        }
        var withHash = options
        withHash.expectedSHA256 = [UInt8](repeating: 1, count: 32)
        #expect(throws: EvidenceError(.usage, field: .expectedSHA256, "\(name: .expectedSHA256) applies to files; a physical exhibit has no digital content.")) {
            try withHash.validatePhysical()
        }
        var badSeal = options
        badSeal.seal = "EV\u{0}1"
        #expect(throws: EvidenceError(.usage, field: .seal, "\(name: .seal) must not contain control characters.")) { try badSeal.validatePhysical() }
    }
}

import Foundation
import Testing
@testable import EvidenceStore

/// FORMAT §7.4 *Reclassification*, read by the independent reader (docs/reference/evidence_reader.py):
/// it follows an item's content into the object a reclassification re-sealed it into, takes what
/// was restated under the new class key, and judges a reclassification that re-seals nothing
/// invalid, exactly as `evidence verify` does.
@Suite struct ReferenceReaderReclassifyTests {
    let reader = ReferenceReaderTests()

    @Test(.enabled(if: ReferenceReaderTests.pythonReady, "python3 with the cryptography package is not installed"))
    func independentReaderFollowsReclassification() throws {
        let fixture = try ReaderRepository("reclassify")
        defer { fixture.remove() }
        let folder = fixture.folder, repo = fixture.repo, passphraseFile = fixture.passphraseFile
        let open = fixture.open
        func enrol(_ name: String, roles: [String], clearance: String) throws {
            try fixture.enrol(name, roles: roles, clearance: clearance)
        }
        try enrol("sam", roles: ["senior-investigating-officer"], clearance: "SC")
        try enrol("bea", roles: ["investigator"], clearance: "BPSS")
        _ = try open("sam").createCase(reference: "RC/1", title: "reclassified", classification: .official, reason: nil, wait: 5)
        try open("sam").grant(caseReference: "RC/1", userName: "bea", role: "investigator", reason: nil, wait: 5)
        func add(_ name: String, _ text: String, classification: Classification) throws -> String {
            let file = folder.appendingPathComponent(name).path
            try text.write(toFile: file, atomically: true, encoding: .utf8)
            var options = AddOptions(caseReference: "RC/1")
            options.classification = classification
            var ids: [String] = []
            try open("sam").add(paths: [file], options: options, warn: { _ in }) { ids.append($0.id) }
            return try #require(ids.first)
        }
        let raised = try add("raised.txt", "an OFFICIAL note that turns out to be SECRET\n", classification: .official)
        let lowered = try add("lowered.txt", "a SECRET note that may be shared after all\n", classification: .secret)
        _ = try open("sam").amend(itemID: raised, changes: ["classification": "SECRET"], reason: nil, wait: 5)
        _ = try open("sam").amend(itemID: lowered, changes: ["classification": "OFFICIAL"], reason: nil, wait: 5)

        // Both implementations find it intact, for an outsider, for sam, and for bea (who never
        // held the SECRET key and decrypts the lowered note from what its reclassification restated).
        let clean = try open("admin").verify(reason: nil, wait: 5)
        #expect(clean.isIntact, "\(clean.problems)")
        for user in [nil, "sam", "bea"] {
            var arguments = ["verify", repo]
            if let user { arguments += ["--user", user, "--passphrase-file", passphraseFile] }
            let result = try reader.run(arguments)
            #expect(result.status == 0, "the independent reader rejects a reclassified repository as \(user ?? "outsider"):\n\(result.output)")
        }
        let asBea = try reader.run(["verify", repo, "--user", "bea", "--passphrase-file", passphraseFile])
        #expect(asBea.output.contains("2 items: 1 objects decrypted"), "\(asBea.output)")

        // Sam's own code reclassifies the raised note back without re-sealing it: invalid to both.
        let forger = try open("sam")
        let caseID = try #require(try forger.authority.items.item(raised)?.caseID)
        let tx = try LedgerTransaction(session: forger, wait: 5)
        let forgedSeq = tx.nextSequence
        try tx.append(EventDraft(type: EventType.itemAmended, caseID: caseID, itemID: raised,
                                 publicPart: ["classification": "OFFICIAL", "sensitive": false],
                                 auditPart: forger.auditBase(reason: nil),
                                 sealedPart: ["changes": ["classification": "OFFICIAL"]]))
        try tx.finish()
        let report = try open("admin").verify(reason: nil, wait: 5)
        #expect(report.problems.contains { $0.hasPrefix("ledger entry \(forgedSeq) (") && $0.contains("without naming its object") },
                "\(report.problems)")
        let result = try reader.run(["verify", repo])
        #expect(result.status == 65, "\(result.output)")
        #expect(ReferenceReaderTests.invalidEntries(result.output) == [forgedSeq], "the reader and evidence verify disagree:\n\(result.output)")
    }
}

import EvidenceStore
import Foundation
import Testing

/// Library errors written once and rendered twice: `message` exactly as the CLI has always
/// printed it (its tests and users' scripts rely on the sentences), `plainMessage` naming no
/// flag for the service and the server, and `field` naming the request field at fault.
@Suite("Errors: fields and two renderings")
struct EvidenceErrorFieldTests {
    private func thrown(_ body: () throws -> Void) -> EvidenceError? {
        do {
            try body()
            Issue.record("expected an EvidenceError")
            return nil
        } catch let error as EvidenceError {
            return error
        } catch {
            Issue.record("expected an EvidenceError, got \(error)")
            return nil
        }
    }

    @Test("a hand-over without a recipient, a reason or with an empty seal: the CLI's flag, the plain noun, the field")
    func custodyTransfer() {
        let noRecipient = thrown { _ = try CustodyTransferRequest(itemID: "i", to: " ", reason: "lab", seal: nil, location: nil) }
        #expect(noRecipient?.message == "Name who receives the exhibit with --to NAME.")
        #expect(noRecipient?.plainMessage == "Name who receives the exhibit.")
        #expect(noRecipient?.field == .to && noRecipient?.kind == .usage)

        let noReason = thrown { _ = try CustodyTransferRequest(itemID: "i", to: "Lab", reason: nil, seal: nil, location: nil) }
        #expect(noReason?.message == "Say why the exhibit is handed over with --reason TEXT; it is part of the continuity record.")
        #expect(noReason?.plainMessage == "Say why the exhibit is handed over; it is part of the continuity record.")
        #expect(noReason?.field?.key == "reason")

        let emptySeal = thrown { _ = try CustodyTransferRequest(itemID: "i", to: "Lab", reason: "exam", seal: " ", location: nil) }
        #expect(emptySeal?.message == "--seal must not be empty; leave it out if nothing changed.")
        #expect(emptySeal?.plainMessage == "The seal must not be empty; leave it out if nothing changed.")
        #expect(emptySeal?.field == .seal)
    }

    @Test("a text limit and a physical exhibit's requirements name the field either way")
    func addOptions() {
        let long = thrown { try Session.validateText(String(repeating: "x", count: 65), field: .exhibitRef, limit: 64) }
        #expect(long?.message == "--exhibit-ref is limited to 64 bytes.")
        #expect(long?.plainMessage == "The exhibit reference is limited to 64 bytes.")

        var options = AddOptions(caseReference: "CR-1")
        let noRef = thrown { try options.validatePhysical() }
        #expect(noRef?.message == "A physical exhibit needs --exhibit-ref REF, the reference on its label.")
        #expect(noRef?.plainMessage == "A physical exhibit needs an exhibit reference, the reference on its label.")
        #expect(noRef?.field == .exhibitRef)

        options.exhibitRef = "JD/1"
        options.description = "A knife"
        options.expectedSHA256 = [UInt8](repeating: 0, count: 32)
        let hash = thrown { try options.validatePhysical() }
        #expect(hash?.message == "--expect-sha256 applies to files; a physical exhibit has no digital content.")
        #expect(hash?.plainMessage == "The expected SHA-256 applies to files; a physical exhibit has no digital content.")
        #expect(hash?.field?.key == "expectedSHA256")
    }

    @Test("an existing output file: 'add --force' for the CLI, 'allow replacing it' otherwise")
    func outputFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("evidence-field-\(UUID().uuidString)").path
        #expect(FileManager.default.createFile(atPath: path, contents: Data("x".utf8)))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let exists = thrown { _ = try OutputTarget.examine(path, force: false) }
        #expect(exists?.message == "\(path) already exists: name a new file, or add --force to replace it.")
        #expect(exists?.plainMessage == "\(path) already exists: name a new file, or allow replacing it.")
        #expect(exists?.field?.key == "replacing")
    }

    @Test("a hint that only a command line can follow is dropped or reworded, never left with a flag")
    func hints() throws {
        let today = try #require(CalendarDate(parsing: "2025-01-01"))
        let block = try #require(CaseStatus.convicted.disposalBlock(date: CalendarDate(parsing: "2024-01-10"), today: today))
        #expect(block.cli.hasSuffix("record the release with evidence case status REF convicted --date 2024-01-10 --released DATE (for a sentence without custody, the day of sentence)"))
        #expect(block.plain.hasSuffix("record the release date (for a sentence without custody, the day of sentence)"))

        let busy = EvidenceError(.busy, field: .wait, "The repository is busy; try again or \(cli: "pass \(option: .wait)", plain: "wait longer for it").")
        #expect(busy.message == "The repository is busy; try again or pass --wait SECONDS.")
        #expect(busy.plainMessage == "The repository is busy; try again or wait longer for it.")
        // A sentence with no field reads the same both ways.
        #expect(EvidenceError.noSuchItem("X").plainMessage == EvidenceError.noSuchItem("X").message)
        #expect(EvidenceError.noSuchItem("X").field == nil)
    }
}

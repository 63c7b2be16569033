@testable import EvidenceStore
import Testing

/// verify and audit accept an `item.disposed` only for an item added earlier, in its case,
/// with its commitment, once.
@Suite("Disposal entry checks")
struct DisposalEntryCheckTests {
    static let caseID = "case_01JAAAAAAAAAAAAAAAAAAAAAAA"
    static let itemID = "itm_01JAAAAAAAAAAAAAAAAAAAAAAA"
    static let commitment = [UInt8](repeating: 7, count: 32)

    static func entry(_ seq: UInt64, _ type: String, caseID: String? = caseID, itemID: String? = itemID,
                      commitment: [UInt8]? = commitment) -> LedgerEntry {
        LedgerEntry(seq: seq, time: Timestamp(milliseconds: Int64(seq)), type: type, actor: "usr_01JAAAAAAAAAAAAAAAAAAAAAAA",
                    caseID: caseID, itemID: itemID, commitment: commitment, tool: "test", signer: "usr_01JAAAAAAAAAAAAAAAAAAAAAAA")
    }

    static func problems(_ entries: [LedgerEntry]) -> [String] {
        var report = VerificationReport()
        Repository.checkDisposalEntries(entries, into: &report)
        return report.problems
    }

    @Test("a disposal of the added item passes; unknown, early, mismatched and repeated ones are problems")
    func checks() {
        let added = Self.entry(1, EventType.itemAdded)
        #expect(Self.problems([added, Self.entry(2, EventType.itemDisposed)]).isEmpty)
        #expect(Self.problems([Self.entry(1, EventType.itemDisposed), Self.entry(2, EventType.itemAdded)]).count == 1)
        #expect(Self.problems([added, Self.entry(2, EventType.itemDisposed, itemID: "itm_01JBBBBBBBBBBBBBBBBBBBBBBB")])
            .first?.contains("which no earlier entry added") == true)
        #expect(Self.problems([added, Self.entry(2, EventType.itemDisposed, commitment: [UInt8](repeating: 8, count: 32))]).count == 1)
        #expect(Self.problems([added, Self.entry(2, EventType.itemDisposed, commitment: nil)]).count == 1)
        #expect(Self.problems([added, Self.entry(2, EventType.itemDisposed, caseID: "case_01JBBBBBBBBBBBBBBBBBBBBBBB")]).count == 1)
        #expect(Self.problems([added, Self.entry(2, EventType.itemDisposed), Self.entry(3, EventType.itemDisposed)])
            .first?.contains("a second time") == true)
    }

    @Test("the case and commitment are bound without ambiguity: absent is not empty, and one member's bytes cannot move into the other")
    func bindingSeparatesMembers() {
        let commitment = [UInt8](repeating: 1, count: 32)
        #expect(DisposalEntryCheck.binding(caseID: "case_A", commitment: commitment)
            == DisposalEntryCheck.binding(caseID: "case_A", commitment: commitment))
        #expect(DisposalEntryCheck.binding(caseID: nil, commitment: commitment)
            != DisposalEntryCheck.binding(caseID: "", commitment: commitment))
        #expect(DisposalEntryCheck.binding(caseID: "case_A", commitment: nil)
            != DisposalEntryCheck.binding(caseID: "case_A", commitment: []))
        #expect(DisposalEntryCheck.binding(caseID: "ab", commitment: [1])
            != DisposalEntryCheck.binding(caseID: "a", commitment: [0x62, 1]))
        // An item added with no case can only be disposed of with no case.
        let added = Self.entry(1, EventType.itemAdded, caseID: nil)
        #expect(Self.problems([added, Self.entry(2, EventType.itemDisposed, caseID: nil)]).isEmpty)
        #expect(Self.problems([added, Self.entry(2, EventType.itemDisposed, caseID: "")]).count == 1)
    }
}

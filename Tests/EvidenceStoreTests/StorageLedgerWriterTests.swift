import Foundation
import Testing
@testable import EvidenceStore

/// The ledger writer publishes through its storage's compare-and-swap.
@Suite struct StorageLedgerWriterTests {
    /// Two writers opened at the same checkpoint (as two hosts whose writer lock does not
    /// reach each other): the ledger writer publishes through the compare-and-swap, so the
    /// second to commit is refused and the first one's checkpoint stays published.
    @Test func ledgerWriterLosesTheCompareAndSwap() throws {
        let ledger = try UnitLedger()
        let first = try ledger.freshWriter()
        try first.append(UnitLedger.entry(0))
        try first.commit(origin: UnitLedger.origin, signer: ledger.signer)
        let winner = try ledger.reopenedWriter()
        let loser = try ledger.reopenedWriter()
        try winner.append(UnitLedger.entry(1))
        let won = try winner.commit(origin: UnitLedger.origin, signer: ledger.signer)
        try loser.append(UnitLedger.entry(2))
        try loser.append(UnitLedger.entry(3))
        let refusal = #expect(throws: EvidenceError.self) { try loser.commit(origin: UnitLedger.origin, signer: ledger.signer) }
        #expect(refusal?.description.contains("Another writer published a checkpoint of 2 entries") == true)
        #expect(try ledger.store.readCheckpointBytes() == won.signed)
        #expect(try ledger.newestCheckpoint().size == 2)
        #expect(try ledger.store.archivedCheckpointSizes() == [1, 2])
    }
}

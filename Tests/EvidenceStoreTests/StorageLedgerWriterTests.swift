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

    /// What the writer wrote is what the `LedgerStorage` methods read: the same storage,
    /// seen through the protocol a server would hold.
    @Test func theProtocolSeesTheWritersLedger() async throws {
        let ledger = try UnitLedger()
        let entries = (0..<300).map(UnitLedger.entry)
        let writer = try ledger.freshWriter()
        for entry in entries[0..<100] { try writer.append(entry) }
        try writer.commit(origin: UnitLedger.origin, signer: ledger.signer)
        for entry in entries[100...] { try writer.append(entry) }
        let (_, signed) = try writer.commit(origin: UnitLedger.origin, signer: ledger.signer)
        let storage: any LedgerStorage = ledger.store.storage
        #expect(try await storage.readCheckpoint() == signed)
        #expect(try await storage.archivedCheckpointSizes() == [100, 300])
        // Bundle 0 and level-0 tile 0 became full: their partial versions are gone.
        #expect(try await storage.partialWidths(.entries, index: 0) == [])
        #expect(try await storage.partialWidths(.hashes(level: 0), index: 0) == [])
        #expect(try await storage.partialWidths(.entries, index: 1) == [44])
        let full = try #require(try await storage.readTile(TileRef(kind: .entries, index: 0, width: 256)))
        #expect(try EntryBundle.decode(full, expectedCount: 256) == Array(entries[0..<256]))
        let partial = try #require(try await storage.readTile(TileRef(kind: .entries, index: 1, width: 44)))
        #expect(try EntryBundle.decode(partial, expectedCount: 44) == Array(entries[256..<300]))
        let leaves = try #require(try await storage.readTile(TileRef(kind: .hashes(level: 0), index: 0, width: 256)))
        #expect(Array(leaves[0..<32]) == (try Merkle.leafHash(entries[0])))
    }
}

import EvidenceStore
@testable import EvidenceSearch
import Foundation
@testable import SearchIndex
import Testing

/// Two processes catching up one case's index at once: the one that waited for the index's
/// lock must not commit what it planned before it had the lock.
@Suite("CLI: concurrent index catch-up")
struct CLIIndexRaceTests {
    @Test("a catch-up whose watermark moved on while it waited for the lock starts again instead of moving it back")
    func staleCatchUpKeepsTheWatermark() throws {
        try CLITestbed.run { bed in
            try bed.repositoryWithCase("CR-1")
            try bed.addOne(try bed.write("in/a.txt", "alpha statement of the first witness"))
            _ = try bed.search("alpha")
            try bed.addOne(try bed.write("in/b.txt", "bravo statement of the second witness"), extra: ["--no-index"])

            // This process sees the ledger with b, which the index lags behind.
            let session = try Session.open(repositoryPath: bed.repo, stateRoot: bed.state, userName: bed.user,
                                           passphrase: bed.passphrase)
            let caseRecord = try #require(try session.findCaseIfVisible("CR-1"))
            let indexer = CaseIndexer(session: session, extractor: InProcessExtractor())
            let path = indexer.indexPath(caseID: caseRecord.id)
            let before = try #require(try CaseIndex.committedWatermark(path: path))
            let sizeSeen = try session.projectedLedgerSize()
            #expect(before < sizeSeen)

            // Between its reading the watermark and taking the lock, another process adds c
            // and indexes everything, moving the watermark past what this one knows of.
            var othersWatermark: UInt64?
            indexer.beforeTakingIndexLock = {
                guard othersWatermark == nil else { return }
                do {
                    try bed.addOne(try bed.write("in/c.txt", "charlie statement of the third witness"), extra: ["--no-index"])
                    _ = try bed.search("charlie")
                    othersWatermark = try CaseIndex.committedWatermark(path: path)
                } catch {
                    Issue.record("the other process failed: \(error)")
                }
            }
            _ = try indexer.catchUp(caseRecord, wait: 0)
            let others = try #require(othersWatermark)
            #expect(others > sizeSeen, "the other process indexed further than this one had seen")
            #expect(try CaseIndex.committedWatermark(path: path) == others,
                    "the stale catch-up must not move the watermark back to what it saw")

            // Every item is found, and verify agrees the index matches the ledger.
            for word in ["alpha", "bravo", "charlie"] {
                #expect(total(try bed.search(word)) == 1, "\(word)")
            }
            try bed.verifyIntact()
        }
    }
}

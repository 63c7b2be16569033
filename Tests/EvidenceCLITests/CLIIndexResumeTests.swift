import EvidenceStore
@testable import EvidenceSearch
import Foundation
@testable import SearchIndex
import Testing

/// A case's first index build commits as it goes: stopped part-way, the next catch-up goes on
/// from what was committed instead of starting again from nothing.
@Suite("CLI: an interrupted first index build resumes")
struct CLIIndexResumeTests {
    struct Stopped: Error {}

    @Test("a first build stopped after its first page resumes at the watermark it committed, parts included")
    func interruptedBuildResumes() throws {
        try CLITestbed.run { bed in
            try bed.repositoryWithCase("CR-1")
            let words = ["alpha", "bravo", "charlie", "delta", "echo"]
            var files: [String] = []
            for word in words { files.append(try bed.write("in/\(word).txt", "\(word) statement of a witness")) }
            for file in files { try bed.addOne(file, extra: ["--no-index"]) }
            // An email whose attachment becomes an item of its own once it is indexed.
            try bed.addOne(SearchFixtures.email, extra: ["--no-index"])

            let session = try Session.open(repositoryPath: bed.repo, stateRoot: bed.state, userName: bed.user,
                                           passphrase: bed.passphrase)
            let caseRecord = try #require(try session.findCaseIfVisible("CR-1"))
            let stopping = CaseIndexer(session: session, extractor: InProcessExtractor())
            stopping.firstBuildPage = 2
            stopping.afterFirstBuildCommit = { throw Stopped() }
            #expect(throws: Stopped.self) { try stopping.catchUp(caseRecord, wait: 0) }

            // Two of the six items are committed, with the watermark at the third.
            let path = stopping.indexPath(caseID: caseRecord.id)
            let watermark = try #require(try CaseIndex.committedWatermark(path: path))
            let size = try session.projectedLedgerSize()
            #expect(watermark > 0 && watermark < size, "watermark \(watermark) of \(size)")
            let state = try stopping.state(of: caseRecord)
            #expect(state.pendingItems == 4, "the four items not yet indexed are pending: \(state)")

            // The next catch-up indexes only those four, then the attachment they led to.
            let resuming = CaseIndexer(session: session, extractor: InProcessExtractor())
            let outcome = try resuming.catchUp(caseRecord, wait: 0)
            guard case .indexed(let items, let derived) = outcome else {
                Issue.record("expected the catch-up to index, got \(outcome)")
                return
            }
            #expect(derived == 1, "the email's attachment is recorded once")
            #expect(items == 4 + derived, "only what the interrupted build had not committed is indexed")
            #expect(try resuming.state(of: caseRecord).isCurrent)

            for word in words { #expect(total(try bed.search(word)) == 1, "\(word)") }
            try bed.verifyIntact()
        }
    }

    @Test("a first build larger than a page commits the same index as one built in a single page")
    func pagedBuildMatchesSinglePage() throws {
        try CLITestbed.run { bed in
            try bed.repositoryWithCase("CR-1")
            try bed.add(try SearchFixtures.statementFiles() + [SearchFixtures.email, try bed.mailbox(), "--no-index"])
            let session = try Session.open(repositoryPath: bed.repo, stateRoot: bed.state, userName: bed.user,
                                           passphrase: bed.passphrase)
            let caseRecord = try #require(try session.findCaseIfVisible("CR-1"))
            let paged = CaseIndexer(session: session, extractor: InProcessExtractor())
            paged.firstBuildPage = 1
            _ = try paged.catchUp(caseRecord, wait: 0)
            #expect(try paged.state(of: caseRecord).isCurrent)
            let query = "shuffle OR burglary OR stolen OR statement"
            let pagedHits = try bed.search(query, ["--limit", "100"])
            #expect(total(pagedHits) > 5)

            // The same case indexed from nothing in one page finds the same items.
            _ = try bed.ok(["reindex", "--case", "CR-1"])
            let wholeHits = try bed.search(query, ["--limit", "100"])
            #expect(Set(hitIDs(pagedHits)) == Set(hitIDs(wholeHits)))
            #expect(total(pagedHits) == total(wholeHits))
            try bed.verifyIntact()
        }
    }
}

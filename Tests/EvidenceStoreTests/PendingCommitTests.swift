import Foundation
import Testing
@testable import EvidenceStore

/// The host's commit record (FORMAT §10, `pending-commit`) and the memory of the newest
/// checkpoint, which together decide what a writer may set aside.
@Suite struct PendingCommitTests {
    private func leaf(_ byte: UInt8) -> [UInt8] { [UInt8](repeating: byte, count: 32) }

    private func signed(size: UInt64) throws -> [UInt8] {
        let signer = try NoteSigner(name: "example.org/log", key: try Ed25519.PrivateKey.generate())
        return try SignedCheckpoint.sign(Checkpoint(origin: "example.org/log", size: size, rootHash: leaf(7), extensions: []),
                                         signer: signer)
    }

    @Test func theBytesAreExactlyTheDocumentedForm() throws {
        let record = PendingCommit(from: 12, leafHashes: [leaf(0xAB), leaf(0x01)])
        #expect(record.serialised == Array("12\n\(String(repeating: "ab", count: 32))\n\(String(repeating: "01", count: 32))\n".utf8))
        #expect(PendingCommit(parsing: record.serialised) == record)
        let checkpoint = try signed(size: 14)
        var withCheckpoint = record
        withCheckpoint.signedCheckpoint = checkpoint
        #expect(withCheckpoint.serialised == record.serialised + [0x0A] + checkpoint)
        #expect(PendingCommit(parsing: withCheckpoint.serialised) == withCheckpoint)
    }

    @Test(arguments: ["", "12\n", "012\n" + String(repeating: "ab", count: 32) + "\n", "12\n" + String(repeating: "AB", count: 32) + "\n",
                      "12\n" + String(repeating: "ab", count: 31) + "\n", "12\n" + String(repeating: "ab", count: 32),
                      "12\n" + String(repeating: "ab", count: 32) + "\n\n", "-1\n" + String(repeating: "ab", count: 32) + "\n"])
    func anythingElseDescribesNothing(_ text: String) {
        #expect(PendingCommit(parsing: Array(text.utf8)) == nil)
    }

    @Test func aTailMatchesOnlyTheRecordedBatchOrItsBeginning() {
        let record = PendingCommit(from: 5, leafHashes: [leaf(1), leaf(2), leaf(3)])
        #expect(record.describes(tail: [leaf(1), leaf(2), leaf(3)], after: 5))
        #expect(record.describes(tail: [leaf(1)], after: 5), "a writer stopped while writing its tiles")
        #expect(!record.describes(tail: [leaf(1), leaf(2), leaf(3)], after: 4), "another start")
        #expect(!record.describes(tail: [leaf(2)], after: 5), "another entry")
        #expect(!record.describes(tail: [leaf(1), leaf(2), leaf(3), leaf(4)], after: 5), "more than was written")
        #expect(!record.describes(tail: [], after: 5))
    }

    @Test func theHostNeverRemembersASmallerCheckpoint() throws {
        let dir = try UnitTempDir("host")
        defer { dir.remove() }
        let host = HostState(root: dir.path, repositoryID: "repo_test")
        let older = try signed(size: 3)
        let newer = try signed(size: 9)
        try host.recordCheckpoint(newer)
        try host.recordCheckpoint(older)
        #expect(try host.newestCheckpoint() == newer)
        try host.recordPendingCommit(PendingCommit(from: 9, leafHashes: [leaf(1)]))
        #expect(try host.pendingCommit() == PendingCommit(from: 9, leafHashes: [leaf(1)]))
        try host.clearPendingCommit()
        try host.clearPendingCommit()
        #expect(try host.pendingCommit() == nil)
    }
}

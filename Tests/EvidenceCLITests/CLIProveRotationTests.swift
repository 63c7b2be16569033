import EvidenceStore
import Foundation
import Testing

/// Proofs across a log key rotation: a checkpoint signed before it still proves the log's
/// growth (checked with the key in force at its size), and proofs name the key that signs
/// the newest checkpoint, with the chain that leads to it from the first key.
@Suite("CLI: prove across a log key rotation")
struct CLIProveRotationTests {
    @Test("prove and the report name the current key and the chain; an old checkpoint still proves consistent")
    func rotation() throws {
        try CLITestbed.run { bed in
            try bed.repositoryWithCase()
            let first = try bed.ok(["checkpoint", "--verifier-key"]).out.trimmingCharacters(in: .newlines)
            let item = try bed.addOne(try bed.write("in/a.txt", "alpha"))
            let old = try bed.ok(["checkpoint"]).stdout
            let oldFile = try bed.write("old.txt", old)
            let rotated = try bed.ok(["key", "rotate-log", "--json"], environment: bed.asAdmin).json()
            let next = try #require(rotated["verifierKey"] as? String)
            try bed.ok(["custody", "transfer", item, "--to", "Lab", "--reason", "examination"])

            let printed = try bed.ok(["prove", item]).out
            let proofs = try PrintedItemProofs(parsing: printed)
            #expect(proofs.verifierKey == next)
            #expect(printed.contains("log-key: 0 \(first)") && printed.contains(" \(next)\n"), "\(printed)")
            #expect(try proofs.verify(trustedKey: next).compactMap { $0["type"] as? String } == ["item.added", "custody.transferred"])

            // The old checkpoint was signed with the first key; the new one with the next.
            let consistency = try bed.ok(["prove", "--consistency", oldFile]).out
            #expect(consistency.contains("old-signature: verified with the earlier log key \(first)"), "\(consistency)")
            let proof = try PrintedConsistencyProof(parsing: consistency)
            let oldCheckpoint = try OutsiderMerkle.openCheckpoint([UInt8](old), key: first)
            let newCheckpoint = try OutsiderMerkle.openCheckpoint(proof.note, key: next)
            #expect(oldCheckpoint.rootHash == proof.oldRoot && newCheckpoint.rootHash == proof.newRoot)
            #expect(try OutsiderMerkle.consistencyHolds(size1: proof.oldSize, size2: proof.newSize, root1: proof.oldRoot,
                                                        root2: proof.newRoot, proof: proof.proof))

            let output = bed.path("report.html")
            try bed.ok(["custody", "report", item, "-o", output])
            let html = String(decoding: try bed.read(output), as: UTF8.self)
            #expect(html.contains("<code class=\"verifier-key\">\(next)</code>"))
            #expect(html.contains("<ul class=\"log-keys\">") && html.contains("from tree size 0: <code>\(first)</code>"))
        }
    }
}

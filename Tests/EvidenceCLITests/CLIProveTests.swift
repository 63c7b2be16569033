import EvidenceStore
import Foundation
import Testing

/// Proofs without keys: `evidence prove ITEM` (RFC 9162 inclusion) and
/// `evidence prove --consistency OLD_CHECKPOINT_FILE`, checked by an outsider's verifier.
@Suite("CLI: prove")
struct CLIProveTests {
    @Test("prove ITEM prints inclusion proofs of every entry about the item that an outsider can check")
    func inclusion() throws {
        try CLITestbed.run { bed in
            try bed.repositoryWithCase()
            let key = try bed.ok(["checkpoint", "--verifier-key"]).out.trimmingCharacters(in: .newlines)
            let item = try bed.addOne(try bed.write("in/a.txt", "alpha"))
            let other = try bed.addOne(try bed.write("in/b.txt", "bravo"))
            try bed.ok(["amend", item, "--description", "corrected"])
            try bed.ok(["custody", "transfer", item, "--to", "DC JONES", "--reason", "examination"])
            _ = try bed.get(item)

            let printed = try PrintedItemProofs(parsing: try bed.ok(["prove", item]).out)
            #expect(printed.verifierKey == key)
            let entries = try printed.verify(trustedKey: key)
            #expect(entries.compactMap { $0["type"] as? String } == ["item.added", "item.amended", "custody.transferred", "item.read"])
            #expect(entries.allSatisfy { $0["item"] as? String == item }, "\(entries)")
            #expect(!entries.contains { $0["item"] as? String == other })

            // The JSON form carries the same proofs.
            let json = try bed.ok(["prove", item, "--json"]).json()
            let proofs = try #require(json["proofs"] as? [[String: Any]])
            #expect(proofs.count == 4 && json["verifierKey"] as? String == key)
            let note = Array(try #require(json["checkpoint"] as? String).utf8)
            let checkpoint = try OutsiderMerkle.openCheckpoint(note, key: key)
            for proof in proofs {
                let parsed = try PrintedInclusion(json: proof)
                _ = try parsed.verify(root: checkpoint.rootHash)
            }

            // A proof that was tampered with fails the outsider's check.
            var forged = try #require(printed.proofs.first)
            forged.entry[forged.entry.count - 2] ^= 1
            let forgedLeaf = try OutsiderMerkle.leafHash(forged.entry)
            #expect(forgedLeaf != forged.leafHash)
            #expect(try !OutsiderMerkle.inclusionHolds(index: forged.leafIndex, size: forged.treeSize, leaf: forgedLeaf,
                                                       path: forged.auditPath, root: printed.checkpointRoot))
        }
    }

    @Test("prove --consistency proves append-only growth from an old checkpoint; forged and foreign ones are refused (65)")
    func consistency() throws {
        try CLITestbed.run { bed in
            try bed.repositoryWithCase()
            let key = try bed.ok(["checkpoint", "--verifier-key"]).out.trimmingCharacters(in: .newlines)
            let first = try bed.addOne(try bed.write("in/a.txt", "alpha"))
            let old = try bed.ok(["checkpoint"]).stdout
            let oldFile = try bed.write("old-checkpoint.txt", old)
            for name in ["b", "c", "d"] { try bed.addOne(try bed.write("in/\(name).txt", name)) }

            // Needs no user and no passphrase: checkpoints and tiles are public.
            let proven = try bed.ok(["prove", "--consistency", oldFile], environment: ["EVIDENCE_USER": nil, "EVIDENCE_PASSPHRASE": nil])
            let proof = try PrintedConsistencyProof(parsing: proven.out)
            #expect(proof.newSize > proof.oldSize && !proof.proof.isEmpty)
            try proof.verify(trustedKey: key, oldCheckpoint: old)
            let json = try bed.ok(["prove", "--consistency", oldFile, "--json"]).json()
            #expect(json["oldSize"] as? Int == Int(proof.oldSize) && (json["proof"] as? [String])?.count == proof.proof.count)
            // The newest checkpoint proves consistent with itself, with an empty proof.
            let same = try PrintedConsistencyProof(parsing: try bed.ok(["prove", "--consistency", bed.repoPath("ledger/checkpoint")]).out)
            #expect(same.proof.isEmpty && same.oldSize == same.newSize)

            // Forged: the root changed, the signature kept.
            var lines = String(decoding: old, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            lines[2] = Base64.encode([UInt8](repeating: 7, count: 32))
            let forged = try bed.write("forged.txt", lines.joined(separator: "\n"))
            let refusedForged = try bed.fails(65, ["prove", "--consistency", forged])
            #expect(refusedForged.errorLine?.contains("forged or altered") == true, "\(refusedForged)")
            // Foreign: a checkpoint of another repository's log.
            let otherRepo = bed.path("other-repo")
            let otherState = bed.path("other-state")
            try bed.ok(["init", "--kdf-cost", "10"], environment: ["EVIDENCE_REPO": otherRepo, "EVIDENCE_STATE": otherState])
            let foreign = try bed.write("foreign.txt", try bed.ok(["checkpoint"], environment: ["EVIDENCE_REPO": otherRepo, "EVIDENCE_STATE": otherState]).stdout)
            let refusedForeign = try bed.fails(65, ["prove", "--consistency", foreign])
            #expect(refusedForeign.errorLine?.contains("another log") == true, "\(refusedForeign)")
            // Not a checkpoint at all; an empty file; no such file; no argument at all.
            try bed.fails(65, ["prove", "--consistency", try bed.write("garbage.txt", "hello\n")])
            try bed.fails(65, ["prove", "--consistency", try bed.write("empty.txt", "")])
            try bed.fails(66, ["prove", "--consistency", bed.path("nowhere.txt")])
            try bed.fails(64, ["prove"])
            try bed.fails(64, ["prove", first, "--consistency", oldFile])
        }
    }

    @Test("a checkpoint of a fork or of a longer copy is refused with 65: the ledger was rewritten or rolled back")
    func forkAndRollback() throws {
        try CLITestbed.run { bed in
            try bed.repositoryWithCase()
            try bed.addOne(try bed.write("in/a.txt", "alpha"))
            let copy = try bed.copyRepository(to: "copy")
            let copyState = bed.path("copy-state")
            // The copy grows differently: two items, where the original gets three.
            for name in ["x", "y"] {
                try bed.ok(["add", "--case", "CR-1", try bed.write("in/\(name).txt", name)], environment: bed.at(copy, state: copyState))
            }
            for name in ["b", "c", "d"] { try bed.addOne(try bed.write("in/\(name).txt", name)) }
            let fork = try bed.write("fork.txt", try bed.ok(["checkpoint"], environment: bed.at(copy, state: copyState)).stdout)
            let refused = try bed.fails(65, ["prove", "--consistency", fork])
            #expect(refused.errorLine?.contains("rewritten or forked") == true, "\(refused)")

            // A checkpoint larger than this ledger: this repository is an older copy.
            for name in ["z1", "z2", "z3", "z4"] {
                try bed.ok(["add", "--case", "CR-1", try bed.write("in/\(name).txt", name)], environment: bed.at(copy, state: copyState))
            }
            let longer = try bed.write("longer.txt", try bed.ok(["checkpoint"], environment: bed.at(copy, state: copyState)).stdout)
            let rolledBack = try bed.fails(65, ["prove", "--consistency", longer])
            #expect(rolledBack.errorLine?.contains("rolled back") == true, "\(rolledBack)")
        }
    }

    @Test("nothing committed was lost: every archived checkpoint proves consistent and every item proves included")
    func nothingLost() throws {
        try CLITestbed.run { bed in
            try bed.repositoryWithCase()
            let key = try bed.ok(["checkpoint", "--verifier-key"]).out.trimmingCharacters(in: .newlines)
            var items: [String] = []
            for index in 0..<5 {
                items.append(try bed.addOne(try bed.write("in/\(index).txt", "content \(index)")))
                if index % 2 == 0 {
                    try bed.ok(["custody", "transfer", items[index], "--to", "Store \(index)", "--reason", "storage"])
                }
            }
            items.append(try CLICustodyTests.addKnife(bed))
            try bed.ok(["custody", "transfer", items[items.count - 1], "--to", "Lab", "--reason", "examination"])
            let archived = bed.files(under: bed.repoPath("ledger/checkpoints"))
            #expect(archived.count >= items.count, "\(archived)")
            for name in archived {
                let file = bed.repoPath("ledger/checkpoints/\(name)")
                let proof = try PrintedConsistencyProof(parsing: try bed.ok(["prove", "--consistency", file]).out)
                try proof.verify(trustedKey: key, oldCheckpoint: try bed.read(file))
                #expect(proof.oldSize == UInt64(name))
            }
            for item in items {
                let proofs = try PrintedItemProofs(parsing: try bed.ok(["prove", item]).out)
                let types = try proofs.verify(trustedKey: key).compactMap { $0["type"] as? String }
                #expect(types.first == "item.added" || types.first == "physical-item.added", "\(item): \(types)")
            }
            try bed.verifyIntact()
        }
    }
}

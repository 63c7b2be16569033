import EvidenceStore
import Foundation
import Testing

/// Tampering with the repository or the catalog: `verify` and, with only the log's verifier
/// key, `audit` exit 65 and name the item, entry or file that was hit.
@Suite("CLI: tamper detection")
struct CLITamperTests {
    /// A repository with one case and three items of distinct content; returns their ids in order.
    private func seeded(_ bed: CLITestbed) throws -> [(id: String, data: Data)] {
        try seededWithKey(bed).items
    }

    /// The same, with the log's verifier key an auditor holds (taken before any tampering).
    private func seededWithKey(_ bed: CLITestbed) throws -> (items: [(id: String, data: Data)], key: String) {
        try bed.repositoryWithCase()
        var items: [(String, Data)] = []
        for (index, size) in [3_000, 70_000, 5_000].enumerated() {
            let data = randomData(size)
            items.append((try bed.addOne(try bed.write("in/item\(index).bin", data)), data))
        }
        try bed.verifyIntact()
        let key = try bed.verifierKey()
        try bed.auditIntact(key)
        return (items, key)
    }

    // MARK: Objects

    @Test("one byte flipped in an object: verify and audit 65 naming the item; get refuses with 65 and leaves no file")
    func flippedByte() throws {
        try CLITestbed.run { bed in
            let (items, key) = try seededWithKey(bed)
            let target = items[1]
            let object = try bed.objectFile(of: target.id)
            try bed.modify(object) { $0[$0.count / 2] ^= 0x01 }
            let result = try bed.verifyFails()
            expectNamed(result, target.id)
            #expect(!(result.out + result.err).contains(items[0].id) && !(result.out + result.err).contains(items[2].id),
                    "only the altered item is named\n\(result)")
            // audit: the ciphertext digest recorded at ingest, naming the item and its object file.
            let audit = try bed.auditFails(key)
            expectNamed(audit, target.id)
            expectNamed(audit, String(object.dropFirst(bed.repo.count + 1)))
            expectNamed(audit, "ciphertext SHA-256")
            let out = bed.path("out.bin")
            let get = try bed.fails(65, ["get", target.id, "-o", out])
            #expect(!FileManager.default.fileExists(atPath: out), "a partial file is removed\n\(get)")
            // The other items are untouched.
            #expect(try bed.get(items[0].id) == items[0].data)
            #expect(try bed.get(items[2].id) == items[2].data)
        }
    }

    @Test("a byte flipped in the object's header (its wrapped data key) is detected too")
    func flippedHeaderByte() throws {
        try CLITestbed.run { bed in
            let items = try seeded(bed)
            let object = try bed.objectFile(of: items[0].id)
            try bed.modify(object) { $0[min(40, $0.count - 1)] ^= 0x80 }
            expectNamed(try bed.verifyFails(), items[0].id)
        }
    }

    @Test("an object truncated: verify and audit 65 naming the item")
    func truncatedObject() throws {
        try CLITestbed.run { bed in
            let (items, key) = try seededWithKey(bed)
            let object = try bed.objectFile(of: items[1].id)
            try bed.modify(object) { $0.removeLast(17) }
            expectNamed(try bed.verifyFails(), items[1].id)
            let audit = try bed.auditFails(key)
            expectNamed(audit, items[1].id)
            expectNamed(audit, "truncated")
            try bed.fails(65, ["get", items[1].id, "-o", "-"])
        }
    }

    @Test("an object deleted: verify and audit 65 naming the item")
    func deletedObject() throws {
        try CLITestbed.run { bed in
            let (items, key) = try seededWithKey(bed)
            try FileManager.default.removeItem(atPath: try bed.objectFile(of: items[2].id))
            let result = try bed.verifyFails()
            expectNamed(result, items[2].id)
            #expect((result.out + result.err).contains("missing"), "\(result)")
            let audit = try bed.auditFails(key)
            expectNamed(audit, items[2].id)
            #expect((audit.out + audit.err).contains("missing"), "\(audit)")
        }
    }

    @Test("an object swapped for another item's object: verify 65 naming the item")
    func swappedObject() throws {
        try CLITestbed.run { bed in
            let items = try seeded(bed)
            let first = try bed.objectFile(of: items[0].id)
            let second = try bed.objectFile(of: items[2].id)
            try FileManager.default.removeItem(atPath: first)
            try FileManager.default.copyItem(atPath: second, toPath: first)
            expectNamed(try bed.verifyFails(), items[0].id)
        }
    }

    // MARK: Ledger

    @Test("a ledger entry edited (one byte of its JSON): verify and audit 65 naming the entry")
    func editedEntry() throws {
        try CLITestbed.run { bed in
            let (items, key) = try seededWithKey(bed)
            let seq = try bed.addedSeq(of: items[1].id)
            var (path, entries) = try bed.bundle(holding: seq)
            var entry = entries[seq % 256]
            let marker = Array("\"commitment\":\"".utf8)
            let at = try #require(offset(of: marker, in: entry), "entry \(seq) has no commitment") + marker.count
            entry[at] = entry[at] == UInt8(ascii: "0") ? UInt8(ascii: "1") : UInt8(ascii: "0")
            entries[seq % 256] = entry
            try bed.writeBundle(path, entries)
            let result = try bed.verifyFails()
            expectNamed(result, "entry \(seq)")
            // The tile no longer holds its hash, and its signature no longer verifies.
            let audit = try bed.auditFails(key)
            expectNamed(audit, "does not match the entries: the hash of ledger entry \(seq) differs")
            expectNamed(audit, "ledger entry \(seq) (")
            expectNamed(audit, "signature does not verify")
        }
    }

    @Test("a ledger entry removed from its bundle: verify and audit 65 naming the entry or its bundle")
    func removedEntry() throws {
        try CLITestbed.run { bed in
            let (items, key) = try seededWithKey(bed)
            let seq = try bed.addedSeq(of: items[1].id)
            var (path, entries) = try bed.bundle(holding: seq)
            entries.remove(at: seq % 256)
            try bed.writeBundle(path, entries)
            let result = try bed.verifyFails()
            let text = result.out + result.err
            let bundleName = String(path.dropFirst(bed.repoPath("ledger/").count))
            #expect(text.contains("entry \(seq)") || text.contains(bundleName),
                    "verify should name entry \(seq) or \(bundleName)\n\(result)")
            expectNamed(try bed.auditFails(key), bundleName)
        }
    }

    @Test("a ledger entry's content replaced by an earlier entry (same length not needed): detected")
    func replacedEntry() throws {
        try CLITestbed.run { bed in
            let items = try seeded(bed)
            let seq = try bed.addedSeq(of: items[2].id)
            let earlier = try bed.addedSeq(of: items[0].id)
            var (path, entries) = try bed.bundle(holding: seq)
            entries[seq % 256] = entries[earlier % 256]
            try bed.writeBundle(path, entries)
            expectNamed(try bed.verifyFails(), "entry \(seq)")
        }
    }

    @Test("a forged checkpoint (same origin, another Ed25519 key): verify and audit 65 naming the checkpoint")
    func forgedCheckpoint() throws {
        try CLITestbed.run { bed in
            let key = try seededWithKey(bed).key
            let path = bed.repoPath("ledger/checkpoint")
            let genuine = String(decoding: try bed.read(path), as: UTF8.self)
            let body = try #require(genuine.components(separatedBy: "\n\n").first) + "\n"
            let origin = try #require(body.split(separator: "\n").first.map(String.init))
            let forger = try NoteSigner(name: origin, key: try Ed25519.PrivateKey.generate())
            // Same tree, other key.
            try Data(try SignedNote.sign(text: body, signers: [forger])).write(to: URL(fileURLWithPath: path))
            let result = try bed.verifyFails()
            expectNamed(result, "checkpoint")
            expectNamed(try bed.auditFails(key), "ledger/checkpoint is not validly signed by the log key")
            // A bigger tree with a made-up root, also signed by the forger.
            let lines = body.split(separator: "\n").map(String.init)
            let grown = "\(lines[0])\n\(Int(lines[1])! + 1)\n\(Base64.encode([UInt8](randomData(32))))\n"
            try Data(try SignedNote.sign(text: grown, signers: [forger])).write(to: URL(fileURLWithPath: path))
            expectNamed(try bed.verifyFails(), "checkpoint")
            // Restoring the genuine checkpoint restores trust.
            try Data(genuine.utf8).write(to: URL(fileURLWithPath: path))
            try bed.verifyIntact()
            // A whole forged log, announcing the forger's key in its own entry 0, still fails
            // audit: it trusts only the key it is given.
            let other = bed.path("forged-repo")
            try bed.ok(["init", "--kdf-cost", "10"], environment: ["EVIDENCE_REPO": other, "EVIDENCE_STATE": bed.path("forger-state")])
            let forgedAudit = try bed.run(["audit", "--verifier-key", key, "--repo", other],
                                          environment: ["EVIDENCE_USER": nil, "EVIDENCE_STATE": bed.path("auditor-state")])
            #expect(forgedAudit.status == 65, "\(forgedAudit)")
            expectNamed(forgedAudit, "the ledger never announces the verifier key given")
        }
    }

    @Test("two ledger entries swapped: verify and audit 65 naming both entries")
    func swappedEntries() throws {
        try CLITestbed.run { bed in
            let (items, key) = try seededWithKey(bed)
            let first = try bed.addedSeq(of: items[0].id)
            let second = try bed.addedSeq(of: items[1].id)
            try #require(first / 256 == second / 256)
            var (path, entries) = try bed.bundle(holding: first)
            entries.swapAt(first % 256, second % 256)
            try bed.writeBundle(path, entries)
            for result in [try bed.verifyFails(), try bed.auditFails(key)] {
                expectNamed(result, "ledger entry \(first) carries sequence number \(second)")
                expectNamed(result, "ledger entry \(second) carries sequence number \(first)")
            }
        }
    }

    @Test("a recorded time edited so that it goes backwards: verify and audit 65 naming the entry and its time")
    func backdatedEntry() throws {
        try CLITestbed.run { bed in
            let (items, key) = try seededWithKey(bed)
            let seq = try bed.addedSeq(of: items[2].id)
            var (path, entries) = try bed.bundle(holding: seq)
            var entry = entries[seq % 256]
            // Same length, so the bundle stays well formed: the year goes back to 2001.
            let marker = Array("\"time\":\"".utf8)
            let at = try #require(offset(of: marker, in: entry)) + marker.count
            entry.replaceSubrange(at..<(at + 4), with: Array("2001".utf8))
            entries[seq % 256] = entry
            try bed.writeBundle(path, entries)
            for result in [try bed.verifyFails(), try bed.auditFails(key)] {
                expectNamed(result, "ledger entry \(seq) is recorded at 2001-")
                expectNamed(result, "(time went backwards)")
            }
        }
    }

    @Test("an entry appended without a checkpoint: audit passes noting it; a host that did not write it keeps it and refuses to write")
    func uncommittedTailAudit() throws {
        try CLITestbed.run { bed in
            let key = try seededWithKey(bed).key
            let checkpointPath = bed.repoPath("ledger/checkpoint")
            let old = try bed.read(checkpointPath)
            let oldSize = try #require(try bed.ok(["checkpoint", "--json"]).json()["size"] as? Int)
            // An appended entry whose checkpoint never came (the command died before signing).
            try bed.addOne(try bed.write("in/late.txt", "late"))
            try old.write(to: URL(fileURLWithPath: checkpointPath))
            try FileManager.default.removeItem(atPath: bed.repoPath("ledger/checkpoints/\(oldSize + 1)"))
            let report = try bed.auditIntact(key)
            #expect(report["uncommittedTail"] as? Int == 1, "\(report)")
            #expect(report["treeSize"] as? Int == oldSize, "\(report)")
            #expect((report["notes"] as? [String] ?? []).contains { $0.contains("1 ledger entry lies beyond the newest checkpoint") },
                    "\(report)")
            // Another host has no record of writing it: the entry may be signed evidence whose
            // checkpoint was removed, so it refuses to write and drops nothing (CLIRollbackTests).
            let freshHost: [String: String?] = ["EVIDENCE_STATE": bed.path("fresh-host")]
            #expect(try bed.run(["verify"], environment: freshHost).status == 65)
            try bed.fails(65, ["add", "--case", "CR-1", try bed.write("in/more.txt", "more")], environment: freshHost)
            let events = try bed.ok(["log", "--json"], environment: freshHost).jsonLines()
            #expect(!events.contains { $0["type"] as? String == "ledger.tail-dropped" })
            #expect(!FileManager.default.fileExists(atPath: bed.repoPath("ledger/dropped")))
            try bed.auditIntact(key)
        }
    }

    @Test("a wrapped key deleted without a disposal event: verify and audit 65 naming the key file and the entry")
    func deletedWrappedKey() throws {
        try CLITestbed.run { bed in
            let key = try seededWithKey(bed).key
            let caseID = try #require(bed.caseEnvelopes(root: bed.repo, caseID: try caseIDOf(bed)).first { $0.holder == "recovery" })
            let relative = String(caseID.path.dropFirst(bed.repo.count + 1))
            try FileManager.default.removeItem(atPath: caseID.path)
            for result in [try bed.verifyFails(), try bed.auditFails(key)] {
                expectNamed(result, "\(relative) is missing: ledger entry")
                expectNamed(result, "deleted without a disposal")
            }
        }
    }

    @Test("an identity file replaced: sign-in and verify name it; audit names one copied from another repository or planted")
    func replacedIdentity() throws {
        try CLITestbed.run { bed in
            let key = try seededWithKey(bed).key
            let officer = try bed.userID("officer")
            let identity = "identities/\(officer)"
            let original = try bed.read(bed.repoPath(identity))
            // Another repository's identity file put in place of the officer's.
            let other = bed.path("other-repo")
            try bed.ok(["init", "--kdf-cost", "10"], environment: ["EVIDENCE_REPO": other, "EVIDENCE_STATE": bed.path("other-state"),
                                                                  "EVIDENCE_USER": "officer"])
            let foreign = try #require(bed.files(under: (other as NSString).appendingPathComponent("identities")).first)
            try bed.read((other as NSString).appendingPathComponent("identities/\(foreign)"))
                .write(to: URL(fileURLWithPath: bed.repoPath(identity)))
            let verify = try bed.run(["verify"])
            #expect(verify.status == 65, "\(verify)")
            expectNamed(verify, identity)
            let audit = try bed.auditFails(key)
            expectNamed(audit, "\(identity) belongs to another user or repository")
            // A planted identity for a user the ledger never registered.
            try original.write(to: URL(fileURLWithPath: bed.repoPath(identity)))
            let planted = "identities/\(unknownID("usr"))"
            try original.write(to: URL(fileURLWithPath: bed.repoPath(planted)))
            expectNamed(try bed.auditFails(key), planted)
            try FileManager.default.removeItem(atPath: bed.repoPath(planted))
            try bed.auditIntact(key)
        }
    }

    /// The id of the testbed's one case, CR-1.
    private func caseIDOf(_ bed: CLITestbed) throws -> String {
        let cases = try bed.ok(["case", "list", "--json"]).jsonLines()
        return try #require(cases.first { $0["reference"] as? String == "CR-1" }?["id"] as? String)
    }

    @Test("the whole repository rolled back to an older copy: readers and writers refuse (65); verify and audit 65")
    func rolledBack() throws {
        try CLITestbed.run { bed in
            let (items, key) = try seededWithKey(bed)
            let backup = try bed.copyRepository(to: "backup")
            try bed.addOne(try bed.write("in/after.txt", "after the backup"))
            let trusted = try bed.write("trusted-checkpoint", try bed.read(bed.repoPath("ledger/checkpoint")))
            let size = try #require(try bed.ok(["checkpoint", "--json"]).json()["size"] as? Int)
            try FileManager.default.removeItem(atPath: bed.repo)
            try FileManager.default.moveItem(atPath: backup, toPath: bed.repo)

            // A user on this host is refused reading and writing alike.
            let list = try bed.fails(65, ["list"])
            #expect(list.errorLine?.contains("This host has seen this repository's ledger at \(size) entries") == true, "\(list)")
            #expect(list.errorLine?.contains("delete \(bed.state)") == true, "says how to accept a deliberate restore: \(list)")
            let refused = try bed.fails(65, ["add", "--case", "CR-1", try bed.write("in/more.txt", "more")])
            #expect(refused.errorLine?.contains("rolled back") == true, "\(refused)")
            expectNamed(try bed.verifyFails(), "rolled back")
            // audit: against this host's memory, and an auditor's trusted checkpoint on another host.
            expectNamed(try bed.auditFails(key, state: bed.state), "the repository was rolled back to an older copy")
            let audit = try bed.auditFails(key, ["--trusted-checkpoint", trusted])
            expectNamed(audit, "trusted checkpoint \(trusted) covers \(size) entries")
            // A fork: another host, which never saw the newer ledger, writes to the old copy.
            let forkHost = ["EVIDENCE_STATE": bed.path("fork-host")] as [String: String?]
            try bed.ok(["add", "--case", "CR-1", try bed.write("in/fork/a.txt", "forked a"), try bed.write("in/fork/b.txt", "forked b")],
                       environment: forkHost)
            let forked = try bed.auditFails(key, ["--trusted-checkpoint", trusted])
            expectNamed(forked, "is not consistent with the ledger")
            expectNamed(forked, "forked or rewritten")
            let warned = try bed.fails(65, ["list"])
            #expect(warned.err.contains("not consistent with the checkpoint of \(size) entries this host saw"), "\(warned)")
            // A deliberate restore is accepted by forgetting what this host saw.
            try FileManager.default.removeItem(atPath: (bed.state as NSString).appendingPathComponent("\(try bed.repositoryID())/checkpoint"))
            #expect(try bed.itemIDs().contains(items[0].id))
        }
    }

    @Test("another repository's checkpoint copied in: verify 65 naming the checkpoint")
    func foreignCheckpoint() throws {
        try CLITestbed.run { bed in
            _ = try seeded(bed)
            let mine = bed.repo
            bed.repo = bed.path("other-repo")
            try bed.repositoryWithCase("OTHER")
            try bed.addOne(try bed.write("in/other.txt", "other"), case: "OTHER")
            let foreign = try bed.read(bed.repoPath("ledger/checkpoint"))
            bed.repo = mine
            try foreign.write(to: URL(fileURLWithPath: bed.repoPath("ledger/checkpoint")))
            expectNamed(try bed.verifyFails(), "checkpoint")
        }
    }

    // MARK: Catalog

    @Test("a catalog row edited with sqlite3: verify 65 naming the row; rebuild; verify 0")
    func editedCatalogRow() throws {
        try CLITestbed.run { bed in
            let items = try seeded(bed)
            try bed.sqlite(try bed.catalogPath(), "UPDATE items SET description = 'planted' WHERE id = '\(items[1].id)';")
            let result = try bed.verifyFails()
            expectNamed(result, items[1].id)
            #expect((result.out + result.err).contains("description"), "names the column\n\(result)")
            // The edit is visible until the catalog is rebuilt from the ledger.
            #expect(try bed.ok(["show", items[1].id, "--json"]).json()["description"] as? String == "planted")
            try bed.ok(["rebuild"])
            try bed.verifyIntact()
            #expect(try bed.ok(["show", items[1].id, "--json"]).json()["description"] == nil)

            // A row deleted, and a row planted, are named as well.
            try bed.sqlite(try bed.catalogPath(), "DELETE FROM items WHERE id = '\(items[0].id)';")
            expectNamed(try bed.verifyFails(), items[0].id)
            try bed.ok(["rebuild"])
            try bed.verifyIntact()
            #expect(try bed.itemIDs() == items.map(\.id))
        }
    }
}

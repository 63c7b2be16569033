import EvidenceStore
import Foundation
import Testing

/// Tampering with the repository or the catalog: `verify` exits 65 and names the item or entry.
@Suite("CLI: tamper detection")
struct CLITamperTests {
    /// A repository with one case and three items of distinct content; returns their ids in order.
    private func seeded(_ bed: CLITestbed) throws -> [(id: String, data: Data)] {
        try bed.repositoryWithCase()
        var items: [(String, Data)] = []
        for (index, size) in [3_000, 70_000, 5_000].enumerated() {
            let data = randomData(size)
            items.append((try bed.addOne(try bed.write("in/item\(index).bin", data)), data))
        }
        try bed.verifyIntact()
        return items
    }

    /// The object file of `item` (found by its ciphertext SHA-256, which `list --json` shows).
    private func objectFile(_ bed: CLITestbed, of item: String) throws -> String {
        let record = try #require(try bed.listItems().first { $0["id"] as? String == item })
        let digest = try #require(record["ciphertextSha256"] as? String)
        let found = try bed.objectFiles().filter { try sha256Hex(try bed.read($0)) == digest }
        return try #require(found.first, "no object file has ciphertext SHA-256 \(digest)")
    }

    private func modify(_ path: String, _ change: (inout [UInt8]) throws -> Void) throws {
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        try change(&bytes)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    /// The verify output (stdout and stderr) must name `needle`; the problem lines go to stderr.
    private func expectNamed(_ result: RunResult, _ needle: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect((result.out + result.err).contains(needle), "verify should name \(needle)\n\(result)",
                sourceLocation: sourceLocation)
    }

    // MARK: Objects

    @Test("one byte flipped in an object: verify 65 naming the item; get refuses with 65 and leaves no file")
    func flippedByte() throws {
        try CLITestbed.run { bed in
            let items = try seeded(bed)
            let target = items[1]
            let object = try objectFile(bed, of: target.id)
            try modify(object) { $0[$0.count / 2] ^= 0x01 }
            let result = try bed.verifyFails()
            expectNamed(result, target.id)
            #expect(!(result.out + result.err).contains(items[0].id) && !(result.out + result.err).contains(items[2].id),
                    "only the altered item is named\n\(result)")
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
            let object = try objectFile(bed, of: items[0].id)
            try modify(object) { $0[min(40, $0.count - 1)] ^= 0x80 }
            expectNamed(try bed.verifyFails(), items[0].id)
        }
    }

    @Test("an object truncated: verify 65 naming the item")
    func truncatedObject() throws {
        try CLITestbed.run { bed in
            let items = try seeded(bed)
            let object = try objectFile(bed, of: items[1].id)
            try modify(object) { $0.removeLast(17) }
            expectNamed(try bed.verifyFails(), items[1].id)
            try bed.fails(65, ["get", items[1].id, "-o", "-"])
        }
    }

    @Test("an object deleted: verify 65 naming the item")
    func deletedObject() throws {
        try CLITestbed.run { bed in
            let items = try seeded(bed)
            try FileManager.default.removeItem(atPath: try objectFile(bed, of: items[2].id))
            let result = try bed.verifyFails()
            expectNamed(result, items[2].id)
            #expect((result.out + result.err).contains("missing"), "\(result)")
        }
    }

    @Test("an object swapped for another item's object: verify 65 naming the item")
    func swappedObject() throws {
        try CLITestbed.run { bed in
            let items = try seeded(bed)
            let first = try objectFile(bed, of: items[0].id)
            let second = try objectFile(bed, of: items[2].id)
            try FileManager.default.removeItem(atPath: first)
            try FileManager.default.copyItem(atPath: second, toPath: first)
            expectNamed(try bed.verifyFails(), items[0].id)
        }
    }

    // MARK: Ledger

    /// The entry bundle holding `seq` for the current tree size, and the entries in it.
    private func bundle(_ bed: CLITestbed, holding seq: Int) throws -> (path: String, entries: [[UInt8]]) {
        let size = try #require(try bed.ok(["checkpoint", "--json"]).json()["size"] as? Int)
        let index = seq / 256
        let width = min(256, size - index * 256)
        let path = bed.repoPath("ledger/" + TilePath.entryBundle(index: UInt64(index), width: width))
        let bytes = [UInt8](try bed.read(path))
        var entries: [[UInt8]] = []
        var offset = 0
        while offset + 2 <= bytes.count {
            let length = Int(bytes[offset]) << 8 | Int(bytes[offset + 1])
            entries.append(Array(bytes[(offset + 2)..<min(bytes.count, offset + 2 + length)]))
            offset += 2 + length
        }
        try #require(entries.count == width, "bundle \(path) holds \(entries.count) entries, expected \(width)")
        return (path, entries)
    }

    private func writeBundle(_ path: String, _ entries: [[UInt8]]) throws {
        var bytes: [UInt8] = []
        for entry in entries { bytes += [UInt8(entry.count >> 8), UInt8(entry.count & 0xFF)] + entry }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    private func addedSeq(_ bed: CLITestbed, of item: String) throws -> Int {
        let events = try bed.ok(["log", "--item", item, "--json"]).jsonLines()
        return try #require(events.first { $0["type"] as? String == "item.added" }?["seq"] as? Int)
    }

    @Test("a ledger entry edited (one byte of its JSON): verify 65 naming the entry")
    func editedEntry() throws {
        try CLITestbed.run { bed in
            let items = try seeded(bed)
            let seq = try addedSeq(bed, of: items[1].id)
            var (path, entries) = try bundle(bed, holding: seq)
            var entry = entries[seq % 256]
            let marker = Array("\"commitment\":\"".utf8)
            let at = try #require(offset(of: marker, in: entry), "entry \(seq) has no commitment") + marker.count
            entry[at] = entry[at] == UInt8(ascii: "0") ? UInt8(ascii: "1") : UInt8(ascii: "0")
            entries[seq % 256] = entry
            try writeBundle(path, entries)
            let result = try bed.verifyFails()
            expectNamed(result, "entry \(seq)")
        }
    }

    @Test("a ledger entry removed from its bundle: verify 65 naming the entry or its bundle")
    func removedEntry() throws {
        try CLITestbed.run { bed in
            let items = try seeded(bed)
            let seq = try addedSeq(bed, of: items[1].id)
            var (path, entries) = try bundle(bed, holding: seq)
            entries.remove(at: seq % 256)
            try writeBundle(path, entries)
            let result = try bed.verifyFails()
            let text = result.out + result.err
            let bundleName = String(path.dropFirst(bed.repoPath("ledger/").count))
            #expect(text.contains("entry \(seq)") || text.contains(bundleName),
                    "verify should name entry \(seq) or \(bundleName)\n\(result)")
        }
    }

    @Test("a ledger entry's content replaced by an earlier entry (same length not needed): detected")
    func replacedEntry() throws {
        try CLITestbed.run { bed in
            let items = try seeded(bed)
            let seq = try addedSeq(bed, of: items[2].id)
            let earlier = try addedSeq(bed, of: items[0].id)
            var (path, entries) = try bundle(bed, holding: seq)
            entries[seq % 256] = entries[earlier % 256]
            try writeBundle(path, entries)
            expectNamed(try bed.verifyFails(), "entry \(seq)")
        }
    }

    @Test("a forged checkpoint (same origin, another Ed25519 key): verify 65 naming the checkpoint")
    func forgedCheckpoint() throws {
        try CLITestbed.run { bed in
            _ = try seeded(bed)
            let path = bed.repoPath("ledger/checkpoint")
            let genuine = String(decoding: try bed.read(path), as: UTF8.self)
            let body = try #require(genuine.components(separatedBy: "\n\n").first) + "\n"
            let origin = try #require(body.split(separator: "\n").first.map(String.init))
            let forger = try NoteSigner(name: origin, key: try Ed25519.PrivateKey.generate())
            // Same tree, other key.
            try Data(try SignedNote.sign(text: body, signers: [forger])).write(to: URL(fileURLWithPath: path))
            let result = try bed.verifyFails()
            expectNamed(result, "checkpoint")
            // A bigger tree with a made-up root, also signed by the forger.
            let lines = body.split(separator: "\n").map(String.init)
            let grown = "\(lines[0])\n\(Int(lines[1])! + 1)\n\(Base64.encode([UInt8](randomData(32))))\n"
            try Data(try SignedNote.sign(text: grown, signers: [forger])).write(to: URL(fileURLWithPath: path))
            expectNamed(try bed.verifyFails(), "checkpoint")
            // Restoring the genuine checkpoint restores trust.
            try Data(genuine.utf8).write(to: URL(fileURLWithPath: path))
            try bed.verifyIntact()
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
            let sqlite = ["/usr/bin/sqlite3", "/bin/sqlite3"].first { FileManager.default.isExecutableFile(atPath: $0) }
            let tool = try #require(sqlite, "sqlite3 is not installed")
            let update = try bed.tool(tool, [try bed.catalogPath(),
                                             "UPDATE items SET description = 'planted' WHERE id = '\(items[1].id)';"])
            try #require(update.status == 0, "\(update)")
            let result = try bed.verifyFails()
            expectNamed(result, items[1].id)
            #expect((result.out + result.err).contains("description"), "names the column\n\(result)")
            // The edit is visible until the catalog is rebuilt from the ledger.
            #expect(try bed.ok(["show", items[1].id, "--json"]).json()["description"] as? String == "planted")
            try bed.ok(["rebuild"])
            try bed.verifyIntact()
            #expect(try bed.ok(["show", items[1].id, "--json"]).json()["description"] == nil)

            // A row deleted, and a row planted, are named as well.
            _ = try bed.tool(tool, [try bed.catalogPath(), "DELETE FROM items WHERE id = '\(items[0].id)';"])
            expectNamed(try bed.verifyFails(), items[0].id)
            try bed.ok(["rebuild"])
            try bed.verifyIntact()
            #expect(try bed.itemIDs() == items.map(\.id))
        }
    }
}

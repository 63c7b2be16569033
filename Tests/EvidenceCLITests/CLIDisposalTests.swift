import Foundation
import Testing

/// Disposal: `evidence dispose` crypto-shreds an item's object after recording
/// `item.disposed`; verify and audit still pass and report it; nothing can read it again.
@Suite("CLI disposal")
struct CLIDisposalTests {
    @Test("dispose destroys the object, records item.disposed with ids and commitment only, and verify and audit pass")
    func disposeEndToEnd() throws {
        try CLITestbed.run { bed in
            try bed.disposalCase()
            let content = "burglary CCTV still \(UUID().uuidString)"
            let item = try bed.addOne(try bed.write("in/still-frame-secret-name.txt", content))
            let keep = try bed.addOne(try bed.write("in/keep.txt", "a statement that stays"))
            let object = try bed.objectFile(of: item)
            let header = Array([UInt8](try bed.read(object)).prefix(80))
            let commitment = try #require(try bed.listed(item)?["commitment"] as? String)

            let answer = try bed.dispose(item)
            #expect(answer["disposed"] as? [String] == [item], "\(answer)")
            #expect(answer["objectsRemoved"] as? Int == 1 && answer["objectsKept"] as? Int == 0, "\(answer)")
            #expect(!FileManager.default.fileExists(atPath: object), "the object file must be gone")
            #expect(try bed.filesHolding(header, under: bed.repo).isEmpty, "no file may hold the object's sealed data key")

            // get: 66 with its own sentence, and no read recorded.
            let reads = try bed.events("item.read").count
            let get = try bed.fails(66, ["get", item, "-o", "-"])
            #expect(get.errorLine?.contains("was disposed of") == true, "\(get)")
            #expect(try bed.events("item.read").count == reads)
            #expect(try bed.get(keep) == Data("a statement that stays".utf8), "the other item is untouched")

            // list and show mark it; log tells it.
            let listed = try #require(try bed.listed(item))
            #expect(listed["disposedAt"] as? String != nil, "\(listed)")
            #expect(try bed.ok(["list"]).out.contains("[disposed of"))
            let show = try bed.ok(["show", item]).out
            #expect(show.contains("Disposed of") && show.contains("the content no longer exists"), "\(show)")
            #expect(try bed.ok(["log", "--item", item]).out.contains("disposed of \(item): retention period over"))

            // The readable part: case, item and commitment only.
            let disposal = try #require(try bed.events("item.disposed").first)
            let seq = try #require(disposal["seq"] as? Int)
            let raw = try bed.bundle(holding: seq).entries[seq % 256]
            let entry = try #require(try JSONSerialization.jsonObject(with: Data(raw)) as? [String: Any])
            #expect(entry["item"] as? String == item && entry["case"] as? String != nil)
            #expect(entry["commitment"] as? String == commitment)
            #expect(!entry.keys.contains("public") && !entry.keys.contains("object"), "\(entry)")
            let rawText = String(decoding: raw, as: UTF8.self)
            #expect(!rawText.contains("still-frame") && !rawText.contains("retention period"), "no names or reasons in the clear")

            // verify and audit pass and count it as disposed.
            let report = try bed.verifyIntact()
            #expect(report["itemsDisposed"] as? Int == 1, "\(report)")
            #expect((report["notes"] as? [String] ?? []).contains { $0.contains("item \(item) was disposed of") }, "\(report)")
            let audit = try bed.auditIntact(try bed.verifierKey())
            #expect(audit["itemsDisposed"] as? Int == 1, "\(audit)")
            try bed.ok(["rebuild"])
            try bed.verifyIntact()
        }
    }

    @Test("the content cannot be recovered from a copy of the repository, even through the recovery key")
    func notRecoverable() throws {
        try CLITestbed.run { bed in
            let initAnswer = try bed.initRepository()
            let recoveryCode = try #require(initAnswer["recoveryCode"] as? String)
            let caseID = try bed.createCase("CR-1")
            try bed.addUser("exo", roles: ["exhibits-officer"], clearance: "SC")
            try bed.addUser("nina", roles: ["investigator"], clearance: "SC")
            try bed.ok(["case", "grant", "CR-1", "exo", "--role", "exhibits-officer"])
            try bed.ok(["case", "status", "CR-1", "acquitted", "--date", "2023-05-02"])
            let item = try bed.addOne(try bed.write("in/a.txt", "shredded \(UUID().uuidString)"))
            let object = try bed.objectFile(of: item)
            let objectName = (object as NSString).lastPathComponent
            try bed.dispose(item)

            // A copy of the folder, on another host, where the recovery key grants nina the case.
            let copy = try bed.copyRepository(to: "copy")
            #expect(bed.allFiles(under: copy).allSatisfy { !$0.hasSuffix(objectName) }, "no object of that name in the copy")
            let at = bed.at(copy, state: bed.path("copy-state"))
            let codeFile = try bed.secretFile("in/recovery-code", recoveryCode)
            try bed.ok(["recover", "grant-case", caseID, "nina", "--role", "investigator",
                        "--recovery-passphrase-file", codeFile, "--reason", "recovery after disposal"],
                       environment: at.merging(bed.env("admin"), uniquingKeysWith: { $1 }))
            let get = try bed.fails(66, ["get", item, "-o", "-"], environment: at.merging(bed.env("nina"), uniquingKeysWith: { $1 }))
            #expect(get.errorLine?.contains("was disposed of") == true, "\(get)")
            // Even a catalog rebuilt from scratch on that host finds nothing to read.
            try bed.ok(["rebuild"], environment: at.merging(bed.env("nina"), uniquingKeysWith: { $1 }))
            try bed.fails(66, ["get", item, "-o", "-"], environment: at.merging(bed.env("nina"), uniquingKeysWith: { $1 }))
        }
    }

    @Test("an object another live item shares stays; disposing the last one destroys it")
    func sharedObject() throws {
        try CLITestbed.run { bed in
            try bed.disposalCase()
            let content = "the same bytes seized twice \(UUID().uuidString)"
            let first = try bed.addOne(try bed.write("in/first.txt", content))
            let second = try bed.addOne(try bed.write("in/second.txt", content))
            #expect(try bed.listed(second)?["duplicateOf"] as? String == first)
            let object = try bed.objectFile(of: first)

            let answer = try bed.dispose(first)
            #expect(answer["objectsRemoved"] as? Int == 0 && answer["objectsKept"] as? Int == 1, "\(answer)")
            #expect(FileManager.default.fileExists(atPath: object))
            #expect(try bed.get(second) == Data(content.utf8), "the live item still reads")
            try bed.fails(66, ["get", first, "-o", "-"])
            try bed.verifyIntact()
            try bed.auditIntact(try bed.verifierKey())

            // Adding the content again lands on the live item's object, never the disposed one.
            let third = try bed.addOne(try bed.write("in/third.txt", content))
            #expect(try bed.listed(third)?["duplicateOf"] as? String == second)

            try bed.dispose(second)
            #expect(FileManager.default.fileExists(atPath: object), "the third item still holds it")
            let last = try bed.dispose(third)
            #expect(last["objectsRemoved"] as? Int == 1, "\(last)")
            #expect(!FileManager.default.fileExists(atPath: object))
            // And after all are gone, the same content is stored afresh.
            let fourth = try bed.addOne(try bed.write("in/fourth.txt", content))
            let duplicate = try bed.listed(fourth)?["duplicateOf"] as? String
            #expect(duplicate == nil)
            #expect(try bed.get(fourth) == Data(content.utf8))
            let report = try bed.verifyIntact()
            #expect(report["itemsDisposed"] as? Int == 3, "\(report)")
        }
    }

    @Test("the parts extracted from an email are disposed of with it, and search no longer finds any of them")
    func derivedPartsAndSearch() throws {
        try CLITestbed.run { bed in
            try bed.disposalCase()
            try bed.add([SearchFixtures.email])
            let items = try bed.listItems()
            let ids = items.compactMap { $0["id"] as? String }
            let parents = items.map { $0["parent"] as? String }
            let email = try #require(zip(ids, parents).first { $0.1 == nil }?.0)
            let parts = zip(ids, parents).filter { $0.1 == email }.map(\.0)
            try #require(!parts.isEmpty, "the demo email has an attachment: \(items)")
            let before = try bed.search("Marsh")
            #expect((before["total"] as? Int ?? 0) > 0, "\(before)")

            let answer = try bed.dispose(email)
            #expect(answer["disposed"] as? [String] == [email] + parts, "\(answer)")
            for part in parts {
                try bed.fails(66, ["get", part, "-o", "-"])
                let disposedAt = try bed.listed(part)?["disposedAt"] as? String
                #expect(disposedAt != nil)
            }
            #expect(try bed.ok(["log", "--type", "item.disposed"]).out.contains("disposed of with it"))
            let after = try bed.search("Marsh")
            #expect(after["total"] as? Int == 0, "\(after)")
            try bed.verifyIntact()
            try bed.ok(["reindex"])
            #expect(try bed.search("Marsh")["total"] as? Int == 0)
            try bed.verifyIntact()
        }
    }

    @Test("a crash between the entry and the deletion leaves a noted object; dispose again finishes")
    func interruptedDisposal() throws {
        try CLITestbed.run { bed in
            try bed.disposalCase()
            let item = try bed.addOne(try bed.write("in/a.txt", "interrupted \(UUID().uuidString)"))
            let object = try bed.objectFile(of: item)
            let saved = try bed.read(object)
            try bed.dispose(item)
            // What a crash after the commit and before the deletion leaves behind.
            try saved.write(to: URL(fileURLWithPath: object))
            let report = try bed.verifyIntact()
            #expect((report["notes"] as? [String] ?? []).contains { $0.contains("still present") && $0.contains(item) }, "\(report)")
            let finished = try bed.dispose(item)
            #expect(finished["finishedEarlierDisposal"] as? Bool == true && finished["objectsRemoved"] as? Int == 1, "\(finished)")
            #expect(!FileManager.default.fileExists(atPath: object))
            // Nothing left: a further dispose is a data error.
            let again = try bed.fails(65, ["dispose", item, "--reason", "again"], environment: bed.env("exo"))
            #expect(again.errorLine?.contains("was disposed of") == true, "\(again)")
            #expect(try bed.events("item.disposed").count == 1)
            try bed.verifyIntact()
        }
    }

    @Test("bad input and refusals: 64 without a reason, 66 unseen or missing, 77 without dispose, 65 without a status; nothing lost")
    func refusals() throws {
        try CLITestbed.run { bed in
            try bed.disposalCase(status: nil)
            try bed.addUser("olly", roles: ["investigator"], clearance: "SC")
            let content = "kept \(UUID().uuidString)"
            let item = try bed.addOne(try bed.write("in/a.txt", content))
            let entries = try bed.ledgerEntryCount()

            try bed.fails(64, ["dispose", item], environment: bed.env("exo", ["EVIDENCE_REASON": nil]))
            try bed.fails(64, ["dispose", item, "--reason", "   "], environment: bed.env("exo", ["EVIDENCE_REASON": nil]))
            try bed.usageError(["dispose"])
            let missing = try bed.fails(66, ["dispose", "itm_01JZZZZZZZZZZZZZZZZZZZZZZZ", "--reason", "x"], environment: bed.env("exo"))
            let hidden = try bed.refused(66, as: "olly", ["dispose", item, "--reason", "x"])
            #expect(hidden.errorLine == missing.errorLine?.replacingOccurrences(of: "itm_01JZZZZZZZZZZZZZZZZZZZZZZZ", with: item),
                    "an item the user may not see reads exactly as a missing one: \(hidden) / \(missing)")
            let denied = try bed.refused(77, as: "officer", ["dispose", item, "--reason", "x"])
            #expect(denied.errorLine?.contains("may not dispose of") == true, "\(denied)")
            let noStatus = try bed.fails(65, ["dispose", item, "--reason", "x"], environment: bed.env("exo"))
            #expect(noStatus.errorLine?.contains("no recorded status") == true, "\(noStatus)")

            // Only the three refusals (missing, hidden, not permitted) were recorded; the item is intact.
            #expect(try bed.ledgerEntryCount() == entries + 3)
            #expect(try bed.events("item.disposed").isEmpty)
            #expect(try bed.get(item) == Data(content.utf8))
            try bed.verifyIntact()
        }
    }

    @Test("a disposed item can no longer be amended, held or reviewed (65)")
    func disposedIsClosed() throws {
        try CLITestbed.run { bed in
            try bed.disposalCase()
            let item = try bed.addOne(try bed.write("in/a.txt", "closed \(UUID().uuidString)"))
            try bed.dispose(item)
            let entries = try bed.ledgerEntryCount()
            try bed.fails(65, ["amend", item, "--description", "new"])
            try bed.fails(65, ["hold", "add", item, "--reason", "civil claim"])
            try bed.fails(65, ["retention", "set", item, "--review", "2030-01-01"])
            try bed.fails(65, ["retention", "review", item, "--decision", "retain", "--reason", "x"], environment: bed.env("exo"))
            #expect(try bed.ledgerEntryCount() == entries)
        }
    }

    @Test("a physical exhibit has nothing to crypto-shred: dispose refuses it (64) and records nothing")
    func physicalExhibitRefused() throws {
        try CLITestbed.run { bed in
            try bed.disposalCase()
            let added = try bed.ok(["add", "--case", "CR-1", "--physical", "--exhibit-ref", "KNF/1",
                                    "--description", "Kitchen knife in sealed bag", "--json"]).jsonLines()
            let knife = try #require(added.first?["id"] as? String)
            let entries = try bed.ledgerEntryCount()
            let refused = try bed.fails(64, ["dispose", knife, "--reason", "returned to owner"], environment: bed.env("exo"))
            #expect(refused.errorLine?.contains("physical exhibit") == true, "\(refused)")
            #expect(try bed.ledgerEntryCount() == entries)
            #expect(try bed.listed(knife)?["disposedAt"] == nil)
            try bed.verifyIntact()
        }
    }
}

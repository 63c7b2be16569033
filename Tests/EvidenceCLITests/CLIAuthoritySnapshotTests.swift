import EvidenceStore
import Foundation
import SearchIndex
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The authority snapshot and the visibility fingerprints end to end (docs/HOST-STATE.md §1, §4): the
/// snapshot may lag the catalog after a killed add, and fingerprints of an earlier form are
/// followed by one re-projection and one rebuild of the index.
@Suite("CLI: authority snapshot and fingerprints")
struct CLIAuthoritySnapshotTests {
    @Test("add killed between group commits: the snapshot lags, the next command replays only the gap, verify is intact")
    func killedAddBetweenGroupCommits() throws {
        try CLITestbed.run { bed in
            try bed.repositoryWithCase()
            let catalog = try bed.catalogPath()
            for index in 0..<700 { try bed.write("in/many/f\(String(format: "%04d", index)).txt", "small item \(index)\n") }
            let pause = bed.path("pause")
            try FileManager.default.createDirectory(atPath: pause, withIntermediateDirectories: true)
            // Paused while staging file 650, well after the first group commit of 256 items.
            let running = try bed.start(["add", "--case", "CR-1", "--json", bed.path("in/many")], environment: [
                "EVIDENCE_FAULT_PAUSE_AT": "add.read", "EVIDENCE_FAULT_PAUSE_DIR": pause,
                "EVIDENCE_FAULT_PAUSE_SUBJECT": "f0650.txt",
            ])
            let deadline = Date().addingTimeInterval(120)
            while running.isRunning && !FileManager.default.fileExists(atPath: pause + "/paused") && Date() < deadline {
                usleep(5_000)
            }
            try #require(FileManager.default.fileExists(atPath: pause + "/paused"), "add never paused\n\(running.finish())")
            running.kill(SIGKILL)
            let result = running.finish()
            #expect(result.signalled, "\(result)")
            let reported = try result.jsonLines().compactMap { $0["id"] as? String }
            try #require(reported.count >= 256, "no group commit before the kill\n\(result)")

            func number(_ sql: String) throws -> UInt64? {
                UInt64(try bed.sqlite(catalog, sql).out.trimmingCharacters(in: .whitespacesAndNewlines))
            }
            let snapshot = try #require(try number("SELECT tree_size FROM authority"))
            let watermark = try #require(try number("SELECT value FROM meta WHERE key = 'treeSize'"))
            #expect(snapshot < watermark, "the group commits stored the snapshot (\(snapshot), watermark \(watermark))")
            // Only a rebuild of the catalog (which empties meta) removes this row.
            try bed.sqlite(catalog, "INSERT INTO meta (key, value) VALUES ('test-probe', 'kept')")

            let listed = Set(try bed.itemIDs())
            #expect(Set(reported).isSubset(of: listed))
            #expect(try bed.sqlite(catalog, "SELECT value FROM meta WHERE key = 'test-probe'").out.contains("kept"),
                    "the next command rebuilt the catalog instead of replaying the gap")
            #expect(try number("SELECT tree_size FROM authority") == (try number("SELECT value FROM meta WHERE key = 'treeSize'")))
            try bed.verifyIntact()
            let later = try bed.addOne(try bed.write("in/later.txt", "added after the crash"))
            #expect(try bed.itemIDs().contains(later))
        }
    }

    @Test("catalog fingerprints and index stamps of the earlier form (a line per hidden item) differ once: the case is projected and indexed again")
    func earlierFormFingerprints() throws {
        try CLITestbed.run { bed in
            let scenario = try VisibilityScenario.build(bed, members: [("bea", ["investigator"], "BPSS", "investigator")])
            let bea = bed.own("bea")
            #expect(hitIDs(try bed.search("burglary", environment: bea)) == [scenario.visible])
            let caseID = try bed.caseID("CR-1")
            let folder = (bed.ownState("bea") as NSString).appendingPathComponent("\(try bed.repositoryID())/\(try bed.userID("bea"))")
            let index = (folder as NSString).appendingPathComponent("index/\(caseID)")
            let catalog = (folder as NSString).appendingPathComponent("catalog.sqlite")
            let (earlier, current) = try Self.fingerprints(bed, caseID: caseID)
            #expect(earlier != current)

            // What an earlier version left: its fingerprint in the catalog and in the index stamp.
            try bed.sqlite(catalog, "UPDATE visibility SET fingerprint = '\(earlier)' WHERE case_id = '\(caseID)'")
            let stamp = try #require(try CaseIndex.committedVisibility(path: index))
            let size = try #require(stamp.split(separator: " ").first)
            #expect(stamp == "\(size) \(current)")
            let opened = try CaseIndex.open(path: index)
            opened.visibility = "\(size) \(earlier)"
            let watermark = opened.watermark
            opened.watermark = watermark
            try opened.commit()
            try opened.close()

            // New material gives bea's catalog something to catch up with, when the stored
            // fingerprints are compared; her next command deletes the index, her search builds it.
            let later = try bed.addOne(try bed.write("in/later.txt", "A later statement about the burglary."))
            try bed.ok(["list"], environment: bea)
            #expect(try bed.ownIndexFolders("bea").isEmpty, "the index stamped in the earlier form was kept")
            #expect(try bed.sqlite(catalog, "SELECT fingerprint FROM visibility WHERE case_id = '\(caseID)'").out
                .trimmingCharacters(in: .whitespacesAndNewlines) == current)
            #expect(hitIDs(try bed.search("burglary", environment: bea)).sorted() == [scenario.visible, later].sorted())
            let restamped = try #require(try CaseIndex.committedVisibility(path: index))
            #expect(restamped.hasSuffix(" \(current)"), "\(restamped)")
            let findings = bed.plaintextFindings(under: bed.ownState("bea"), scenario.secretNeedles + scenario.sensitiveNeedles)
            #expect(findings.isEmpty, "hidden material on bea's host:\n\(findings.joined(separator: "\n"))")
            try bed.verifyIntact(as: "bea")
        }
    }

    /// Bea's fingerprint of the case as an earlier version computed it (a `hidden <item id>`
    /// line per item she may not see) and as this version does, from her own state.
    static func fingerprints(_ bed: CLITestbed, caseID: String) throws -> (earlier: String, current: String) {
        let session = try Session.open(repositoryPath: bed.repo, stateRoot: bed.ownState("bea"), userName: "bea",
                                       passphrase: bed.passphrase)
        let visibility = Visibility(state: session.authority, userID: session.user.id)
        var text = "evidence/v1/visibility\ncase \(visibility.seesCase(caseID) ? 1 : 0)\n"
        for classification in Classification.allCases {
            for sensitive in [false, true] {
                let seen = visibility.sees(caseID: caseID, classification: classification, sensitive: sensitive)
                text += "class \(classification.rawValue) \(sensitive ? 1 : 0) \(seen ? 1 : 0)\n"
            }
        }
        var hidden: [String] = []
        try session.authority.items.forEach { id, item in
            if item.caseID == caseID, try !visibility.seesItem(id) { hidden.append(id) }
        }
        hidden.sort()
        #expect(hidden.count == 2, "the SECRET and the sensitive item")
        for itemID in hidden { text += "hidden \(itemID)\n" }
        let current = try #require(visibility.fingerprints(before: session.authority.size)[caseID])
        return (Hex.encode(try SHA256.hash(Array(text.utf8))), current)
    }
}

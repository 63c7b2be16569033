import EvidenceStore
@testable import EvidenceSearch
import Foundation
@testable import SearchIndex
import Testing

/// Archives end to end: `evidence add` of a ZIP (alone, nested, attached to an email) makes
/// each member an item of its own, derived from the archive, found by the words inside it;
/// `show` names its parent and its path; the extraction report lists only what cannot be read.
@Suite("CLI: archives")
struct CLIArchiveTests {
    static let folder = SearchFixtures.packageRoot + "/Tests/Fixtures/corpora/extraction/archives/"

    static func items(_ bed: CLITestbed) throws -> [String: [String: Any]] {
        Dictionary(try bed.listItems().compactMap { item in (item["name"] as? String).map { ($0, item) } },
                   uniquingKeysWith: { first, _ in first })
    }

    @Test("a ZIP's members and a nested ZIP's members become items, found by their words, each showing its parent and path")
    func nestedZipMembersAreItems() throws {
        try CLITestbed.run { bed in
            try bed.repositoryWithCase("CR-1")
            let archive = try bed.addOne(Self.folder + "evidence.zip")
            // Words found only inside members, one and two archives down (a text file, a DOCX).
            #expect(hitNames(try bed.search("Quillfeather")) == ["notes/alpha.txt"])
            #expect(hitNames(try bed.search("Zanzibar")) == ["deep/beta.txt"])
            #expect(hitNames(try bed.search("periwinkle")) == ["deep/gamma.docx"])
            // A file name inside an archive finds the archive that lists it.
            #expect(Set(hitNames(try bed.search("gamma"))).isSuperset(of: ["inner.zip"]))

            let byName = try Self.items(bed)
            #expect(Set(byName.keys) == ["evidence.zip", "notes/alpha.txt", "inner.zip", "deep/beta.txt", "deep/gamma.docx"],
                    "folders and links are no items: \(byName.keys)")
            let inner = try #require(byName["inner.zip"]?["id"] as? String)
            let innerShown = try bed.ok(["show", inner, "--json"]).json()
            #expect(innerShown["parent"] as? String == archive && innerShown["part"] as? String == "member 2", "\(innerShown)")
            let beta = try #require(byName["deep/beta.txt"]?["id"] as? String)
            let betaShown = try bed.ok(["show", beta, "--json"]).json()
            #expect(betaShown["parent"] as? String == inner, "\(betaShown)")
            #expect(betaShown["part"] as? String == "member 1" && betaShown["name"] as? String == "deep/beta.txt", "\(betaShown)")
            #expect(try bed.ok(["show", beta]).out.contains("\(inner) (member 1)"))
            // The member's bytes are exactly the file that was zipped.
            #expect(String(decoding: try bed.get(beta), as: UTF8.self) == "Beta ledger: marmalade shipment to Zanzibar harbour.\n")
            #expect(try bed.events("item.derived").count == 4)

            // Everything was read: the report is empty.
            #expect(try bed.ok(["extraction-report", "--case", "CR-1", "--json"]).jsonLines().isEmpty)
            // Reindexing records no member twice.
            try bed.ok(["reindex"])
            #expect(try bed.listItems().count == 5)
            #expect(try bed.events("item.derived").count == 4)
            try bed.verifyIntact()
        }
    }

    @Test("a ZIP attached to an email is opened too; an encrypted member is what the report lists")
    func zipAttachedToAnEmail() throws {
        try CLITestbed.run { bed in
            try bed.repositoryWithCase("CR-1")
            let zip = try Data(contentsOf: URL(fileURLWithPath: Self.folder + "evidence.zip"))
            let message = """
            From: Helen Marsh <helen@example.org>
            To: DC Brennan <brennan@example.org>
            Subject: The files you asked for
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary="b1"

            --b1
            Content-Type: text/plain; charset=utf-8

            The bundle is attached.
            --b1
            Content-Type: application/zip; name="bundle.zip"
            Content-Disposition: attachment; filename="bundle.zip"
            Content-Transfer-Encoding: base64

            \(zip.base64EncodedString(options: [.lineLength76Characters, .endLineWithLineFeed]))
            --b1--

            """
            let email = try bed.write("mail/files.eml", message.replacingOccurrences(of: "\n", with: "\r\n"))
            try bed.add([email, Self.folder + "encrypted.zip"])
            // Email → bundle.zip → inner.zip → gamma.docx: three parts down.
            #expect(hitNames(try bed.search("Quillfeather")) == ["notes/alpha.txt"])
            #expect(hitNames(try bed.search("periwinkle")) == ["deep/gamma.docx"])
            let byName = try Self.items(bed)
            let bundle = try #require(byName["bundle.zip"])
            #expect(bundle["kind"] as? String == "document")
            let alpha = try bed.ok(["show", try #require(byName["notes/alpha.txt"]?["id"] as? String), "--json"]).json()
            #expect(alpha["parent"] as? String == bundle["id"] as? String)
            // The encrypted member's words are not found, its name is (in the archive's list).
            #expect(total(try bed.search("tapestry")) == 0)
            #expect(hitNames(try bed.search("secret")).contains("encrypted.zip"))
            #expect(hitNames(try bed.search("greenhouse")) == ["open.txt"])
            let report = try bed.ok(["extraction-report", "--case", "CR-1", "--json"]).jsonLines()
            #expect(report.compactMap { $0["name"] as? String } == ["encrypted.zip"], "\(report)")
            #expect(report.first?["reason"] as? String == "1 member is encrypted and could not be read: secret.txt.", "\(report)")
        }
    }

    @Test("archives nested deeper than the derivation limit stop there, and the deepest archive says so")
    func nestingStopsAtTheDepthLimit() throws {
        try CLITestbed.run { bed in
            try bed.repositoryWithCase("CR-1")
            // level8.zip holds level8.txt; leveln.zip holds leveln.txt and level(n+1).zip.
            let work = try bed.write("nest/README", "archives nested eight deep")
            let folder = (work as NSString).deletingLastPathComponent
            for level in stride(from: 8, through: 1, by: -1) {
                try bed.write("nest/level\(level).txt", "Nesting word stratum\(level) at level \(level).\n")
                var members = ["level\(level).txt"]
                if level < 8 { members.append("level\(level + 1).zip") }
                try Self.zip(folder: folder, archive: "level\(level).zip", members: members)
            }
            try bed.addOne(folder + "/level1.zip")
            // level1.zip is the item added; levelN.txt is N parts below it and levelN.zip N - 1:
            // level6.txt and level7.zip are 6 down, the deepest a part may be, so level7.zip's
            // own parts are not recorded.
            for level in 1...6 {
                #expect(hitNames(try bed.search("stratum\(level)")) == ["level\(level).txt"], "level \(level)")
            }
            let seventh = try total(bed.search("stratum7")), eighth = try total(bed.search("stratum8"))
            #expect(seventh == 0 && eighth == 0)
            #expect(try bed.listItems().count == 13)
            let deepest = try #require((try bed.search("name:level7.zip")["hits"] as? [[String: Any]])?.first)
            #expect(deepest["extraction"] as? String == "partial", "\(deepest)")
            #expect(deepest["extractionReason"] as? String
                    == "Its 2 parts were not recorded: it is 6 levels below the item added, the deepest parts may be.", "\(deepest)")
            let report = try bed.ok(["extraction-report", "--case", "CR-1", "--json"]).jsonLines()
            #expect(report.compactMap { $0["name"] as? String } == ["level7.zip"], "\(report)")
        }
    }

    /// Runs Debian's zip (scripts/install-deps.sh installs it) in `folder`.
    static func zip(folder: String, archive: String, members: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["zip", "-q", archive] + members
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0, "zip \(archive) failed")
    }
}

/// The bound on all the parts below one added item, whatever their depth (a 42.zip fans out
/// sixteen-fold per level), here lowered to 3 so that a small archive reaches it.
@Suite("CLI: archives, the parts budget of one item")
struct CLIArchiveBudgetTests {
    @Test("parts beyond the budget of the item added are not recorded, in this catch-up or a later one")
    func budgetBoundsTheWholeTree() throws {
        try CLITestbed.run { bed in
            try bed.repositoryWithCase("CR-1")
            try bed.addOne(CLIArchiveTests.folder + "evidence.zip", extra: ["--no-index"])
            let session = try Session.open(repositoryPath: bed.repo, stateRoot: bed.state, userName: bed.user,
                                           passphrase: bed.passphrase)
            let caseRecord = try #require(try session.findCaseIfVisible("CR-1"))
            let indexer = CaseIndexer(session: session, extractor: InProcessExtractor())
            indexer.derivedPerAddedItemLimit = 3
            guard case .indexed(_, let derived) = try indexer.catchUp(caseRecord, wait: 0) else {
                Issue.record("the catch-up did not index")
                return
            }
            // evidence.zip's two members, then the first of inner.zip's two: three in all.
            #expect(derived == 3)
            #expect(Set(try bed.listItems().compactMap { $0["name"] as? String })
                    == ["evidence.zip", "notes/alpha.txt", "inner.zip", "deep/beta.txt"])
            // Rebuilding from the ledger records nothing more.
            try indexer.rebuild(caseRecord, wait: 0)
            #expect(try bed.listItems().count == 4)
            #expect(total(try bed.search("periwinkle")) == 0)
        }
    }
}

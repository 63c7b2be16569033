import Foundation
import Testing

/// Continuity of exhibits: physical exhibits (`add --physical`), hand-overs
/// (`custody transfer`) and the continuity record (`custody history`).
@Suite("CLI: custody")
struct CLICustodyTests {
    static let knife = [
        "--physical", "--exhibit-ref", "KNF/1", "--description", "Kitchen knife, 20 cm blade, black handle",
        "--seized-by", "PC 2417 SHAW", "--seized-at", "2026-03-14T03:05:00Z", "--location", "rear garden, 27 Wrenfield Road",
        "--seal", "EV123456", "--storage-location", "Property store, locker 12",
    ]

    /// `add --physical` in case CR-1: the new item's id.
    static func addKnife(_ bed: CLITestbed, extra: [String] = []) throws -> String {
        let added = try bed.ok(["add", "--case", "CR-1", "--json"] + knife + extra).json()
        #expect(added["physical"] as? Bool == true, "\(added)")
        return try #require(added["id"] as? String, "add --physical gave no id: \(added)")
    }

    @Test("a physical exhibit is an item without a file: listed, shown, searchable, verified, not gettable")
    func physicalExhibit() throws {
        try CLITestbed.run { bed in
            try bed.repositoryWithCase()
            let id = try Self.addKnife(bed)
            let shown = try bed.ok(["show", id, "--json"]).json()
            #expect(shown["physical"] as? Bool == true && shown["exhibitRef"] as? String == "KNF/1", "\(shown)")
            #expect(shown["sha256"] == nil && shown["size"] == nil && shown["commitment"] == nil, "\(shown)")
            #expect(shown["seal"] as? String == "EV123456" && shown["storageLocation"] as? String == "Property store, locker 12")
            let custody = shown["custody"] as? [String: Any]
            #expect(custody?["holder"] as? String == "PC 2417 SHAW" && custody?["seal"] as? String == "EV123456", "\(shown)")
            #expect(try bed.listItems().compactMap { $0["id"] as? String } == [id])
            let list = try bed.ok(["list"])
            #expect(list.out.contains("(physical exhibit)"), "\(list)")

            // The ledger entry names no object and no commitment: there is no content.
            let entries = try bed.ok(["log", "--item", id, "--json"]).jsonLines()
            #expect(entries.compactMap { $0["type"] as? String } == ["physical-item.added"])
            #expect(entries.first?["object"] == nil && entries.first?["commitment"] == nil, "\(entries)")

            let get = try bed.fails(66, ["get", id, "-o", bed.path("out.bin")])
            #expect(get.errorLine?.contains("physical exhibit") == true, "\(get)")
            #expect(!FileManager.default.fileExists(atPath: bed.path("out.bin")))

            // Found by its description: the index holds its metadata (there is no text to extract).
            let hits = try bed.ok(["search", "knife", "--case", "CR-1", "--json"]).json()["hits"] as? [[String: Any]]
            #expect(hits?.compactMap { $0["id"] as? String } == [id], "\(hits ?? [])")

            try bed.ok(["custody", "transfer", id, "--to", "Forensic lab", "--reason", "examination"])
            let report = try bed.verifyIntact()
            #expect(report["items"] as? Int == 1, "\(report)")
            // An outsider's audit, with only the verifier key, finds nothing missing either.
            try bed.auditIntact(try bed.verifierKey())
        }
    }

    @Test("hand-overs are ledger events by the acting user; the history reads as a continuity record")
    func transferAndHistory() throws {
        try CLITestbed.run { bed in
            try bed.repositoryWithCase()
            let id = try Self.addKnife(bed)
            let officer = try bed.userID("officer")
            let first = try bed.ok(["custody", "transfer", id, "--to", "DC 1234 JONES", "--reason", "For forensic examination",
                                    "--seal", "EV123457", "--location", "Forensic laboratory, Bay 2", "--json"]).json()
            #expect(first["from"] as? String == "PC 2417 SHAW" && first["to"] as? String == "DC 1234 JONES", "\(first)")
            let now = first["custody"] as? [String: Any]
            #expect(now?["seal"] as? String == "EV123457" && now?["location"] as? String == "Forensic laboratory, Bay 2")
            // Without --seal or --location they stay as they were; the reason may come from EVIDENCE_REASON.
            let second = try bed.ok(["custody", "transfer", id, "--to", "Property store"],
                                    environment: ["EVIDENCE_REASON": "Examination complete, returned to store"])
            #expect(second.out.contains("from DC 1234 JONES to Property store"), "\(second)")

            let events = try bed.events("custody.transferred")
            #expect(events.count == 2 && events.allSatisfy { $0["actor"] as? String == officer && $0["item"] as? String == id })
            let details = events.first?["details"] as? [String: Any]
            #expect(details?["to"] as? String == "DC 1234 JONES" && details?["reason"] as? String == "For forensic examination",
                    "\(events)")

            let history = try bed.ok(["custody", "history", id])
            let text = history.out
            for expected in [
                "Continuity of exhibit KNF/1 (item \(id)), case CR-1",
                "Description: Kitchen knife, 20 cm blade, black handle",
                "Content: physical exhibit, no digital content",
                "2026-03-14 03:05:00 UTC  Seized by PC 2417 SHAW at rear garden, 27 Wrenfield Road.",
                "Recorded as a physical exhibit (no digital content), in the custody of PC 2417 SHAW, seal EV123456, at Property store, locker 12.",
                "Handed over by PC 2417 SHAW to DC 1234 JONES, seal EV123457 (was EV123456), now at Forensic laboratory, Bay 2. Reason: For forensic examination.",
                "Handed over by DC 1234 JONES to Property store. Reason: Examination complete, returned to store.",
                "recorded by officer]",
                "Now in the custody of Property store, seal EV123457, at Forensic laboratory, Bay 2.",
            ] {
                #expect(text.contains(expected), "history lacks “\(expected)”\n\(history)")
            }
            // Oldest first: seizure, booking in, the two hand-overs.
            let steps = try #require(try bed.ok(["custody", "history", id, "--json"]).json()["steps"] as? [[String: Any]])
            #expect(steps.compactMap { $0["kind"] as? String } == ["seized", "recorded", "transferred", "transferred"])
            #expect(steps.compactMap { $0["seq"] as? Int } == steps.compactMap { $0["seq"] as? Int }.sorted())

            // A file exhibit has a continuity too, starting with the user who added it.
            let file = try bed.addOne(try bed.write("in/cctv.txt", "frame 1"))
            try bed.ok(["custody", "transfer", file, "--to", "Digital forensics unit", "--reason", "imaging"])
            let fileHistory = try bed.ok(["custody", "history", file]).out
            #expect(fileHistory.contains("Added to the store as cctv.txt, 7 bytes, SHA-256 "), "\(fileHistory)")
            #expect(fileHistory.contains("Handed over by officer to Digital forensics unit."), "\(fileHistory)")

            // The projection is rebuilt from the ledger with the same answers.
            try bed.ok(["rebuild"])
            #expect(try bed.ok(["custody", "history", id]).out == text)
            try bed.verifyIntact()
        }
    }

    @Test("bad custody input is refused with 64 or 66 and records nothing")
    func badInput() throws {
        try CLITestbed.run { bed in
            try bed.repositoryWithCase()
            let id = try Self.addKnife(bed)
            let file = try bed.write("in/a.txt", "alpha")
            let checkpoint = try bed.ok(["checkpoint"]).out
            for arguments in [
                ["add", "--case", "CR-1", "--physical", "--description", "a bag"],
                ["add", "--case", "CR-1", "--physical", "--exhibit-ref", "B/1"],
                ["add", "--case", "CR-1", "--physical", "--exhibit-ref", "B/1", "--description", "  "],
                ["add", "--case", "CR-1", "--physical", "--exhibit-ref", "B/1", "--description", "a bag", file],
                ["add", "--case", "CR-1", "--physical", "--exhibit-ref", "B/1", "--description", "a bag",
                 "--expect-sha256", String(repeating: "0", count: 64)],
                ["add", "--case", "CR-1", "--physical", "--exhibit-ref", "B/1", "--description", "a bag", "--kind", "weapon"],
                ["add", "--case", "CR-1", "--physical", "--exhibit-ref", "B/1", "--description", "a bag", "--seal", "EV\u{7}1"],
                ["custody", "transfer", id, "--to", "   ", "--reason", "x"],
                ["custody", "transfer", id, "--to", "DC JONES", "--reason", ""],
                ["custody", "transfer", id, "--to", "DC\nJONES", "--reason", "x"],
                ["custody", "transfer", id, "--to", "DC JONES", "--reason", "x", "--seal", ""],
                ["custody", "transfer", id, "--to", "DC JONES", "--reason", "x", "--location", "Lab\u{1b}[2J"],
                ["custody", "transfer", id, "--to", String(repeating: "x", count: 201), "--reason", "x"],
                // To the current holder (compared without regard to case): nothing changes hands.
                ["custody", "transfer", id, "--to", "pc 2417 shaw", "--reason", "x"],
            ] {
                try bed.fails(64, arguments, environment: ["EVIDENCE_REASON": nil])
            }
            // Argument errors of the parser itself: a missing --to.
            try bed.usageError(["custody", "transfer", id, "--reason", "x"])
            #expect(try bed.ok(["checkpoint"]).out == checkpoint, "nothing was appended")

            // No such item: 66, and (like every lookup that finds nothing) an access.denied entry.
            let missing = unknownID("itm")
            for command in [["custody", "transfer", missing, "--to", "X", "--reason", "y"], ["custody", "history", missing],
                            ["custody", "report", missing, "-o", bed.path("r.html")], ["prove", missing]] {
                let result = try bed.refused(66, as: "officer", command)
                #expect(result.errorLine == "evidence: No item \(missing) exists in this repository.", "\(result)")
            }
            #expect(!FileManager.default.fileExists(atPath: bed.path("r.html")))
        }
    }
}

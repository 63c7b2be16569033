import Foundation
import Testing

/// `evidence list`, `show`, `get` and `log`: reading, and the read events reads leave.
@Suite("CLI: list, show, get, log")
struct CLIReadTests {
    @Test("get -o FILE and get -o - write the original bytes; each read is a ledger event")
    func getBytes() throws {
        try CLITestbed.run { bed in
            try bed.repositoryWithCase()
            let data = randomData(300_000)
            let id = try bed.addOne(try bed.write("in/cctv.mp4", data))

            let target = bed.path("out/copy.mp4")
            try FileManager.default.createDirectory(atPath: bed.path("out"), withIntermediateDirectories: true)
            let toFile = try bed.ok(["get", id, "-o", target])
            #expect(toFile.stdout.isEmpty, "get -o FILE prints nothing on stdout\n\(toFile)")
            let copy = try bed.read(target)
            #expect(copy == data)
            #expect(try sha256Hex(copy) == (try sha256Hex(data)))
            #expect(toFile.err.contains(try sha256Hex(data)), "reports the verified SHA-256\n\(toFile)")

            let toStdout = try bed.ok(["get", id, "-o", "-"])
            #expect(toStdout.stdout == data, "get -o - writes exactly the bytes and nothing else")

            let events = try bed.ok(["log", "--item", id, "--json"]).jsonLines()
            let types = events.compactMap { $0["type"] as? String }
            #expect(types == ["item.added", "item.read", "item.read"], "\(types)")
            let destinations = events.filter { $0["type"] as? String == "item.read" }
                .compactMap { ($0["details"] as? [String: Any])?["destination"] as? String }
            #expect(destinations.count == 2 && destinations.last == "-", "\(destinations)")
            try bed.verifyIntact()
        }
    }

    @Test("get of an item that does not exist exits 66 and leaves no file")
    func getMissing() throws {
        try CLITestbed.run { bed in
            try bed.repositoryWithCase()
            let id = try bed.addOne(try bed.write("in/a.txt", "alpha"))
            let missing = "itm_01AAAAAAAAAAAAAAAAAAAAAAAA"
            let target = bed.path("out.bin")
            let result = try bed.fails(66, ["get", missing, "-o", target])
            #expect(result.err.contains("No item \(missing) exists"), "\(result)")
            #expect(!FileManager.default.fileExists(atPath: target))
            for command in [["show", missing], ["show", missing, "--json"], ["log", "--item", missing],
                            ["amend", missing, "--description", "x"], ["get", "not-an-id", "-o", "-"]] {
                let other = try bed.fails(66, command)
                #expect(other.err.contains("No item ") && other.err.contains(" exists"), "\(other)")
            }
            #expect(try bed.itemIDs() == [id])
            try bed.verifyIntact()
        }
    }

    @Test("get into a folder that does not exist fails with an I/O error (74) that does not blame the item")
    func getIntoMissingFolder() throws {
        try CLITestbed.run { bed in
            try bed.repositoryWithCase()
            let id = try bed.addOne(try bed.write("in/a.txt", "alpha"))
            let target = bed.path("no-such-folder/a.txt")
            let result = try bed.fails(74, ["get", id, "-o", target])
            #expect(!result.err.contains("\(target) does not exist"),
                    "the destination is not an input: saying it 'does not exist' is misleading\n\(result)")
            #expect(!FileManager.default.fileExists(atPath: bed.path("no-such-folder")))
            // A folder as the destination is refused too, and the item is still there.
            try bed.fails(74, ["get", id, "-o", bed.path("in")])
            #expect(try bed.get(id) == Data("alpha".utf8))
        }
    }

    @Test("list (text, JSON, per case) and show (text, JSON with custody events)")
    func listAndShow() throws {
        try CLITestbed.run { bed in
            try bed.repositoryWithCase("CR-1")
            try bed.createCase("CR-2")
            let a = try bed.addOne(try bed.write("in/a.txt", "alpha"), extra: ["--exhibit-ref", "AB/1"])
            let b = try bed.addOne(try bed.write("in/b.txt", "bravo"), case: "CR-2")
            let all = try bed.listItems()
            #expect(all.compactMap { $0["id"] as? String } == [a, b])
            for item in all {
                for key in ["id", "case", "sha256", "size", "path", "addedAt", "addedBy", "kind", "classification"] {
                    #expect(item[key] != nil, "list --json lacks \(key): \(item)")
                }
            }
            #expect(try bed.itemIDs(case: "CR-1") == [a])
            #expect(try bed.itemIDs(case: "CR-2") == [b])
            let text = try bed.ok(["list"])
            #expect(text.outLines.count == 2)
            #expect(text.outLines.first?.contains(a) == true && text.outLines.first?.contains("CR-1") == true
                    && text.outLines.first?.contains("AB/1") == true, "\(text)")

            try bed.ok(["get", a, "-o", "-"])
            let shown = try bed.ok(["show", a, "--json"]).json()
            #expect(shown["id"] as? String == a)
            #expect(shown["caseReference"] as? String == "CR-1")
            #expect(shown["sha256"] as? String == (try sha256Hex(Data("alpha".utf8))))
            let events = try #require(shown["events"] as? [[String: Any]])
            #expect(events.compactMap { $0["type"] as? String } == ["item.added", "item.read"], "\(events)")
            let showText = try bed.ok(["show", a]).out
            #expect(showText.contains(a) && showText.contains("SHA-256") && showText.contains("Custody events:"), "\(showText)")
            #expect(showText.contains("read \(a)"), "\(showText)")
        }
    }

    @Test("log lists every event in order, in text and JSON, and --item narrows it")
    func log() throws {
        try CLITestbed.run { bed in
            try bed.repositoryWithCase()
            let a = try bed.addOne(try bed.write("in/a.txt", "alpha"))
            let b = try bed.addOne(try bed.write("in/b.txt", "bravo"))
            try bed.ok(["get", b, "-o", "-"])
            let events = try bed.ok(["log", "--json"]).jsonLines()
            let types = events.compactMap { $0["type"] as? String }
            #expect(types.first == "repository.created")
            #expect(types.contains("identity.registered") && types.contains("case.created"))
            #expect(types.suffix(3) == ["item.added", "item.added", "item.read"], "\(types)")
            let sequences = events.compactMap { $0["seq"] as? Int }
            #expect(sequences == Array(0..<events.count), "in ledger order: \(sequences)")
            let times = events.compactMap { $0["time"] as? String }
            #expect(times == times.sorted(), "recorded times never go backwards")
            #expect(times.allSatisfy { $0.hasSuffix("Z") })
            #expect(events.allSatisfy { ($0["leafHash"] as? String)?.count == 64 })
            #expect(events.last?["actorName"] as? String == "officer")
            let onlyA = try bed.ok(["log", "--item", a, "--json"]).jsonLines()
            #expect(onlyA.count == 1 && onlyA.first?["item"] as? String == a)
            let text = try bed.ok(["log"])
            #expect(text.outLines.count == events.count)
            #expect(text.outLines.last?.contains("read \(b)") == true, "\(text)")
            #expect(text.out.contains("repository created"))
        }
    }
}

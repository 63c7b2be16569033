import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `evidence add`: files, folders, skipped entries, duplicates, metadata, --expect-sha256.
@Suite("CLI: add")
struct CLIAddTests {
    @Test("add one file prints id, SHA-256, size and path; the item is stored with its hash")
    func addFileText() throws {
        try CLITestbed.run { bed in
            try bed.repositoryWithCase()
            let data = Data("Witness statement of Jane Smith, 14 March 2026.\n".utf8)
            let file = try bed.write("in/statement-js1.txt", data)
            let result = try bed.ok(["add", "--case", "CR-1", "--kind", "statement", file])
            let columns = try #require(result.outLines.first).split(separator: " ", omittingEmptySubsequences: true)
            #expect(result.outLines.count == 1, "\(result)")
            #expect(columns.count >= 4, "\(result)")
            #expect(columns.first?.hasPrefix("itm_") == true)
            #expect(String(columns[1]) == (try sha256Hex(data)))
            #expect(String(columns[2]) == String(data.count))
            #expect(String(columns[3]) == "statement-js1.txt", "a file given directly is recorded by its name")
            let items = try bed.listItems()
            #expect(items.count == 1)
            #expect(items.first?["id"] as? String == String(columns[0]))
            #expect(items.first?["sha256"] as? String == (try sha256Hex(data)))
            #expect(items.first?["kind"] as? String == "statement")
            try bed.verifyIntact()
        }
    }

    @Test("add a folder: recursive, relative paths, symlinks and a FIFO skipped with warnings, JSON lines")
    func addFolder() throws {
        try CLITestbed.run { bed in
            try bed.repositoryWithCase()
            var expected: [String: Data] = [:]
            for (relative, size) in [("exhibits/phone/sms.txt", 300), ("exhibits/phone/photos/IMG_0001.jpg", 5000),
                                     ("exhibits/phone/photos/IMG_0002.jpg", 7000), ("exhibits/cctv/still-0241.png", 2500),
                                     ("exhibits/README", 0)] {
                let data = randomData(size)
                try bed.write("in/\(relative)", data)
                expected[relative] = data
            }
            // A symbolic link to a file, one to a folder, and a FIFO: none of them is followed or read.
            try FileManager.default.createSymbolicLink(atPath: bed.path("in/exhibits/link-to-sms"),
                                                       withDestinationPath: bed.path("in/exhibits/phone/sms.txt"))
            try FileManager.default.createSymbolicLink(atPath: bed.path("in/exhibits/phone/link-to-dir"),
                                                       withDestinationPath: bed.path("in/exhibits/cctv"))
            #expect(mkfifo(bed.path("in/exhibits/cctv/pipe"), 0o600) == 0)

            let result = try bed.ok(["add", "--case", "CR-1", "--json", bed.path("in/exhibits")])
            let lines = try result.jsonLines()
            #expect(lines.count == expected.count, "\(result)")
            var byPath: [String: [String: Any]] = [:]
            for line in lines {
                let path = try #require(line["path"] as? String, "\(line)")
                byPath[path] = line
                #expect((line["id"] as? String)?.hasPrefix("itm_") == true)
            }
            #expect(Set(byPath.keys) == Set(expected.keys), "relative paths under the folder given: \(byPath.keys.sorted())")
            for (path, data) in expected {
                let line = try #require(byPath[path])
                #expect(line["sha256"] as? String == (try sha256Hex(data)), "\(path)")
                #expect(line["size"] as? Int == data.count, "\(path)")
            }
            let warnings = result.errLines.filter { $0.hasPrefix("warning: ") }
            #expect(warnings.count == 3, "one warning per skipped entry\n\(result)")
            #expect(warnings.contains(where: { $0.contains("link-to-sms") }))
            #expect(warnings.contains(where: { $0.contains("link-to-dir") }))
            #expect(warnings.contains(where: { $0.contains("pipe") }))
            // The store's view agrees.
            let listed = try bed.listItems()
            #expect(Set(listed.compactMap { $0["path"] as? String }) == Set(expected.keys))
            for (path, data) in expected {
                let id = try #require(byPath[path]?["id"] as? String)
                #expect(try bed.get(id) == data, "\(path) reads back byte for byte")
            }
            try bed.verifyIntact()
        }
    }

    @Test("a symbolic link or FIFO named directly is skipped with a warning; with nothing else, add exits 66")
    func addSkipsSymlinkArgument() throws {
        try CLITestbed.run { bed in
            try bed.repositoryWithCase()
            let file = try bed.write("in/a.txt", "alpha")
            try FileManager.default.createSymbolicLink(atPath: bed.path("in/link"), withDestinationPath: file)
            #expect(mkfifo(bed.path("in/fifo"), 0o600) == 0)
            // Adding nothing is a failure the exit code must show, never a silent 0.
            let result = try bed.fails(66, ["add", "--case", "CR-1", "--json", bed.path("in/link"), bed.path("in/fifo")])
            #expect(result.errorLine?.contains("Nothing was added") == true, "\(result)")
            #expect(result.err.contains("link") && result.err.contains("fifo"), "\(result)")
            #expect(try bed.itemIDs().isEmpty)
        }
    }

    @Test("the same content twice in a case: one object, a new item recorded as a duplicate")
    func duplicates() throws {
        try CLITestbed.run { bed in
            try bed.repositoryWithCase()
            let data = randomData(10_000)
            let first = try bed.addOne(try bed.write("in/original.bin", data))
            #expect(bed.objectFiles().count == 1)
            let lines = try bed.add([try bed.write("in/copy.bin", data)])
            let second = try #require(lines.first)
            #expect(second["duplicateOf"] as? String == first, "\(second)")
            let secondID = try #require(second["id"] as? String)
            #expect(secondID != first, "a duplicate is a new item")
            #expect(bed.objectFiles().count == 1, "duplicate content is stored once")
            // Within one add, too.
            let both = try bed.add([try bed.write("in/x/one", "same bytes"), try bed.write("in/x/two", "same bytes")])
            #expect(both.count == 2)
            #expect(both[1]["duplicateOf"] as? String == both[0]["id"] as? String, "\(both)")
            #expect(bed.objectFiles().count == 2)
            let shown = try bed.ok(["show", secondID, "--json"]).json()
            #expect(shown["duplicateOf"] as? String == first)
            #expect(try bed.get(secondID) == data)
            #expect(try bed.itemIDs().count == 4)
            try bed.verifyIntact()
        }
    }

    @Test("temporary objects a killed add left in the case's folder are deleted by the next add")
    func abandonedTemporaryObjects() throws {
        try CLITestbed.run { bed in
            let caseID = try bed.repositoryWithCase()
            let data = randomData(10_000)
            let first = try bed.addOne(try bed.write("in/first.bin", data))
            let folder = (bed.repo as NSString).appendingPathComponent("objects/\(caseID)")
            let abandoned = (folder as NSString).appendingPathComponent(".tmp-00112233445566778")
            try randomData(50_000).write(to: URL(fileURLWithPath: abandoned))
            // Not a file: left alone.
            let oddFolder = (folder as NSString).appendingPathComponent(".tmp-folder")
            try FileManager.default.createDirectory(atPath: oddFolder, withIntermediateDirectories: true)
            try bed.verifyIntact()

            try bed.addOne(try bed.write("in/second.bin", "second"))
            #expect(!FileManager.default.fileExists(atPath: abandoned))
            #expect(FileManager.default.fileExists(atPath: oddFolder))
            #expect(try bed.get(first) == data)
            #expect(bed.objectFiles().count == 2)
            try bed.verifyIntact()
        }
    }

    @Test("the same content in another case is a separate object (dedup never crosses cases)")
    func noDedupAcrossCases() throws {
        try CLITestbed.run { bed in
            try bed.repositoryWithCase("CR-1")
            let caseTwo = try bed.createCase("CR-2")
            let file = try bed.write("in/shared.pdf", randomData(4096))
            let first = try bed.addOne(file, case: "CR-1")
            let lines = try bed.add([file], case: "CR-2")
            #expect(lines.first?["duplicateOf"] == nil, "no duplicate across cases: \(lines)")
            #expect(lines.first?["case"] as? String == caseTwo)
            let objects = bed.objectFiles()
            #expect(objects.count == 2, "one object per case: \(objects)")
            #expect(Set(objects.map { ($0 as NSString).lastPathComponent }).count == 2, "object names are keyed per case")
            #expect(objects.contains(where: { $0.contains("/objects/\(caseTwo)/") }))
            #expect(try bed.itemIDs(case: "CR-1") == [first])
            #expect(try bed.itemIDs(case: "CR-2").count == 1)
            try bed.verifyIntact()
        }
    }

    @Test("descriptive metadata and the file's modification time are recorded")
    func metadata() throws {
        try CLITestbed.run { bed in
            try bed.repositoryWithCase()
            let file = try bed.write("in/IMG_2231.jpg", randomData(2048))
            let modified = Date(timeIntervalSince1970: 1_773_456_000.250)  // 2026-03-14T02:40:00.250Z
            try FileManager.default.setAttributes([.modificationDate: modified], ofItemAtPath: file)
            let id = try bed.addOne(file, extra: [
                "--kind", "image", "--exhibit-ref", "JS/3", "--description", "Photo of the rear door, pry marks",
                "--seized-by", "PC 4411 Khan", "--seized-at", "2026-03-14T02:40:00Z", "--location", "14 Mill Lane, rear garden",
                "--classification", "OFFICIAL-SENSITIVE", "--sensitive",
            ])
            let shown = try bed.ok(["show", id, "--json"]).json()
            #expect(shown["kind"] as? String == "image")
            #expect(shown["exhibitRef"] as? String == "JS/3")
            #expect(shown["description"] as? String == "Photo of the rear door, pry marks")
            #expect(shown["seizedBy"] as? String == "PC 4411 Khan")
            #expect((shown["seizedAt"] as? String)?.hasPrefix("2026-03-14T02:40:00") == true, "\(shown)")
            #expect(shown["location"] as? String == "14 Mill Lane, rear garden")
            #expect(shown["classification"] as? String == "OFFICIAL-SENSITIVE")
            #expect(shown["sensitive"] as? Bool == true)
            #expect(shown["name"] as? String == "IMG_2231.jpg")
            #expect(shown["modified"] as? String == "2026-03-14T02:40:00.250Z", "\(shown)")
            let text = try bed.ok(["show", id]).out
            #expect(text.contains("JS/3") && text.contains("PC 4411 Khan") && text.contains("MG6D"), "\(text)")
        }
    }

    @Test("--expect-sha256 matching stores the item; a mismatch exits 65 and stores nothing")
    func expectSHA256() throws {
        try CLITestbed.run { bed in
            try bed.repositoryWithCase()
            let earlier = try bed.addOne(try bed.write("in/earlier.txt", "earlier item"))
            let data = randomData(50_000)
            let file = try bed.write("in/extraction.bin", data)
            let wrong = String(repeating: "0", count: 64)
            let objectsBefore = bed.files(under: bed.repoPath("objects"))
            let checkpointBefore = try bed.ok(["checkpoint"]).out
            let result = try bed.fails(65, ["add", "--case", "CR-1", "--expect-sha256", wrong, file])
            let actual = try sha256Hex(data)
            #expect(result.err.contains(wrong) && result.err.contains(actual), "names both hashes\n\(result)")
            #expect(bed.files(under: bed.repoPath("objects")) == objectsBefore, "no object file was left")
            #expect(try bed.itemIDs() == [earlier], "no item was added")
            #expect(try bed.ok(["checkpoint"]).out == checkpointBefore, "nothing was appended to the ledger")
            // Upper-case hex is the same hash.
            let id = try bed.addOne(file, extra: ["--expect-sha256", try sha256Hex(data).uppercased()])
            #expect(try bed.get(id) == data)
            #expect(try bed.itemIDs() == [earlier, id])
            try bed.verifyIntact()
        }
    }

    @Test("an empty file and a file spanning several chunks are stored and read back exactly")
    func emptyAndMultiChunk() throws {
        try CLITestbed.run { bed in
            try bed.repositoryWithCase()
            let empty = try bed.addOne(try bed.write("in/empty", Data()))
            // Larger than two 4 MiB chunks, and not a multiple of the chunk size; half compressible.
            var data = randomData(5 << 20)
            data.append(Data(repeating: 0x41, count: 4 << 20 + 12_345))
            let big = try bed.addOne(try bed.write("in/large.bin", data))
            #expect(try bed.get(empty).isEmpty)
            #expect(try bed.get(big) == data)
            let report = try bed.verifyIntact()
            #expect(report["objectsDecrypted"] as? Int == 2, "\(report)")
        }
    }

    @Test("hostile file names (spaces, Unicode, quotes, backslash, newline) are recorded exactly, one text line per item")
    func hostileFileNames() throws {
        try CLITestbed.run { bed in
            try bed.repositoryWithCase()
            let names = ["witness statement (1).txt", "Zoë’s photo.jpg", "quote\"name", "back\\slash", "new\nline",
                         "tab\tname", "escape\u{1B}[31mred"]
            var expected: [String: Data] = [:]
            for name in names {
                let data = Data("content of \(name)".utf8)
                try bed.write("in/names/\(name)", data)
                expected["names/\(name)"] = data
            }
            let lines = try bed.add([bed.path("in/names")])
            #expect(Set(lines.compactMap { $0["path"] as? String }) == Set(expected.keys), "\(lines)")
            for line in lines {
                let id = try #require(line["id"] as? String)
                let path = try #require(line["path"] as? String)
                #expect(try bed.get(id) == expected[path], "\(path)")
            }
            let text = try bed.ok(["list"])
            #expect(text.outLines.count == names.count, "one line per item even for hostile names\n\(text)")
            #expect(!text.out.contains("\u{1B}"), "no raw escape sequences reach the terminal\n\(text)")
            try bed.verifyIntact()
        }
    }

    @Test("a file name that is not UTF-8 (Latin-1 'café.txt') is added, and so is the rest of its folder")
    func nonUTF8FileName() throws {
        try CLITestbed.run { bed in
            try bed.repositoryWithCase()
            let folder = bed.path("in/latin")
            try bed.write("in/latin/plain.txt", "plain")
            // "café.txt" in ISO-8859-1: the é is the single byte 0xE9, which is not UTF-8.
            let rawName: [UInt8] = Array((folder + "/caf").utf8) + [0xE9] + Array(".txt".utf8) + [0]
            let fd = rawName.withUnsafeBufferPointer { buffer in
                buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                    open($0, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
                }
            }
            try #require(fd >= 0)
            let content = Array("latin-1 named exhibit".utf8)
            #expect(content.withUnsafeBytes { writeAll(fd, $0) })
            close(fd)
            let result = try bed.run(["add", "--case", "CR-1", "--json", folder])
            #expect(result.status == 0, "\(result)")
            let lines = (try? result.jsonLines()) ?? []
            #expect(lines.count == 2, "both files are added\n\(result)")
            for line in lines where (line["path"] as? String)?.contains("caf") == true {
                let id = try #require(line["id"] as? String)
                #expect(try bed.get(id) == Data(content))
            }
            try bed.verifyIntact()
        }
    }
}

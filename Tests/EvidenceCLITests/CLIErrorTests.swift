import Foundation
import Testing

/// Bad input: one sentence on stderr, the sysexits code, and nothing committed lost.
@Suite("CLI: bad input")
struct CLIErrorTests {
    /// A repository with one committed item, and a check that it is still whole.
    private func seeded(_ bed: CLITestbed) throws -> (id: String, data: Data) {
        try bed.repositoryWithCase()
        let data = randomData(20_000)
        return (try bed.addOne(try bed.write("in/kept.bin", data)), data)
    }

    private func stillWhole(_ bed: CLITestbed, _ seed: (id: String, data: Data),
                            sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(try bed.itemIDs() == [seed.id], "the committed item is still the only one", sourceLocation: sourceLocation)
        #expect(try bed.get(seed.id) == seed.data, sourceLocation: sourceLocation)
        try bed.verifyIntact(sourceLocation: sourceLocation)
    }

    @Test("a wrong passphrase and an unknown user both exit 77 with the identical sentence")
    func credentials() throws {
        try CLITestbed.run { bed in
            let seed = try seeded(bed)
            let wrong = try bed.fails(77, ["list"], environment: ["EVIDENCE_PASSPHRASE": "not-the-passphrase"])
            let unknown = try bed.fails(77, ["list"], environment: ["EVIDENCE_USER": "no.such.user"])
            let file = try bed.secretFile("secrets/wrong", "also wrong")
            let viaFile = try bed.fails(77, ["add", "--case", "CR-1", "--passphrase-file", file, bed.path("in/kept.bin")])
            let viaOption = try bed.fails(77, ["get", seed.id, "-o", "-", "--user", "intruder"])
            #expect(wrong.err == unknown.err, "the same message for both")
            #expect(wrong.err == viaFile.err && wrong.err == viaOption.err)
            #expect(wrong.errorLine == "evidence: Wrong passphrase or unknown user.")
            #expect(!wrong.err.contains("not-the-passphrase") && !unknown.err.contains("no.such.user"),
                    "the sentence does not echo what was typed")
            try stillWhole(bed, seed)
        }
    }

    @Test("no passphrase at all, without a terminal, is a usage error (64)")
    func noPassphrase() throws {
        try CLITestbed.run { bed in
            let seed = try seeded(bed)
            try bed.fails(64, ["list"], environment: ["EVIDENCE_PASSPHRASE": nil])
            try bed.fails(66, ["list", "--passphrase-file", bed.path("secrets/missing")])
            try bed.fails(64, ["list"], environment: ["EVIDENCE_REPO": nil])
            try bed.fails(64, ["list"], environment: ["EVIDENCE_USER": nil])
            try stillWhole(bed, seed)
        }
    }

    @Test("a path that does not exist exits 66 and adds nothing, even beside a good file")
    func missingPath() throws {
        try CLITestbed.run { bed in
            let seed = try seeded(bed)
            let good = try bed.write("in/good.txt", "good")
            let missing = bed.path("in/no-such-file.jpg")
            let result = try bed.fails(66, ["add", "--case", "CR-1", good, missing])
            #expect(result.err.contains(missing) && result.err.contains("does not exist"), "\(result)")
            try bed.fails(66, ["add", "--case", "CR-1", bed.path("in/no-such-folder/")])
            try stillWhole(bed, seed)
        }
    }

    @Test("an unreadable file (read fails with EIO) exits 74 with no item and no object added")
    func unreadableFile() throws {
        try CLITestbed.run { bed in
            let seed = try seeded(bed)
            let objects = bed.files(under: bed.repoPath("objects"))
            let checkpoint = try bed.ok(["checkpoint"]).out
            // Tests run as root, so file modes do not stop reads: /proc/self/mem is a regular
            // file whose read at offset 0 fails with EIO.
            let result = try bed.fails(74, ["add", "--case", "CR-1", "--json", "/proc/self/mem"])
            #expect(result.err.contains("/proc/self/mem"), "\(result)")
            #expect(result.err.contains("no item was added") || result.err.contains("nothing"), "\(result)")
            #expect(bed.files(under: bed.repoPath("objects")) == objects, "no object (or temporary file) left behind")
            #expect(try bed.ok(["checkpoint"]).out == checkpoint, "nothing appended to the ledger")
            try stillWhole(bed, seed)
        }
    }

    @Test("not a repository: a missing folder 66, an empty folder or garbage config 65 naming what was found")
    func notARepository() throws {
        try CLITestbed.run { bed in
            let missing = try bed.fails(66, ["list"], environment: ["EVIDENCE_REPO": bed.path("nowhere")])
            #expect(missing.err.contains("does not exist"), "\(missing)")

            try FileManager.default.createDirectory(atPath: bed.path("empty"), withIntermediateDirectories: true)
            let empty = try bed.fails(65, ["list"], environment: ["EVIDENCE_REPO": bed.path("empty")])
            #expect(empty.err.contains("not an evidence repository") && empty.err.contains("no config"), "\(empty)")

            try bed.write("garbage/config", "PK\u{3}\u{4} this is a zip file, not a config")
            let garbage = try bed.fails(65, ["list"], environment: ["EVIDENCE_REPO": bed.path("garbage")])
            #expect(garbage.err.contains("config") && garbage.err.contains("JSON"), "\(garbage)")

            try bed.write("other/config", "{\"name\":\"some other tool\"}")
            let other = try bed.fails(65, ["verify"], environment: ["EVIDENCE_REPO": bed.path("other")])
            #expect(other.err.contains("@evidence"), "names the missing marker\n\(other)")

            // Nothing was written into any of them.
            #expect(bed.files(under: bed.path("empty")).isEmpty)
            #expect(bed.files(under: bed.path("garbage")) == ["config"])
        }
    }

    @Test("a config of format version 2 exits 65 naming the version, for every command")
    func unknownVersion() throws {
        try CLITestbed.run { bed in
            let seed = try seeded(bed)
            let configPath = bed.repoPath("config")
            let original = try bed.read(configPath)
            let text = String(decoding: original, as: UTF8.self)
            #expect(text.contains("\"@version\":1"), "\(text)")
            try Data(text.replacingOccurrences(of: "\"@version\":1", with: "\"@version\":2").utf8)
                .write(to: URL(fileURLWithPath: configPath))
            for command in [["list"], ["verify"], ["checkpoint"], ["add", "--case", "CR-1", bed.path("in/kept.bin")]] {
                let result = try bed.fails(65, command)
                #expect(result.err.contains("version 2"), "\(result)")
            }
            try original.write(to: URL(fileURLWithPath: configPath))
            try stillWhole(bed, seed)
        }
    }

    @Test("bad arguments exit 64 and change nothing")
    func badArguments() throws {
        try CLITestbed.run { bed in
            let seed = try seeded(bed)
            let file = try bed.write("in/new.txt", "new")
            let checkpoint = try bed.ok(["checkpoint"]).out
            let cases: [([String], String?)] = [
                (["add", "--case", "CR-1", "--no-such-option", file], nil),
                (["frobnicate"], nil),
                (["add", "--case", "CR-1", "--classification", "TOP-SECRET", file], "--classification"),
                (["add", "--case", "CR-1", "--kind", "weapon", file], "--kind"),
                (["add", "--case", "CR-1", "--seized-at", "yesterday", file], "--seized-at"),
                (["add", "--case", "CR-1", "--seized-at", "2026-13-45T99:00:00Z", file], "--seized-at"),
                (["add", "--case", "CR-1", "--expect-sha256", "not-hex", file], "--expect-sha256"),
                (["add", "--case", "CR-1", "--expect-sha256", String(repeating: "g", count: 64), file], "--expect-sha256"),
                (["add", "--case", "CR-1", "--expect-sha256", "abcd", file], "--expect-sha256"),
                (["add", "--case", "CR-1"], nil),
                (["add", file], nil),
                (["add", "--case", "CR-1", "--wait", "-3", file], "--wait"),
                (["add", "--case", "CR-1", "--description", "tab\u{7}bell", file], "--description"),
                (["get", seed.id], nil),
                (["add", "--case", "CR-1", "--expect-sha256", String(repeating: "a", count: 64), bed.path("in")], "--expect-sha256"),
            ]
            for (arguments, mentions) in cases {
                let result = try bed.usageError(arguments)
                if let mentions {
                    #expect(result.err.contains(mentions), "the sentence names \(mentions)\n\(result)")
                }
            }
            #expect(try bed.ok(["checkpoint"]).out == checkpoint, "no bad command appended anything")
            try stillWhole(bed, seed)
        }
    }
}

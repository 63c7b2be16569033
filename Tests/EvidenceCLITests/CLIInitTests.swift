import Foundation
import Testing

/// `evidence init`: a repository and its first user, the verifier key, the recovery code.
@Suite("CLI: init")
struct CLIInitTests {
    @Test("init prints the verifier key and a recovery code once, and the repository verifies")
    func initText() throws {
        try CLITestbed.run { bed in
            let result = try bed.ok(["init", "--kdf-cost", "10"])
            let lines = result.outLines
            #expect(lines.first?.hasPrefix("Created repository repo_") == true, "\(result)")
            // The verifier key: name+keyid+base64, name = <host>/evidence/<repository id>.
            let repositoryID = try bed.repositoryID()
            let key = try #require(lines.first(where: { $0.contains("/evidence/\(repositoryID)+") })?
                .trimmingCharacters(in: .whitespaces), "no verifier key line\n\(result)")
            let parts = key.split(separator: "+", maxSplits: 2).map(String.init)
            #expect(parts.count == 3 && parts[0].hasSuffix("/evidence/\(repositoryID)") && parts[1].count == 8,
                    "verifier key form name+keyid+base64: \(key)")
            #expect(parts.count == 3 && Data(base64Encoded: parts[2])?.count == 33, "type byte and Ed25519 key: \(key)")
            #expect(result.out.contains("Recovery code"), "a generated recovery code must be printed\n\(result)")
            let codeIndex = try #require(lines.firstIndex(where: { $0.contains("Recovery code") }))
            let code = lines.indices.contains(codeIndex + 1) ? lines[codeIndex + 1].trimmingCharacters(in: .whitespaces) : ""
            #expect(code.count >= 20, "recovery code line: \(code)")
            // The same key that `checkpoint --verifier-key` prints.
            let printed = try bed.ok(["checkpoint", "--verifier-key"]).out.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(printed == key)
            // The layout DESIGN.md names, and nothing of the catalog inside the repository.
            for entry in ["config", "keys", "identities", "ledger/checkpoint", "locks"] {
                #expect(FileManager.default.fileExists(atPath: bed.repoPath(entry)), "repo lacks \(entry)")
            }
            #expect(!bed.files(under: bed.repo).contains(where: { $0.hasSuffix(".sqlite") }), "the catalog must live outside the repository")
            try bed.verifyIntact()
            #expect(FileManager.default.fileExists(atPath: try bed.catalogPath()), "the catalog lives in the state folder")
            // The recovery code opens the recovery key: adding a slot with it works.
            let codeFile = try bed.secretFile("secrets/code", code)
            let second = try bed.secretFile("secrets/second", "second custodian passphrase")
            try bed.ok(["key", "add", "--kdf-cost", "10", "--recovery-passphrase-file", codeFile,
                        "--new-recovery-passphrase-file", second])
        }
    }

    @Test("init --json answers one object with the repository, user, verifier key and recovery code")
    func initJSON() throws {
        try CLITestbed.run { bed in
            let object = try bed.initRepository()
            let repositoryID = try bed.repositoryID()
            #expect(object["repository"] as? String == repositoryID)
            #expect((object["user"] as? String)?.hasPrefix("usr_") == true)
            #expect(object["name"] as? String == "admin")
            let key = try #require(object["verifierKey"] as? String)
            #expect(key.contains("/evidence/\(repositoryID)+"))
            #expect((object["recoveryCode"] as? String)?.isEmpty == false)
            let printed = try bed.ok(["checkpoint", "--verifier-key", "--json"]).json()
            #expect(printed["verifierKey"] as? String == key)
        }
    }

    @Test("init --recovery-passphrase-file prints no recovery code, and that passphrase opens the slot")
    func initWithRecoveryPassphrase() throws {
        try CLITestbed.run { bed in
            let recovery = try bed.secretFile("secrets/recovery", "recovery passphrase one")
            let text = try bed.ok(["init", "--kdf-cost", "10", "--recovery-passphrase-file", recovery])
            #expect(!text.out.contains("Recovery code"), "no code when a recovery passphrase is given\n\(text)")
            #expect(!text.out.contains("recovery passphrase one"))
            let slots = try bed.ok(["key", "list", "--json"]).jsonLines()
            #expect(slots.count == 1)
            #expect(slots.first?["kdfCost"] as? Int == 10, "--kdf-cost is stored per slot: \(slots)")
            let second = try bed.secretFile("secrets/second", "recovery passphrase two")
            try bed.ok(["key", "add", "--kdf-cost", "10", "--recovery-passphrase-file", recovery,
                        "--new-recovery-passphrase-file", second])
            // JSON: no recoveryCode member either.
            try CLITestbed.run { other in
                let file = try other.secretFile("secrets/recovery", "recovery passphrase one")
                let object = try other.initRepository(extra: ["--recovery-passphrase-file", file])
                #expect(object["recoveryCode"] == nil, "\(object)")
            }
        }
    }

    @Test("init creates a missing folder, with a chosen first user")
    func initMissingFolderAndUser() throws {
        try CLITestbed.run { bed in
            bed.repo = bed.path("deep/missing/repo")
            bed.user = "ds.jones"
            let object = try bed.initRepository()
            #expect(object["name"] as? String == "ds.jones")
            try bed.createCase("CR-1")
            #expect(try bed.ok(["case", "list"]).out.contains("CR-1"))
        }
    }

    @Test("init into a non-empty folder or an existing repository exits 64 and changes nothing")
    func initNonEmpty() throws {
        try CLITestbed.run { bed in
            try bed.write("repo/notes.txt", "not empty")
            let result = try bed.fails(64, ["init", "--kdf-cost", "10"])
            #expect(result.err.contains("not empty"), "\(result)")
            #expect(bed.files(under: bed.repo) == ["notes.txt"], "init must not write into a non-empty folder")
        }
        try CLITestbed.run { bed in
            try bed.repositoryWithCase()
            let id = try bed.addOne(try bed.write("in/a.txt", "alpha"))
            let before = try bed.ok(["checkpoint"]).out
            try bed.fails(64, ["init", "--kdf-cost", "10"])
            #expect(try bed.ok(["checkpoint"]).out == before)
            #expect(try bed.itemIDs() == [id])
            try bed.verifyIntact()
        }
    }

    @Test("init with a missing passphrase file or a bad --kdf-cost fails cleanly")
    func initBadArguments() throws {
        try CLITestbed.run { bed in
            try bed.fails(66, ["init", "--kdf-cost", "10", "--passphrase-file", bed.path("nope")])
            try bed.fails(64, ["init", "--kdf-cost", "99"])
            #expect(!FileManager.default.fileExists(atPath: bed.repoPath("config")))
        }
    }
}

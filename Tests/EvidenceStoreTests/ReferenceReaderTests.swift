import Foundation
import Testing
@testable import EvidenceStore

/// Runs the independent reader (docs/reference/evidence_reader.py, written from
/// docs/FORMAT.md alone) over the worked example: two implementations must agree.
@Suite struct ReferenceReaderTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// python3 with the `cryptography` package, which the reader needs; absent on some machines.
    static let pythonReady: Bool = {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import cryptography"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }()

    func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.root.appendingPathComponent("docs/reference/evidence_reader.py").path] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test(.enabled(if: pythonReady, "python3 with the cryptography package is not installed"))
    func independentReaderVerifiesTheWorkedExample() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("reference-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let passphrase = folder.appendingPathComponent("alice").path
        let recovery = folder.appendingPathComponent("recovery").path
        try "example passphrase\n".write(toFile: passphrase, atomically: true, encoding: .utf8)
        try "example recovery passphrase\n".write(toFile: recovery, atomically: true, encoding: .utf8)
        let example = Self.root.appendingPathComponent("docs/example/repository").path
        let result = try run(["verify", example, "--user", "alice", "--passphrase-file", passphrase,
                              "--recovery-passphrase-file", recovery])
        #expect(result.status == 0, "the independent reader rejects the worked example:\n\(result.output)")
    }

    /// The built `evidence` executable: EVIDENCE_CLI_BINARY, else next to (or a few folders above)
    /// the test runner, else the package's `.build*/debug` folders.
    static func evidenceBinary() -> String? {
        let manager = FileManager.default
        if let explicit = ProcessInfo.processInfo.environment["EVIDENCE_CLI_BINARY"], manager.isExecutableFile(atPath: explicit) {
            return explicit
        }
        var folders: [URL] = []
        for start in [CommandLine.arguments.first, Bundle.main.executableURL?.path].compactMap({ $0 }) {
            var folder = URL(fileURLWithPath: start).resolvingSymlinksInPath().deletingLastPathComponent()
            for _ in 0..<4 {
                folders.append(folder)
                folder = folder.deletingLastPathComponent()
            }
        }
        for scratch in (try? manager.contentsOfDirectory(atPath: root.path)) ?? [] where scratch.hasPrefix(".build") {
            folders.append(root.appendingPathComponent(scratch).appendingPathComponent("debug"))
        }
        return folders.map { $0.appendingPathComponent("evidence").path }.first { manager.isExecutableFile(atPath: $0) }
    }

    /// Runs the `evidence` binary on `repo` with its own host state; the JSON it printed, when any.
    @discardableResult
    func evidence(_ binary: String, _ folder: URL, _ arguments: [String], user: String,
                  extra: [String: String] = [:]) throws -> [String: Any] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        var environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
                           "EVIDENCE_REPO": folder.appendingPathComponent("repo").path,
                           "EVIDENCE_STATE": folder.appendingPathComponent("state").path,
                           "EVIDENCE_USER": user, "EVIDENCE_PASSPHRASE": "rotation passphrase",
                           "EVIDENCE_REASON": "reference reader test"]
        environment.merge(extra) { $1 }
        process.environment = environment
        process.currentDirectoryURL = folder
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0,
                     "evidence \(arguments.joined(separator: " ")) failed: \(String(decoding: errors, as: UTF8.self))")
        return (try? JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:]
    }

    /// §7.8: a repository whose log key was rotated verifies from either key of the chain (the
    /// old one, which signs the rotation, and the new one, which signs every later checkpoint);
    /// a key outside the chain, and a checkpoint after the rotation signed by the retired key, fail.
    @Test(.enabled(if: pythonReady, "python3 with the cryptography package is not installed"))
    func independentReaderFollowsLogKeyRotation() throws {
        let binary = try #require(Self.evidenceBinary(), "the built evidence executable was not found (swift build first)")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("reference-rotation-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let passphrase = folder.appendingPathComponent("passphrase").path
        try "rotation passphrase\n".write(toFile: passphrase, atomically: true, encoding: .utf8)
        let a = folder.appendingPathComponent("a.txt").path, b = folder.appendingPathComponent("b.txt").path
        try "alpha\n".write(toFile: a, atomically: true, encoding: .utf8)
        try "beta\n".write(toFile: b, atomically: true, encoding: .utf8)

        let created = try evidence(binary, folder, ["init", "--kdf-cost", "10", "--json"], user: "admin")
        let old = try #require(created["verifierKey"] as? String)
        let recovery = folder.appendingPathComponent("recovery").path
        try ((try #require(created["recoveryCode"] as? String)) + "\n").write(toFile: recovery, atomically: true, encoding: .utf8)
        func enrol(_ name: String) throws {
            let invited = try evidence(binary, folder, ["user", "add", name, "--role", "senior-investigating-officer",
                                                        "investigator", "--clearance", "SC", "--kdf-cost", "10", "--json"],
                                       user: "admin")
            let code = folder.appendingPathComponent("code-\(name)").path
            try ((try #require(invited["enrolmentCode"] as? String)) + "\n").write(toFile: code, atomically: true, encoding: .utf8)
            try evidence(binary, folder, ["user", "enrol", "--code-file", code, "--kdf-cost", "10"],
                         user: name, extra: ["EVIDENCE_NEW_PASSPHRASE": "rotation passphrase"])
        }
        try enrol("officer")
        try evidence(binary, folder, ["case", "create", "CR-1", "--title", "Rotation", "--json"], user: "officer")
        try evidence(binary, folder, ["add", "--case", "CR-1", a, "--json"], user: "officer")
        let rotated = try evidence(binary, folder, ["key", "rotate-log", "--json"], user: "admin")
        let new = try #require(rotated["verifierKey"] as? String)
        #expect(new != old && rotated["previous"] as? String == old)
        try evidence(binary, folder, ["add", "--case", "CR-1", b, "--json"], user: "officer")
        try enrol("late")  // registered after the rotation: holds keyring generation 2 only
        try evidence(binary, folder, ["case", "create", "CR-2", "--title", "Later", "--json"], user: "late")

        let repo = folder.appendingPathComponent("repo")
        for (key, user) in [(old, "officer"), (new, "late"), (old, "late"), (new, "officer")] {
            let result = try run(["verify", repo.path, "--user", user, "--passphrase-file", passphrase,
                                  "--recovery-passphrase-file", recovery, "--verifier-key", key])
            #expect(result.status == 0, "the independent reader rejects a rotated log given \(key == old ? "the old" : "the new") key:\n\(result.output)")
            #expect(result.output.contains("log key chain followed from entry 0: 2 key(s)"), "\(result.output)")
        }
        let fromEntry0 = try run(["verify", repo.path])
        #expect(fromEntry0.status == 0, "\(fromEntry0.output)")

        // A key outside the chain (named by the origin) is refused.
        let origin = String(old.prefix { $0 != "+" })
        let stranger = try NoteVerifierKey(name: origin, ed25519PublicKey: try Ed25519.PrivateKey.generate().publicKey).encoded
        let strange = try run(["verify", repo.path, "--verifier-key", stranger])
        #expect(strange.status == 65 && strange.output.contains("is not a key of the log key chain"), "\(strange.output)")

        // The newest checkpoint re-signed by the retired key (from the officer's generation-1
        // keyring, as a former holder would have it) is refused, whichever key the reader is given.
        let repositoryID = try #require(created["repository"] as? String)
        let found = try #require(try IdentityFile.find(root: repo.path, repositoryID: repositoryID, name: "officer"))
        let keys = try IdentityFile.open(found.fields, repositoryID: repositoryID, userID: found.userID,
                                         passphrase: "rotation passphrase")
        let keyring = try #require(try KeyEnvelope.open(root: repo.path, repositoryID: repositoryID, purpose: .repositoryKeyring,
                                                        subject: repositoryID, generation: 1, holder: .user(found.userID),
                                                        privateKey: keys.sealing))
        let retired = try NoteSigner(name: origin, key: try Ed25519.PrivateKey(seed: keyring.slice(5..<37)))
        #expect(retired.verifierKey.encoded == old, "the generation-1 keyring holds the first log key")
        let checkpoint = repo.appendingPathComponent("ledger/checkpoint")
        let note = try SignedNote.parse([UInt8](try Data(contentsOf: checkpoint)))
        try Data(try SignedNote.sign(text: note.text, signers: [retired])).write(to: checkpoint)
        for key in [old, new] {
            let forged = try run(["verify", repo.path, "--verifier-key", key])
            #expect(forged.status == 65 && forged.output.contains("PROBLEM  ledger/checkpoint: no signature by the log key"),
                    "\(forged.output)")
        }
    }

    /// The entry numbers the reader reports as invalid (§7.10): its lines
    /// `PROBLEM  entry N (TYPE, signed by SIGNER): invalid: …`.
    static func invalidEntries(_ output: String) -> Set<UInt64> {
        Set(output.split(separator: "\n").compactMap { line -> UInt64? in
            guard line.hasPrefix("PROBLEM  entry "), line.contains("): invalid: ") else { return nil }
            return UInt64(line.dropFirst("PROBLEM  entry ".count).prefix { $0.isNumber })
        })
    }

    /// §7.10: entries an investigator forges through the project's own ledger code (a policy that
    /// gives investigators everything, an invitation, a membership of someone else's case granted
    /// to himself, a hold in his own case, the disabling of a colleague) are signed correctly but
    /// without authority. `evidence verify` and the
    /// independent reader must name exactly the same entries invalid; a valid entry after them
    /// still counts; and before the forgeries both must find the repository intact.
    @Test(.enabled(if: pythonReady, "python3 with the cryptography package is not installed"))
    func independentReaderAgreesOnAuthority() throws {
        let fixture = try ReaderRepository("authority")
        defer { fixture.remove() }
        let folder = fixture.folder, repo = fixture.repo, passphraseFile = fixture.passphraseFile
        let open = fixture.open
        let sam = try fixture.enrol("sam", roles: ["senior-investigating-officer"])
        let ivan = try fixture.enrol("ivan", roles: ["investigator"])
        _ = try fixture.enrol("colin", roles: ["investigator"])
        let samsCase = try sam.createCase(reference: "AUTH/1", title: "the SIO's case", classification: .official,
                                          reason: nil, wait: 5)
        let exhibit = folder.appendingPathComponent("exhibit.txt").path
        try "an exhibit\n".write(toFile: exhibit, atomically: true, encoding: .utf8)
        var added = 0
        try open("sam").add(paths: [exhibit], options: AddOptions(caseReference: "AUTH/1"), warn: { _ in }) { _ in added += 1 }
        try open("sam").grant(caseReference: "AUTH/1", userName: "colin", role: "investigator", reason: nil, wait: 5)
        let ivansCase = try ivan.createCase(reference: "AUTH/2", title: "the investigator's own case",
                                            classification: .official, reason: nil, wait: 5)
        #expect(added == 1)

        // Clean: both intact (verify records a verification.run, which the reader then checks too).
        let clean = try open("admin").verify(reason: nil, wait: 5)
        #expect(clean.isIntact, "\(clean.problems)")
        for arguments in [["verify", repo], ["verify", repo, "--user", "sam", "--passphrase-file", passphraseFile]] {
            let result = try run(arguments)
            #expect(result.status == 0, "the independent reader rejects a clean repository:\n\(result.output)")
            #expect(Self.invalidEntries(result.output).isEmpty, "\(result.output)")
        }

        // Forged by the investigator: each is well formed and signed by his registered key.
        let forger = try open("ivan")
        let investigatorLine = "    actions: [create-case, add-item, view-metadata, amend-metadata, read-content, search,\n"
            + "              record-custody, verify]\n"
        let everything = "    actions: [\(Action.allCases.map(\.rawValue).joined(separator: ", "))]\n"
        let text = Policy.defaultText.replacingOccurrences(of: investigatorLine, with: everything)
        try #require(text != Policy.defaultText, "the default policy no longer lists the investigator's actions as expected")
        _ = try Policy.parse(text)  // a valid policy: what it lacks is only its signer's authority
        let tx = try LedgerTransaction(session: forger, wait: 5)
        let first = tx.nextSequence
        try tx.append(EventDraft(type: EventType.policyApplied,
                                 publicPart: ["hash": .string(Hex.encode(try SHA256.hash(Array(text.utf8)))), "version": 1,
                                              "text": .string(text)],
                                 auditPart: forger.auditBase(reason: nil)))
        try tx.append(EventDraft(type: EventType.userAdded,
                                 publicPart: ["user": .string(try ULID.make(prefix: "usr")), "roles": .array(["investigator"]),
                                              "clearance": "DV"],
                                 auditPart: forger.auditBase(reason: nil)))
        try tx.append(EventDraft(type: EventType.caseGranted, caseID: samsCase.id,
                                 publicPart: ["user": .string(forger.user.id), "role": "investigator", "keyGeneration": 1],
                                 auditPart: forger.auditBase(reason: nil)))
        // In his own case, where his role may not record disclosure decisions such as holds.
        try tx.append(EventDraft(type: EventType.holdAdded, caseID: ivansCase.id,
                                 publicPart: ["hold": .string(try ULID.make(prefix: "hld"))],
                                 auditPart: forger.auditBase(reason: nil)))
        try tx.append(EventDraft(type: EventType.userDisabled, publicPart: ["user": .string(sam.user.id)],
                                 auditPart: forger.auditBase(reason: nil)))
        try tx.finish()
        let types = [EventType.policyApplied, EventType.userAdded, EventType.caseGranted, EventType.holdAdded,
                     EventType.userDisabled]
        let forged = Set((0..<UInt64(types.count)).map { first + $0 })
        // A valid entry after them still takes effect.
        _ = try open("admin").addUser(name: "late", roles: ["auditor"], clearance: "BPSS", kdfCost: 10, reason: nil, wait: 5)

        let admin = try open("admin")
        let ledger = LedgerVerifier(store: admin.repository.ledger, origin: admin.repository.config.origin)
            .run(trustedLogKey: nil)
        #expect(Set(ledger.invalid.keys) == forged, "LedgerVerifier: \(ledger.invalid)")
        #expect(ledger.authority.users.values.filter { $0.invitedAt != nil }.count == 4, "the valid invitation after the forgeries counts")
        let report = try admin.verify(reason: nil, wait: 5)
        #expect(!report.isIntact)
        for seq in forged.sorted() {
            #expect(report.problems.contains { $0.hasPrefix("ledger entry \(seq) (") && $0.contains("is invalid") },
                    "\(report.problems)")
        }

        let result = try run(["verify", repo])
        #expect(result.status == 65, "\(result.output)")
        #expect(Self.invalidEntries(result.output) == forged, "the reader and evidence verify disagree:\n\(result.output)")
        for (offset, type) in types.enumerated() {
            #expect(result.output.contains("PROBLEM  entry \(first + UInt64(offset)) (\(type), signed by \(forger.user.id)): invalid: "),
                    "\(result.output)")
        }
        #expect(result.output.contains("may apply-policy"), "the policy is refused for its signer's authority:\n\(result.output)")
    }
}

import EvidenceStore
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Every bad input to `witness keygen`, `witness cosign` and `key rotate-log` ends in one
/// sentence and its sysexits code, and leaves the repository and the witness as they were.
@Suite("CLI: witness and log key errors")
struct CLIWitnessErrorTests {
    private let outsider: [String: String?] = ["EVIDENCE_USER": nil, "EVIDENCE_PASSPHRASE": nil]

    private func cosign(_ bed: CLITestbed, _ key: String, state: String, _ extra: [String] = []) throws -> [String] {
        ["witness", "cosign", "--witness-key", key, "--state", state] + extra + [bed.repo]
    }

    /// Holds the writer lock as another writer would, until the returned closure runs.
    private func holdWriterLock(_ bed: CLITestbed) throws -> () -> Void {
        let fd = open(bed.repoPath("locks/writer"), O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        try #require(fd >= 0)
        try #require(flock(fd, LOCK_EX | LOCK_NB) == 0)
        return { close(fd) }
    }

    @Test("keygen: a bad name or an existing file is 64, a missing folder 66; nothing is overwritten")
    func keygen() throws {
        try CLITestbed.run { bed in
            for name in ["has space", "a+b", ""] {
                try bed.fails(64, ["witness", "keygen", "--name", name, "-o", bed.path("w.key")], environment: outsider)
            }
            #expect(!FileManager.default.fileExists(atPath: bed.path("w.key")))
            let existing = try bed.write("taken.key", "keep me")
            try bed.fails(64, ["witness", "keygen", "--name", "w.example/1", "-o", existing], environment: outsider)
            #expect(try bed.read(existing) == Data("keep me".utf8))
            let pubTaken = try bed.write("pub.key.pub", "keep me too")
            try bed.fails(64, ["witness", "keygen", "--name", "w.example/1", "-o", bed.path("pub.key")], environment: outsider)
            #expect(!FileManager.default.fileExists(atPath: bed.path("pub.key")), "no private key without its .pub")
            #expect(try bed.read(pubTaken) == Data("keep me too".utf8))
            try bed.fails(66, ["witness", "keygen", "--name", "w.example/1", "-o", bed.path("no/such/folder/w.key")],
                          environment: outsider)
            try bed.usageError(["witness", "keygen", "-o", bed.path("w.key")])
        }
    }

    @Test("cosign: missing inputs 66, wrong keys 64, an unwritable state 74, a busy repository 75, a forgery 65")
    func cosignInputs() throws {
        try CLITestbed.run { bed in
            try bed.repositoryWithCase()
            let logKey = try bed.verifierKey()
            let witness = bed.path("w.key")
            try bed.ok(["witness", "keygen", "--name", "cps.example/w", "-o", witness], environment: outsider)
            let state = bed.path("ws")

            try bed.fails(66, try cosign(bed, bed.path("no-such.key"), state: state, ["--verifier-key", logKey]),
                          environment: outsider)
            // The public half, or a log key, where the private witness key belongs.
            try bed.fails(64, try cosign(bed, witness + ".pub", state: state, ["--verifier-key", logKey]), environment: outsider)
            try bed.fails(64, try cosign(bed, try bed.write("log.vkey", logKey + "\n"), state: state, ["--verifier-key", logKey]),
                          environment: outsider)
            try bed.fails(64, try cosign(bed, witness, state: state, ["--verifier-key", "not-a-key"]), environment: outsider)
            // A witness key, or another log's key, where the log's verifier key belongs.
            let witnessPublic = String(decoding: try bed.read(witness + ".pub"), as: UTF8.self)
                .trimmingCharacters(in: .whitespacesAndNewlines)
            try bed.fails(64, try cosign(bed, witness, state: state, ["--verifier-key", witnessPublic]), environment: outsider)
            let stranger = try NoteVerifierKey(name: "elsewhere/evidence/repo_X", ed25519PublicKey: try Ed25519.PrivateKey.generate().publicKey)
            try bed.fails(64, try cosign(bed, witness, state: state, ["--verifier-key", stranger.encoded]), environment: outsider)
            try bed.fails(64, try cosign(bed, witness, state: state, ["--verifier-key", logKey, "--wait", "100000"]), environment: outsider)
            // No repository there.
            var missing = try cosign(bed, witness, state: state, ["--verifier-key", logKey])
            missing[missing.count - 1] = bed.path("nowhere")
            try bed.fails(66, missing, environment: outsider)
            // A state folder that cannot be created: refused before the repository is touched.
            let fileState = try bed.write("state-is-a-file", "x")
            try bed.fails(74, try cosign(bed, witness, state: fileState, ["--verifier-key", logKey]), environment: outsider)
            #expect(bed.files(under: bed.repoPath("ledger/cosigned")).isEmpty)

            // Another writer holds the repository.
            let release = try holdWriterLock(bed)
            let busy = try bed.fails(75, try cosign(bed, witness, state: state, ["--verifier-key", logKey]), environment: outsider)
            release()
            #expect(busy.err.contains("busy"), "\(busy)")
            #expect(bed.files(under: bed.repoPath("ledger/cosigned")).isEmpty)

            // A checkpoint signed by a key the log never announced is never cosigned.
            let checkpoint = bed.repoPath("ledger/checkpoint")
            let original = try bed.read(checkpoint)
            let note = try SignedNote.parse([UInt8](original))
            let forger = try NoteSigner(name: String(logKey.prefix { $0 != "+" }), key: try Ed25519.PrivateKey.generate())
            try Data(try SignedNote.sign(text: note.text, signers: [forger])).write(to: URL(fileURLWithPath: checkpoint))
            let forged = try bed.fails(65, try cosign(bed, witness, state: state, ["--verifier-key", logKey]), environment: outsider)
            #expect(forged.errorLine?.contains("not validly signed") == true, "\(forged)")
            try original.write(to: URL(fileURLWithPath: checkpoint))
            #expect(bed.files(under: bed.repoPath("ledger/cosigned")).isEmpty)

            // After all that, the witness still cosigns the genuine log.
            try bed.ok(try cosign(bed, witness, state: state, ["--verifier-key", logKey]), environment: outsider)
        }
    }

    @Test("cosign: a witness that follows a log refuses another key for it (64) and a damaged memory (65)")
    func cosignMemory() throws {
        try CLITestbed.run { bed in
            try bed.repositoryWithCase()
            let logKey = try bed.verifierKey()
            let witness = bed.path("w.key")
            try bed.ok(["witness", "keygen", "--name", "cps.example/w", "-o", witness], environment: outsider)
            let state = bed.path("ws")
            try bed.ok(try cosign(bed, witness, state: state, ["--verifier-key", logKey]), environment: outsider)
            try bed.addOne(try bed.write("in/a.txt", "alpha"))

            let other = try NoteVerifierKey(name: String(logKey.prefix { $0 != "+" }),
                                            ed25519PublicKey: try Ed25519.PrivateKey.generate().publicKey)
            let refused = try bed.fails(64, try cosign(bed, witness, state: state, ["--verifier-key", other.encoded]),
                                        environment: outsider)
            #expect(refused.errorLine?.contains("already follows") == true, "\(refused)")

            let memory = state + "/" + (try #require(bed.files(under: state).first { $0.hasSuffix("/checkpoint") }))
            let saved = try bed.read(memory)
            try Data("garbage\n".utf8).write(to: URL(fileURLWithPath: memory))
            let damaged = try bed.fails(65, try cosign(bed, witness, state: state), environment: outsider)
            #expect(damaged.errorLine?.contains("damaged") == true, "\(damaged)")
            try saved.write(to: URL(fileURLWithPath: memory))

            // Without its log-keys file the witness would lose the consistency check: refused.
            let keys = (memory as NSString).deletingLastPathComponent + "/log-keys"
            try FileManager.default.removeItem(atPath: keys)
            let lost = try bed.fails(65, try cosign(bed, witness, state: state, ["--verifier-key", logKey]), environment: outsider)
            #expect(lost.errorLine?.contains("log-keys") == true, "\(lost)")
        }
    }

    @Test("rotate-log: busy 75, a --wait out of range 64; nothing rotated")
    func rotateLog() throws {
        try CLITestbed.run { bed in
            try bed.repositoryWithCase()
            let key = try bed.verifierKey()
            let release = try holdWriterLock(bed)
            try bed.fails(75, ["key", "rotate-log"], environment: bed.asAdmin)
            release()
            try bed.fails(64, ["key", "rotate-log", "--wait", "100000"], environment: bed.asAdmin)
            let current = try bed.ok(["checkpoint", "--verifier-key", "--json"]).json()
            #expect(current["current"] as? String == key, "the log key is unchanged: \(current)")
            try bed.auditIntact(key)
        }
    }
}

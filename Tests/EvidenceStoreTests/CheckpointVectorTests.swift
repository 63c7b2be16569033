import Foundation
import Testing
@testable import EvidenceStore

/// Tests/Fixtures/vectors/checkpoint/checkpoint-parse-cases.json and the real checkpoints
/// in the signed-note vectors.
@Suite
struct CheckpointVectorTests {
    struct Values: Decodable {
        let origin: String
        let size: UInt64
        let root_hash_b64: String
    }
    struct Marshal: Decodable {
        let checkpoint: Values
        let want: String
    }
    struct Unmarshal: Decodable {
        let desc: String
        let text: String
        let want: Values?
        let rest: String?
        let wantErr: Bool?
    }
    struct Foreign: Decodable {
        let note: String
        let vkey: String
    }
    struct File: Decodable {
        let marshal: [Marshal]
        let unmarshal: [Unmarshal]
        let foreign_signature_type: Foreign
    }

    let file: File

    init() throws {
        file = try NoteSharedFiles.load("vectors/checkpoint/checkpoint-parse-cases.json", as: File.self)
    }

    @Test func marshal() throws {
        #expect(file.marshal.count == 2)
        for entry in file.marshal {
            let root = try #require(NoteFormat.decodeBase64(entry.checkpoint.root_hash_b64))
            let checkpoint = Checkpoint(origin: entry.checkpoint.origin, size: entry.checkpoint.size, rootHash: root)
            #expect(checkpoint.body == entry.want)
        }
    }

    /// These fixtures' "hashes" are not 32 bytes, so they use the format-only parser.
    /// One deliberate difference from transparency-dev/formats: empty extension lines
    /// are refused, because c2sp.org/tlog-checkpoint says they MUST be non-empty.
    @Test func unmarshal() throws {
        #expect(file.unmarshal.count == 12)
        for entry in file.unmarshal {
            // An empty extension line shows up in `rest` as a newline at its start or a "\n\n".
            let refusedByC2SP = entry.rest.map { !$0.isEmpty && ("\n" + $0).contains("\n\n") } ?? false
            if entry.wantErr == true || refusedByC2SP {
                #expect(throws: CheckpointError.self, "\(entry.desc)") {
                    try Checkpoint(parsingBody: entry.text, requireSHA256Root: false)
                }
                continue
            }
            let want = try #require(entry.want, "\(entry.desc)")
            let checkpoint = try Checkpoint(parsingBody: entry.text, requireSHA256Root: false)
            #expect(checkpoint.origin == want.origin, "\(entry.desc)")
            #expect(checkpoint.size == want.size, "\(entry.desc)")
            #expect(NoteFormat.encodeBase64(checkpoint.rootHash) == want.root_hash_b64, "\(entry.desc)")
            #expect(checkpoint.extensions.map { $0 + "\n" }.joined() == (entry.rest ?? ""), "\(entry.desc)")
            #expect(checkpoint.body == entry.text, "\(entry.desc): re-encodes exactly")
            // The strict parser used for real checkpoints refuses the short "hashes".
            #expect(throws: CheckpointError.self) { try Checkpoint(parsingBody: entry.text) }
        }
    }

    /// A static-ct-api checkpoint (type 0x05): recognised, reported unverified, never a crash.
    @Test func foreignSignatureTypeIsReportedNotVerified() throws {
        let key = try NoteVerifierKey(parsing: file.foreign_signature_type.vkey)
        #expect(key.type == NoteVerifierKey.rfc6962TreeHead)
        #expect(key.identity == "rome.ct.filippo.io/2024h1+78f4abae")
        let bytes = Array(file.foreign_signature_type.note.utf8)
        let note = try SignedNote.parse(bytes)
        let result = try note.checkSignatures(with: [key])
        #expect(result.verified.isEmpty)
        #expect(result.unverified == note.signatures)
        #expect(result.unsupported == [key])
        #expect(throws: NoteError.noVerifiableSignatures) { try note.verify(with: [key]) }
        #expect(throws: NoteError.noVerifiableSignatures) { try SignedCheckpoint.open(bytes, verifier: key) }
        #expect(try Checkpoint(parsingBody: note.text).size == 115_474_666)
    }

    /// Real checkpoints: Rekor's key name is its origin, so it opens; sum.golang.org's
    /// origin ("go.sum database tree") is not its key name, so `open` refuses it even
    /// though the signature verifies.
    @Test func realCheckpoints() throws {
        let vectors = try SignedNoteVectorFile.load()
        var opened = 0
        for entry in vectors.valid where entry.expect?.checkpoint != nil {
            let verifier = try #require(try vectors.verifierKeys(entry.verifiers ?? []).first)
            let bytes = try entry.noteBytes()
            let values = try #require(entry.expect?.checkpoint)
            if values.origin == verifier.name {
                let checkpoint = try SignedCheckpoint.open(bytes, verifier: verifier).checkpoint
                #expect(checkpoint.size == values.size, "\(entry.id)")
                opened += 1
            } else {
                #expect(throws: CheckpointError.originMismatch(origin: values.origin, keyName: verifier.name), "\(entry.id)") {
                    try SignedCheckpoint.open(bytes, verifier: verifier)
                }
            }
        }
        #expect(opened == 1)
    }

    /// The C2SP checkpoint example is sum.golang.org's signature relabelled: it must not open.
    @Test func relabelledCheckpointDoesNotOpen() throws {
        let vectors = try SignedNoteVectorFile.load()
        let entry = try #require(vectors.invalid.first { $0.id == "c2sp-behind-the-sofa" })
        let bytes = try entry.noteBytes()
        let sumdb = try NoteVerifierKey(parsing: try #require(vectors.keys["sum.golang.org"]).vkey)
        #expect(throws: NoteError.noVerifiableSignatures) { try SignedCheckpoint.open(bytes, verifier: sumdb) }
        // A key with the right name but sum.golang.org's public key has another key ID.
        let renamed = try NoteVerifierKey(name: "example.com/behind-the-sofa", ed25519PublicKey: sumdb.publicKey)
        #expect(throws: NoteError.noVerifiableSignatures) { try SignedCheckpoint.open(bytes, verifier: renamed) }
    }
}

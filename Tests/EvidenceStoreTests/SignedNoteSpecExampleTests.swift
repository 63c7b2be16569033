import Foundation
import Testing
@testable import EvidenceStore

/// The examples printed in the C2SP specifications themselves.
@Suite
struct SignedNoteSpecExampleTests {
    @Test func exampleVerifierKeyVerifiesExampleNote() throws {
        let vkey = try NoteSpecExamples.indentedLine(after: "The following verifier key", in: "signed-note.md")
        let key = try NoteVerifierKey(parsing: vkey)
        #expect(key.identity == "example.com/foo+530d903a")
        let blocks = try NoteSpecExamples.codeBlocks("signed-note.md")
        let note = try SignedNote.parse(Array(try #require(blocks.last).utf8))
        #expect(note.text == "This is an example message.\n")
        #expect(try note.verify(with: [key]).verified == [key])
    }

    /// The opening example has blank lines inside its text: only the last one separates.
    @Test func poemExampleKeepsItsBlankLinesInTheText() throws {
        let blocks = try NoteSpecExamples.codeBlocks("signed-note.md")
        let bytes = Array(try #require(blocks.first).utf8)
        let note = try SignedNote.parse(bytes)
        #expect(note.text.hasSuffix("sole:\n\ned è subito sera.\n"))
        #expect(note.signatures.map(\.name) == ["quasimodo.example/salvatore"])
        #expect(note.encoded == bytes)
        // Nobody's key is configured for it, so it must not be trusted.
        #expect(throws: NoteError.noVerifiableSignatures) { try note.verify(with: []) }
    }

    @Test func checkpointExampleParses() throws {
        let blocks = try NoteSpecExamples.codeBlocks("tlog-checkpoint.md")
        let note = try SignedNote.parse(Array(try #require(blocks.first).utf8))
        let checkpoint = try Checkpoint(parsingBody: note.text)
        #expect(checkpoint.origin == "example.com/behind-the-sofa")
        #expect(checkpoint.size == 20_852_163)
        #expect(checkpoint.rootHash.count == 32)
    }

    /// A witness cosignature (type 0x04: key ID, 8-byte timestamp, 64-byte signature)
    /// parses as an ordinary signature line and is reported, never fatal.
    @Test func cosignatureExampleParsesAndIsReportedUnverified() throws {
        let blocks = try NoteSpecExamples.codeBlocks("tlog-cosignature.md")
        let note = try SignedNote.parse(Array(try #require(blocks.first).utf8))
        #expect(note.signatures.map(\.name) == ["example.com/behind-the-sofa", "witness.example.com/w1"])
        #expect(note.signatures[1].signature.count == 8 + 64)
        let result = try note.checkSignatures(with: [])
        #expect(result.verified.isEmpty)
        #expect(result.unverified == note.signatures)
    }
}

/// A C2SP signed note (c2sp.org/signed-note): a text ending in a newline, a blank line,
/// and one or more signature lines `— name base64(key ID ‖ signature)`.
///
/// `parse` checks only the format; the text must not be trusted before `verify` succeeds.
public struct SignedNote: Sendable, Equatable {
    /// Larger notes are refused before any other work, so hostile input stays cheap.
    public static let maxSize = 1 << 20
    /// The spec requires accepting at least 16; 100 matches golang.org/x/mod/sumdb/note.
    public static let maxSignatures = 100

    /// The signed text, including its final newline but not the separating blank line.
    public let text: String
    /// The signatures in note order, exactly as they appear.
    public let signatures: [NoteSignature]

    init(text: String, signatures: [NoteSignature]) {
        self.text = text
        self.signatures = signatures
    }

    /// Parses a note strictly: UTF-8 without control characters other than newline, the
    /// text split from the signatures at the last blank line, every line after it a
    /// well-formed signature line with a valid key name and canonical base64.
    public static func parse(_ bytes: [UInt8]) throws -> SignedNote {
        guard bytes.count <= maxSize else { throw malformed("it is larger than 1 MiB") }
        if let index = NoteFormat.firstControlCharacter(in: bytes) {
            throw malformed("it contains a control character at byte \(index)")
        }
        // Decoding repairs invalid UTF-8 with U+FFFD; any repair changes the bytes.
        guard String(decoding: bytes, as: UTF8.self).utf8.elementsEqual(bytes) else {
            throw malformed("it is not valid UTF-8")
        }
        guard let split = lastBlankLine(in: bytes) else {
            throw malformed("there is no blank line before the signatures")
        }
        let signatureBlock = bytes[(split + 2)...]
        guard !signatureBlock.isEmpty else { throw malformed("it has no signatures") }
        guard signatureBlock.last == NoteFormat.newline else {
            throw malformed("the last signature line does not end with a newline")
        }
        let lines = signatureBlock.dropLast().split(separator: NoteFormat.newline, omittingEmptySubsequences: false)
        guard lines.count <= maxSignatures else {
            throw malformed("it has \(lines.count) signatures, more than the limit of \(maxSignatures)")
        }
        let signatures = try lines.enumerated().map { try parseSignatureLine($1, number: $0 + 1) }
        return SignedNote(text: String(decoding: bytes[...split], as: UTF8.self), signatures: signatures)
    }

    /// Signs `text` with every signer, in order. The text must end with a newline and hold
    /// no control characters other than newlines. The result is parsed again before it is
    /// returned, so this never produces a note that `parse` would refuse.
    public static func sign(text: String, signers: [NoteSigner]) throws -> [UInt8] {
        try checkText(text)
        guard !signers.isEmpty else { throw malformed("a note needs at least one signature") }
        let note = SignedNote(text: text, signatures: try signers.map { try $0.signature(for: text) })
        let bytes = note.encoded
        guard try parse(bytes) == note else { throw malformed("the signed note does not read back as written") }
        return bytes
    }

    /// The note's bytes: text, blank line, one line per signature. For a parsed note
    /// these are exactly the bytes it was parsed from.
    public var encoded: [UInt8] {
        var bytes = Array(text.utf8)
        bytes.append(NoteFormat.newline)
        for signature in signatures {
            bytes += signature.line.utf8
            bytes.append(NoteFormat.newline)
        }
        return bytes
    }

    public static func == (a: SignedNote, b: SignedNote) -> Bool {
        NoteFormat.sameBytes(a.text, b.text) && a.signatures == b.signatures
    }

    static func checkText(_ text: String) throws {
        guard text.utf8.last == NoteFormat.newline else { throw malformed("the text must end with a newline") }
        if NoteFormat.firstControlCharacter(in: text.utf8) != nil {
            throw malformed("the text contains a control character other than newline")
        }
    }

    /// Index of the first newline of the last "\n\n": the text ends there, the
    /// signatures start two bytes later. Searching from the end lets the text hold
    /// blank lines of its own.
    private static func lastBlankLine(in bytes: [UInt8]) -> Int? {
        guard bytes.count >= 2 else { return nil }
        return (0..<(bytes.count - 1)).reversed().first {
            bytes[$0] == NoteFormat.newline && bytes[$0 + 1] == NoteFormat.newline
        }
    }

    /// "— " (U+2014, space), a key name, a space, base64 of a 4-byte key ID and at least
    /// one signature byte.
    private static func parseSignatureLine(_ line: ArraySlice<UInt8>, number: Int) throws -> NoteSignature {
        let prefix: [UInt8] = [0xE2, 0x80, 0x94, 0x20]
        guard line.starts(with: prefix) else {
            throw malformed("signature line \(number) does not start with an em dash and a space")
        }
        let rest = line.dropFirst(prefix.count)
        guard let space = rest.firstIndex(of: UInt8(ascii: " ")) else {
            throw malformed("signature line \(number) has no space between key name and signature")
        }
        let name = String(decoding: rest[..<space], as: UTF8.self)
        guard NoteFormat.isValidKeyName(name) else {
            throw malformed("signature line \(number) has an invalid key name \(name.debugDescription)")
        }
        let encoded = String(decoding: rest[(space + 1)...], as: UTF8.self)
        guard let raw = NoteFormat.decodeBase64(encoded), raw.count > 4 else {
            throw malformed("signature line \(number) is not canonical base64 of a key ID and a signature")
        }
        let keyID = raw.prefix(4).reduce(0) { $0 << 8 | UInt32($1) }
        return NoteSignature(name: name, keyID: keyID, signature: Array(raw.dropFirst(4)))
    }

    private static func malformed(_ detail: String) -> NoteError { .malformedNote(detail) }
}

/// Witness cosignatures of checkpoints (c2sp.org/tlog-cosignature, `cosignature/v1`,
/// Ed25519, signature type 0x04).
///
/// The signature line's bytes after the key ID are a `timestamped_signature`: the u64 BE
/// POSIX time of signing, then the Ed25519 signature over
/// `"cosignature/v1\n" ‖ "time <timestamp>\n" ‖ the checkpoint's note text`.
public enum Cosignature {
    /// 8-byte timestamp + 64-byte Ed25519 signature.
    static let signatureLength = 8 + 64

    static func message(noteText: String, timestamp: UInt64) -> [UInt8] {
        Array("cosignature/v1\ntime \(timestamp)\n".utf8) + Array(noteText.utf8)
    }

    /// The cosignature of `note`'s text by `witness`, made at `timestamp`.
    public static func sign(_ note: SignedNote, witness: WitnessKey, timestamp: UInt64) throws -> NoteSignature {
        guard timestamp <= UInt64(Int64.max) else { throw NoteError.malformedNote("a cosignature time must not exceed 2^63 - 1") }
        let signature = try witness.privateKey.sign(message(noteText: note.text, timestamp: timestamp))
        let time = (0..<8).map { UInt8(truncatingIfNeeded: timestamp >> (56 - 8 * $0)) }
        return NoteSignature(name: witness.name, keyID: witness.verifierKey.keyID, signature: time + signature)
    }

    /// The time `key` cosigned `note` at, or nil when it carries no signature line of that
    /// key (matching name and key ID). Throws when the line is there but does not verify.
    public static func verify(_ note: SignedNote, key: NoteVerifierKey) throws -> UInt64? {
        guard key.type == NoteVerifierKey.cosignatureEd25519 else {
            throw NoteError.malformedVerifierKey("a witness key must be an Ed25519 cosignature key (type 0x04)")
        }
        let lines = note.signatures.filter { $0.keyID == key.keyID && NoteFormat.sameBytes($0.name, key.name) }
        guard !lines.isEmpty else { return nil }
        var newest: UInt64 = 0
        for line in lines {
            guard line.signature.count == signatureLength else { throw NoteError.invalidSignature(name: key.name, keyID: key.keyID) }
            let timestamp = line.signature.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            guard timestamp <= UInt64(Int64.max),
                  Ed25519.isValid(signature: Array(line.signature.dropFirst(8)),
                                  message: message(noteText: note.text, timestamp: timestamp), publicKey: key.publicKey)
            else { throw NoteError.invalidSignature(name: key.name, keyID: key.keyID) }
            newest = max(newest, timestamp)
        }
        return newest
    }

    /// `note` with `signature` added, replacing an earlier line by the same key.
    public static func adding(_ signature: NoteSignature, to note: SignedNote) -> SignedNote {
        let others = note.signatures.filter { !($0.keyID == signature.keyID && NoteFormat.sameBytes($0.name, signature.name)) }
        return SignedNote(text: note.text, signatures: others + [signature])
    }
}

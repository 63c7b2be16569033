extension SignedNote {
    /// Verifies the note against known keys, per the spec: signatures from unknown keys
    /// are ignored (and listed as unverified); every signature from a known Ed25519 key
    /// must verify, or the whole note is rejected; signatures from known keys of other
    /// types (witness cosignatures) are listed as unverified; and at least one known
    /// signature must verify.
    public func verify(with verifiers: [NoteVerifierKey]) throws -> NoteVerification {
        let result = try checkSignatures(with: verifiers)
        guard !result.verified.isEmpty else { throw NoteError.noVerifiableSignatures }
        return result
    }

    /// `verify` without the final rule that some known signature verified: for callers
    /// that only want to see which signatures are present and whose they are.
    public func checkSignatures(with verifiers: [NoteVerifierKey]) throws -> NoteVerification {
        let message = Array(text.utf8)
        var verified: [NoteVerifierKey] = []
        var unverified: [NoteSignature] = []
        var unsupported: [NoteVerifierKey] = []
        for signature in signatures {
            let key: NoteVerifierKey
            do {
                key = try NoteVerifierKey.lookup(name: signature.name, keyID: signature.keyID, in: verifiers)
            } catch NoteError.unknownKey {
                if !unverified.contains(signature) { unverified.append(signature) }
                continue
            }
            guard key.type == NoteVerifierKey.ed25519 else {
                if !unverified.contains(signature) { unverified.append(signature) }
                if !unsupported.contains(key) { unsupported.append(key) }
                continue
            }
            // Every repeat is checked too (golang.org/x/mod skips repeats of a key): a
            // bad signature beside a good one still means someone altered the note.
            guard Ed25519.isValid(signature: signature.signature, message: message, publicKey: key.publicKey) else {
                throw NoteError.invalidSignature(name: key.name, keyID: key.keyID)
            }
            if !verified.contains(key) { verified.append(key) }
        }
        return NoteVerification(verified: verified, unverified: unverified, unsupported: unsupported)
    }
}

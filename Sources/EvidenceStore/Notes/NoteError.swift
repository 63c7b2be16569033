/// Why a signed note, a verifier key or a signer key was refused.
///
/// Every case reads as one plain sentence, so callers can print `description` as it is.
/// Key identities are shown as `name+hex8`, the form verifier keys and error reports share.
public enum NoteError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The bytes are not a well-formed signed note (format, encoding or limits).
    case malformedNote(String)
    /// A verifier key string (`name+hex8+base64`) is not acceptable.
    case malformedVerifierKey(String)
    /// A signer key string is not acceptable. The detail never repeats key material.
    case malformedSignerKey(String)
    /// A key name is empty or holds a space, a plus sign or a control character.
    case invalidKeyName(String)
    /// No configured verifier key has this name and key ID.
    case unknownKey(name: String, keyID: UInt32)
    /// More than one configured verifier key has this name and key ID.
    case ambiguousKey(name: String, keyID: UInt32)
    /// A signature from a known key does not verify: the whole note is rejected.
    case invalidSignature(name: String, keyID: UInt32)
    /// No signature from a known key verified, so the text must not be trusted.
    case noVerifiableSignatures

    public var description: String {
        switch self {
        case .malformedNote(let detail): "malformed note: \(detail)"
        case .malformedVerifierKey(let detail): "malformed verifier key: \(detail)"
        case .malformedSignerKey(let detail): "malformed signer key: \(detail)"
        case .invalidKeyName(let name): "invalid key name \(name.debugDescription): it must be non-empty, without spaces, plus signs or control characters"
        case .unknownKey(let name, let id): "unknown key \(NoteFormat.identity(name, id))"
        case .ambiguousKey(let name, let id): "ambiguous key \(NoteFormat.identity(name, id))"
        case .invalidSignature(let name, let id): "invalid signature for key \(NoteFormat.identity(name, id))"
        case .noVerifiableSignatures: "note has no verifiable signatures"
        }
    }
}

/// A user's private keys, opened from their identity file with their passphrase, and the
/// digest of the file they came from (checked against the ledger at every session open).
///
/// The keys live in `SecretBytes`, wiped when the last reference goes: whoever holds this
/// value decides how long the keys stay in memory.
public struct UnlockedUser: Sendable {
    public let repositoryID: String
    public let id: String
    public let name: String
    public let sealingKey: X25519.PrivateKey
    public let signingKey: Ed25519.PrivateKey
    public let identityDigest: [UInt8]
}

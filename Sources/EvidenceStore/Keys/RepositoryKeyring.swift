/// The secrets every user of a repository holds: the log's Ed25519 signing key (to sign
/// checkpoints after their own appends) and the repository key, which seals the
/// private parts of ledger events that belong to no case (user names, roles).
///
/// Serialised inside its envelope as "EVKR" ‖ 0x01 ‖ log signing seed (32) ‖ repository key (32).
public struct RepositoryKeyring: Sendable {
    public static let magic: [UInt8] = Array("EVKR".utf8)
    public let logKey: Ed25519.PrivateKey
    public let repositoryKey: SecretBytes

    public init(logKey: Ed25519.PrivateKey, repositoryKey: SecretBytes) {
        self.logKey = logKey
        self.repositoryKey = repositoryKey
    }

    public static func generate() throws -> RepositoryKeyring {
        RepositoryKeyring(logKey: try .generate(), repositoryKey: try .random(count: 32))
    }

    func serialised() -> SecretBytes {
        SecretBytes(Self.magic + [1] + logKey.seed.bytes + repositoryKey.bytes)
    }

    init(serialised secret: SecretBytes) throws {
        guard secret.count == 69 else { throw FormatError("the repository keyring has the wrong length") }
        let header = secret.withUnsafeBytes { Array($0.prefix(5)) }
        guard header == Self.magic + [1] else { throw FormatError("the repository keyring has an unknown format") }
        logKey = try Ed25519.PrivateKey(seed: secret.slice(5..<37))
        repositoryKey = secret.slice(37..<69)
    }
}

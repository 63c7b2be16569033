import Foundation

/// `config`: what a reader needs before anything else (docs/FORMAT.md, "config").
///
/// Canonical JSON {"@evidence":"repository","@version":1,"repository","origin","created",
/// "chunkSize"}. Public keys are not here: the ledger is their only source.
public struct RepositoryConfig: Sendable, Equatable {
    public static let magic = "repository"
    public let repositoryID: String
    /// The checkpoint origin and log key name: `<host>/evidence/<repository id>`.
    public let origin: String
    public let created: Timestamp
    public let chunkSize: Int

    public init(repositoryID: String, origin: String, created: Timestamp, chunkSize: Int) {
        self.repositoryID = repositoryID
        self.origin = origin
        self.created = created
        self.chunkSize = chunkSize
    }

    public func encoded() -> [UInt8] {
        CanonicalJSON.encode(.object([
            "@evidence": .string(Self.magic), "@version": 1, "repository": .string(repositoryID),
            "origin": .string(origin), "created": .string(created.description), "chunkSize": .int(Int64(chunkSize)),
        ]))
    }

    /// Reads `config`, turning every way it can be wrong into one sentence with exit 65.
    public static func read(repositoryPath: String) throws -> RepositoryConfig {
        let path = (repositoryPath as NSString).appendingPathComponent("config")
        guard FileSystem.isDirectory(repositoryPath) else {
            throw EvidenceError(.noInput, "\(repositoryPath) does not exist.")
        }
        guard let bytes = try FileSystem.readIfPresent(path, limit: 64 * 1024) else {
            throw EvidenceError(.data, "\(repositoryPath) is not an evidence repository: it has no config file.")
        }
        do {
            // Canonical only (FORMAT §1, §4): a config re-written by hand is not the one
            // `init` wrote, and a second implementation must refuse it as this one does.
            let fields = try JSONFields(bytes: bytes, magic: magic, what: "\(repositoryPath)/config")
            let chunkSize = Int(try fields.int("chunkSize"))
            guard ObjectFormat.chunkSizeRange.contains(chunkSize) else {
                throw FormatError("\(repositoryPath)/config declares an unsupported chunk size of \(chunkSize) bytes")
            }
            let origin = try fields.string("origin")
            guard !origin.isEmpty, !origin.contains(" "), !origin.contains("+") else {
                throw FormatError("\(repositoryPath)/config has an invalid origin")
            }
            return RepositoryConfig(repositoryID: try fields.id("repository", prefix: "repo"), origin: origin,
                                    created: try fields.timestamp("created"), chunkSize: chunkSize)
        } catch let error as FormatError {
            throw EvidenceError(.data, "\(repositoryPath) is not a repository this evidence can read: \(error.description).")
        }
    }
}

import Foundation

/// The per-host state folder (outside the repository): projections and what this
/// host has seen of each repository's log.
///
/// `<state>/<repository id>/<user id>/catalog.sqlite` (one per user), `…/checkpoint` (the
/// newest signed checkpoint this host has seen), `…/log-key` (the log's verifier key
/// when this host first saw the repository) and `…/pending-commit` (a commit this host began
/// and has not finished, `PendingCommit`). It is rebuilt from the repository, never backed up.
/// `…/uploads/` holds the bytes of uploads a service is receiving, until they are added
/// (plaintext; the service's `UploadSpool` keeps and removes them).
public struct HostState: Sendable {
    public let root: String
    public let repositoryID: String

    public init(root: String, repositoryID: String) {
        self.root = root
        self.repositoryID = repositoryID
    }

    /// `--state`, else `EVIDENCE_STATE`, else `$XDG_STATE_HOME/evidence`, else `~/.local/state/evidence`.
    public static func defaultRoot(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let explicit = environment["EVIDENCE_STATE"], !explicit.isEmpty { return explicit }
        if let xdg = environment["XDG_STATE_HOME"], !xdg.isEmpty { return (xdg as NSString).appendingPathComponent("evidence") }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return (home as NSString).appendingPathComponent(".local/state/evidence")
    }

    public var directory: String { (root as NSString).appendingPathComponent(repositoryID) }
    /// Each user's projections live apart: a catalog holds only what its user could open,
    /// so another user of the same state folder finds nothing of theirs in it.
    public func userDirectory(_ userID: String) -> String { (directory as NSString).appendingPathComponent(userID) }

    public func catalogPath(userID: String) -> String {
        (userDirectory(userID) as NSString).appendingPathComponent("catalog.sqlite")
    }
    /// Where a service spools uploads before adding them (not a projection: nothing is rebuilt here).
    public var uploadDirectory: String { (directory as NSString).appendingPathComponent("uploads") }
    public var checkpointPath: String { (directory as NSString).appendingPathComponent("checkpoint") }
    var logKeyPath: String { (directory as NSString).appendingPathComponent("log-key") }
    var logKeysPath: String { (directory as NSString).appendingPathComponent("log-keys") }

    /// Where a whole-ledger replay (verify's, audit's) sets aside the items' state on disk
    /// (ItemBucketSpill), in order: this repository's folder here, else the system's temporary
    /// folder. Nothing named is left there: the file is unlinked as it is made.
    public var spillFolders: [String] {
        [directory, FileManager.default.temporaryDirectory.path]
    }

    public func prepare() throws { try FileSystem.createDirectories(directory) }

    public func newestCheckpoint() throws -> [UInt8]? {
        try FileSystem.readIfPresent(checkpointPath, limit: 1 << 20)
    }

    /// Never moves the memory back to a smaller checkpoint: a command that read an older one
    /// may finish after another recorded a newer one. (Forgetting on purpose, to accept a
    /// restore, is deleting the file.)
    public func recordCheckpoint(_ signed: [UInt8]) throws {
        try prepare()
        if let remembered = try? newestCheckpoint(), let rememberedSize = Repository.claimedSize(remembered),
           let size = Repository.claimedSize(signed), rememberedSize > size {
            return
        }
        try FileSystem.writeAtomically(checkpointPath, signed)
    }

    public func recordedLogKey() throws -> String? {
        try FileSystem.readIfPresent(logKeyPath, limit: 4096).map { String(decoding: $0, as: UTF8.self) }
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    public func recordLogKey(_ vkey: String) throws {
        try prepare()
        try FileSystem.writeAtomically(logKeyPath, Array((vkey + "\n").utf8))
    }

    /// The log keys followed from the ledger up to `size` entries, so that a command only
    /// reads the entries added since (to find rotations) rather than the whole ledger.
    /// A damaged or foreign file is ignored: the keys are then followed from entry 0.
    public func recordedLogKeys() throws -> (chain: LogKeyChain, size: UInt64)? {
        guard let bytes = try FileSystem.readIfPresent(logKeysPath, limit: 1 << 20) else { return nil }
        let text = String(decoding: bytes, as: UTF8.self)
        guard let newline = text.firstIndex(of: "\n"), let size = UInt64(text[..<newline]),
              let chain = LogKeyChain(serialised: String(text[text.index(after: newline)...])) else { return nil }
        return (chain, size)
    }

    public func recordLogKeys(_ chain: LogKeyChain, size: UInt64) throws {
        try prepare()
        try FileSystem.writeAtomically(logKeysPath, Array("\(size)\n\(chain.serialised)".utf8))
    }
}

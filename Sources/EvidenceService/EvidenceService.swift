import EvidenceSearch
import EvidenceStore
import Foundation
import Logging
import SearchIndex
import Synchronization

/// The application layer a server holds open for days and the CLI uses for one command:
/// sign-in, and every operation as a method taking the signed-in user's context and
/// returning `Codable` values. Access decisions, trimming and the ledger events of each
/// operation are the store's (`Session`), reached only through here.
///
/// Safe to call from many tasks at once. Each request borrows one of its user's sessions
/// (opened from keys unlocked once at sign-in) and runs on a thread of its own, since the
/// store's work is blocking file and database I/O. Writes from concurrent requests share
/// group commits (`CommitGroup`); across processes the writer lock still decides.
public final class EvidenceService: Sendable {
    public struct Configuration: Sendable {
        public var repositoryPath: String
        /// The per-host state folder (catalogs and indexes).
        public var stateRoot: String
        /// How long a sign-in lasts before its keys are dropped.
        public var signInLifetime: TimeInterval
        /// How text is extracted for the index: a child process (the `evidence` binary in its
        /// extraction mode) with limits; nil extracts in this process, for tests only.
        public var extractor: ExtractionClient.Configuration?
        /// When material an add committed is indexed for its adder's searches.
        public var indexing: Indexing
        /// Told how far indexing a case has got (case reference, items done, items in all):
        /// the CLI draws a progress line; a server may leave it nil.
        public var indexProgress: (@Sendable (String, Int, Int) -> Void)?
        /// Open a ledger rolled back from what this host saw, to report it (verify) rather
        /// than refuse it; every other use refuses it.
        public var acceptingRollback = false
        /// How long an upload waits for its next bytes before it and its spool are removed.
        public var uploadLifetime: TimeInterval = 24 * 3600
        /// The largest upload accepted, declared or not (bytes).
        public var maxUploadSize: Int64 = 64 << 30
        /// How many uploads one user may have open at once.
        public var maxOpenUploadsPerUser = 16

        public enum Indexing: Sendable {
            /// By a worker after the add returns (a server: the upload is answered at once).
            case background
            /// Before the add returns (the CLI: the command ends with the index caught up).
            case inline
            /// At the next search, which always catches up first.
            case atNextSearch
        }

        public init(repositoryPath: String, stateRoot: String, signInLifetime: TimeInterval = 8 * 3600,
                    extractor: ExtractionClient.Configuration? = nil, indexing: Indexing = .background) {
            self.repositoryPath = repositoryPath
            self.stateRoot = stateRoot
            self.signInLifetime = signInLifetime
            self.extractor = extractor
            self.indexing = indexing
        }
    }

    public let configuration: Configuration
    /// Where this process's writers meet to share checkpoints.
    public let commitGroup = CommitGroup()
    /// The newest checkpoint a session of this process checked, which the others reuse.
    let viewCache = LedgerViewCache()
    let signIns = Mutex<[String: SignedInUser]>([:])
    /// Background indexing runs not yet finished.
    let backgroundRuns = Mutex<Int>(0)
    /// Uploads being received, and the folder they wait in.
    let uploads: UploadSpool
    /// The clock sign-ins and uploads expire by (a test moves it).
    let now: @Sendable () -> Date
    let logger = Logger(label: "evidence.service")

    public init(_ configuration: Configuration, now: @escaping @Sendable () -> Date = { Date() }) throws {
        let repository = try Repository(path: configuration.repositoryPath)
        self.configuration = configuration
        let host = HostState(root: configuration.stateRoot, repositoryID: repository.repositoryID)
        uploads = UploadSpool(directory: host.uploadDirectory, lifetime: configuration.uploadLifetime,
                              maxSize: configuration.maxUploadSize, maxPerUser: configuration.maxOpenUploadsPerUser)
        self.now = now
    }

    /// The sign-ins currently holding keys.
    public var signedInCount: Int {
        endExpired()
        return signIns.withLock { $0.count }
    }
}

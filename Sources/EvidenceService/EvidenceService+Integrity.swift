import EvidenceSearch
import EvidenceStore
import Foundation

extension EvidenceService {
    /// Checks everything the user's keys reach (`evidence verify`): the ledger, every
    /// object decrypted and re-hashed, the catalog and this host's search indexes; the run
    /// is recorded in the ledger. A rolled-back ledger is reported, not refused, when the
    /// service is configured to accept it (`Configuration.acceptingRollback`).
    public func verify(_ context: UserContext, reason: String? = nil, wait: Double = 0,
                       progress: (@Sendable (UInt64) -> Void)? = nil) async throws -> IntegrityReport {
        try await perform(context, writes: true) { session in
            let indexer = CaseIndexer(session: session, extractor: InProcessExtractor())
            let report = try session.verify(reason: reason, wait: wait, progress: progress.map { report in { report($0) } },
                                            projections: { indexer.check() })
            return IntegrityReport(report)
        }
    }

    /// What can be checked without signing in (the ledger, and each object's ciphertext
    /// against its recorded digest), for a repository too damaged to sign in to. The log
    /// key this host recorded, if any, is the one trusted.
    public func verifyWithoutKeys() async throws -> IntegrityReport {
        let configuration = self.configuration
        return try await BlockingWork.run {
            let repository = try Repository(path: configuration.repositoryPath)
            let host = HostState(root: configuration.stateRoot, repositoryID: repository.repositoryID)
            let trusted = try host.recordedLogKey().flatMap { try? NoteVerifierKey(parsing: $0) }
            return IntegrityReport(repository.verifyWithoutKeys(trustedLogKey: trusted, spillFolders: host.spillFolders))
        }
    }

    /// Audits the repository without any user's keys (`evidence audit`): an auditor holds
    /// the verifier key, and may hold checkpoints seen earlier and witnesses' keys. The
    /// newest checkpoint this host has seen is trusted too: a ledger that no longer extends
    /// it was rolled back or forked.
    public func audit(verifierKey: NoteVerifierKey, trustedCheckpoints: [TrustedCheckpoint] = [],
                      witnessKeys: [NoteVerifierKey] = []) async throws -> IntegrityReport {
        let configuration = self.configuration
        return try await BlockingWork.run {
            let repository = try Repository(path: configuration.repositoryPath)
            var trusted = trustedCheckpoints.map { (name: $0.name, bytes: $0.bytes) }
            let host = HostState(root: configuration.stateRoot, repositoryID: repository.repositoryID)
            if let seen = try? host.newestCheckpoint() {
                trusted.append(("\(host.checkpointPath) (the newest checkpoint this host has seen)", seen))
            }
            let report = repository.audit(AuditOptions(verifierKey: verifierKey, trustedCheckpoints: trusted,
                                                       witnessKeys: witnessKeys, spillFolders: host.spillFolders))
            var integrity = IntegrityReport(report)
            integrity.trustedCheckpointsGiven = trusted.count
            return integrity
        }
    }
}

import EvidenceService
import EvidenceStore
import Foundation
import Synchronization

/// A command's way into the service layer: an `EvidenceService` in this process, the user
/// signed in once (the one scrypt of the command), and each call awaited before the
/// command goes on. Rules, access decisions and ledger events are the service's; the
/// command parses its arguments and renders what comes back.
struct ServiceCall {
    let service: EvidenceService
    let context: UserContext

    /// Runs one call of the service to its end.
    func run<T: Sendable>(_ body: @escaping @Sendable (EvidenceService, UserContext) async throws -> T) throws -> T {
        let (service, context) = (self.service, self.context)
        return try Self.wait { try await body(service, context) }
    }

    /// Waits on this thread for async work: a command's code is synchronous, and its thread
    /// is not one the concurrency runtime needs, so blocking it holds nothing up.
    ///
    /// The work, and everything it captured (the service, its sessions), is let go of on the
    /// task's thread before this thread goes on. Otherwise the last release of a session (its
    /// catalog, its indexes) could run there while this thread returns from the command and
    /// the process exits, tearing down what that release still uses.
    static func wait<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
        let job = Job(body)
        let outcome = Outcome<T>()
        let done = DispatchSemaphore(value: 0)
        Task {
            outcome.set(await job.run())
            done.signal()
        }
        done.wait()
        guard let result = outcome.get() else { throw ServiceError(.storage, "A request ended without an outcome.") }
        return try result.get()
    }

    /// The work, held until it has run once.
    private final class Job<T: Sendable>: Sendable {
        private let body: Mutex<(@Sendable () async throws -> T)?>

        init(_ body: @escaping @Sendable () async throws -> T) { self.body = Mutex(body) }

        /// Runs the work and drops it: what it captured is released when this returns.
        func run() async -> Result<T, Error> {
            guard let work = body.withLock({ body in defer { body = nil }; return body }) else {
                return .failure(ServiceError(.storage, "A request ran twice."))
            }
            do {
                return .success(try await work())
            } catch {
                return .failure(error)
            }
        }
    }

    private final class Outcome<T: Sendable>: Sendable {
        private let result = Mutex<Result<T, Error>?>(nil)
        func set(_ value: Result<T, Error>) { result.withLock { $0 = value } }
        func get() -> Result<T, Error>? { result.withLock { $0 } }
    }
}

extension RepositoryOptions {
    /// The service over the repository, for what needs no sign-in (public proofs).
    func service() throws -> EvidenceService {
        try EvidenceService(EvidenceService.Configuration(repositoryPath: try repositoryPath(), stateRoot: stateRoot(),
                                                          indexing: .inline))
    }
}

extension UserOptions {
    /// Signs the user in through the service: the repository is checked before the
    /// passphrase is asked for, and what the repository says the user should know is
    /// printed as a warning. Whatever the command, the sign-in deletes this host's indexes of
    /// what the user may no longer see (a revoked case, an item reclassified above them).
    /// Only verify, which reports a rollback as a problem, opens a rolled-back ledger
    /// (`acceptingRollback`); every other command fails with 65.
    func signIn(_ repository: RepositoryOptions, acceptingRollback: Bool = false) throws -> ServiceCall {
        var configuration = EvidenceService.Configuration(
            repositoryPath: try repository.repositoryPath(), stateRoot: repository.stateRoot(),
            extractor: Indexing.extractorConfiguration(), indexing: .inline)
        configuration.acceptingRollback = acceptingRollback
        let progress = ProgressLine("indexing")
        configuration.indexProgress = { reference, done, total in
            if done == total { progress.finish() } else { progress.update("\(reference): \(done)/\(total)") }
        }
        let service = try EvidenceService(configuration)
        let (name, passphrase) = (try userName(), try passphrase())
        let context = try ServiceCall.wait { try await service.signIn(userName: name, passphrase: passphrase) }
        for notice in try service.notices(context) { Output.warn(notice) }
        return ServiceCall(service: service, context: context)
    }
}

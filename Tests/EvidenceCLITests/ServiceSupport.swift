// Helpers of the service-layer tests: a repository set up with the binary (as a user would),
// then the service opened on it in this process, and a clock the tests move.

import EvidenceService
import EvidenceStore
import Foundation
import Synchronization
import Testing

/// A clock a test sets; the service reads it for sign-in expiry.
final class TestClock: Sendable {
    private let current = Mutex(Date())
    func now() -> Date { current.withLock { $0 } }
    func advance(_ seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
}

extension CLITestbed {
    /// The service on this testbed's repository and state folder. Text is extracted in this
    /// process (test files only); indexing waits for the next search unless told otherwise.
    func service(lifetime: TimeInterval = 3600, clock: TestClock = TestClock(),
                 indexing: EvidenceService.Configuration.Indexing = .atNextSearch) throws -> EvidenceService {
        try EvidenceService(.init(repositoryPath: repo, stateRoot: state, signInLifetime: lifetime, indexing: indexing),
                            now: { clock.now() })
    }

    /// Gives `name` a role in a case (as the officer, its senior investigating officer).
    func grant(_ reference: String, _ name: String, role: String = "investigator") throws {
        try ok(["case", "grant", reference, name, "--role", role])
    }
}

/// The error a service call threw, or a test failure if it returned.
func serviceError<T>(_ body: () async throws -> T, sourceLocation: SourceLocation = #_sourceLocation) async -> ServiceError? {
    do {
        _ = try await body()
        Issue.record("expected the call to fail", sourceLocation: sourceLocation)
        return nil
    } catch let error as ServiceError {
        return error
    } catch {
        Issue.record("expected a ServiceError, got \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

import Foundation

/// Runs the store's blocking work (file and database I/O, waits for locks and for group
/// commits) on a thread of its own, so that it never occupies one of the few threads Swift's
/// concurrency runtime has: a request waiting for another's commit on such a thread could
/// hold up the very request it waits for.
///
/// As `BackgroundWork` in the store does, the thread lets go of the body, and so of everything
/// it captured, before the awaiting task goes on: the last release of a session (its catalog,
/// its keys) then never runs after the caller has moved on, or the process has begun to exit.
enum BlockingWork {
    static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        let job = Job(body)
        return try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                let outcome = job.run().mapError { ServiceError.from($0) }
                continuation.resume(with: outcome)
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    /// The body, held until it has run once.
    private final class Job<T: Sendable>: @unchecked Sendable {
        private var body: (@Sendable () throws -> T)?

        init(_ body: @escaping @Sendable () throws -> T) { self.body = body }

        /// Runs the body and drops it: what it captured is released when this returns.
        func run() -> Result<T, Error> {
            guard let work = body else { return .failure(ServiceError(.storage, "A request ran twice.")) }
            body = nil
            return Result { try work() }
        }
    }
}

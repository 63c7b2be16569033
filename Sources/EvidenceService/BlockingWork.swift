import Foundation

/// Runs the store's blocking work (file and database I/O, waits for locks and for group
/// commits) on a thread of its own, so that it never occupies one of the few threads Swift's
/// concurrency runtime has: a request waiting for another's commit on such a thread could
/// hold up the very request it waits for.
enum BlockingWork {
    static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                do {
                    continuation.resume(returning: try body())
                } catch {
                    continuation.resume(throwing: ServiceError.from(error))
                }
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
    }
}

import Foundation

/// Runs `body` on a new thread and lets the caller wait for it.
///
/// The thread lets go of `body`, and so of everything it captured, before it reports that it
/// is done: otherwise the last release of, say, an OpenSSL context could run on this thread
/// after the waiter went on, and race with the process's exit (OpenSSL's clean-up at exit
/// then frees what that release is using: a crash seen once after a failed `add`).
final class BackgroundWork: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var failure: Error?
    private var body: (@Sendable () throws -> Void)?

    init(_ body: @escaping @Sendable () throws -> Void) {
        self.body = body
        let thread = Thread { [self] in
            self.runOnce()
            self.done.signal()
        }
        thread.stackSize = 1 << 20
        thread.start()
    }

    /// Runs the body and releases it; everything it captured is gone when this returns.
    private func runOnce() {
        guard let work = body else { return }
        body = nil
        do { try work() } catch { failure = error }
    }

    /// Waits for the thread; rethrows what it threw.
    func wait() throws {
        done.wait()
        if let failure { throw failure }
    }
}

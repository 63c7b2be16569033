import Foundation

/// A small bounded queue between two threads of a pipeline (reader → sealer, decrypter →
/// hasher), so that both cores work and memory stays at `capacity` buffers in flight.
final class BlockingQueue<Element>: @unchecked Sendable {
    private let condition = NSCondition()
    private var items: [Element] = []
    private let capacity: Int
    private var closed = false

    init(capacity: Int) { self.capacity = capacity }

    /// Blocks while full; returns false if the queue was closed (the consumer gave up).
    @discardableResult
    func put(_ item: Element) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while items.count >= capacity && !closed { condition.wait() }
        if closed { return false }
        items.append(item)
        condition.broadcast()
        return true
    }

    /// Blocks while empty; nil once closed and drained.
    func take() -> Element? {
        condition.lock()
        defer { condition.unlock() }
        while items.isEmpty && !closed { condition.wait() }
        if items.isEmpty { return nil }
        let item = items.removeFirst()
        condition.broadcast()
        return item
    }

    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }
}

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

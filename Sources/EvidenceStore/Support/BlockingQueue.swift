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
final class BackgroundWork: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var failure: Error?

    init(_ body: @escaping @Sendable () throws -> Void) {
        let thread = Thread { [self] in
            do { try body() } catch { self.failure = error }
            self.done.signal()
        }
        thread.stackSize = 1 << 20
        thread.start()
    }

    /// Waits for the thread; rethrows what it threw.
    func wait() throws {
        done.wait()
        if let failure { throw failure }
    }
}

import Foundation

/// A small bounded first-in first-out queue between two threads of a pipeline (reader →
/// sealer, decrypter → hasher, document preparation → index writer), so that both cores work
/// and memory stays at `capacity` items in flight. One `close()` serves both ends: the
/// producer closes when it has put everything (the consumer still takes what is queued), the
/// consumer closes when it gives up (the producer's next `put` fails instead of blocking).
///
/// Its own module so that the store and the index, which do not depend on each other, share
/// it. The members are inlinable so that each pipeline gets a copy specialised for its element
/// type, as when the queue was part of the module that uses it: no generic dispatch per item.
public final class BlockingQueue<Element>: @unchecked Sendable {
    @usableFromInline let condition = NSCondition()
    @usableFromInline var items: [Element] = []
    @usableFromInline let capacity: Int
    @usableFromInline var closed = false

    @inlinable
    public init(capacity: Int) { self.capacity = capacity }

    /// Blocks while full; returns false if the queue was closed (the consumer gave up).
    @inlinable @discardableResult
    public func put(_ item: Element) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while items.count >= capacity && !closed { condition.wait() }
        if closed { return false }
        items.append(item)
        condition.broadcast()
        return true
    }

    /// Blocks while empty; nil once closed and drained.
    @inlinable
    public func take() -> Element? {
        condition.lock()
        defer { condition.unlock() }
        while items.isEmpty && !closed { condition.wait() }
        if items.isEmpty { return nil }
        let item = items.removeFirst()
        condition.broadcast()
        return item
    }

    @inlinable
    public func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }
}

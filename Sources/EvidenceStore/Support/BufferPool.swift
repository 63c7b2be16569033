import Foundation

/// A fixed set of equally sized buffers passed between the two threads of a pipeline
/// and handed back after use, so streaming a large file allocates a few chunks once
/// instead of once per chunk. Buffers come from, and go back to, `BufferCache`, so a
/// command that streams many files reuses the same memory for all of them.
final class BufferPool: @unchecked Sendable {
    private let free: BlockingQueue<[UInt8]>
    private let size: Int

    init(count: Int, size: Int) {
        self.size = size
        free = BlockingQueue(capacity: count)
        for _ in 0..<count { free.put(BufferCache.shared.take(size: size)) }
    }

    /// Blocks until a buffer is free; nil once the pool is closed (the pipeline failed).
    func take() -> [UInt8]? { free.take() }

    func give(_ buffer: [UInt8]) { free.put(buffer) }

    func close() { free.close() }

    /// Hands every buffer still in the pool back to the cache (after the pipeline ended).
    func drain() {
        free.close()
        while let buffer = free.take() { BufferCache.shared.give(buffer) }
    }
}

/// Process-wide spare buffers by size. New buffers are allocated uninitialised: their
/// pages are only touched (and faulted in) as data is written to them, and no byte is
/// ever read that was not written first, so a 4 MiB chunk buffer holding a 1 KiB file
/// costs one page, not four megabytes of zeroing.
final class BufferCache: @unchecked Sendable {
    static let shared = BufferCache()
    private let lock = NSLock()
    private var spare: [Int: [[UInt8]]] = [:]
    /// Enough for one writer pipeline and one reader pipeline of the largest chunk size.
    private let maxPerSize = 12

    func take(size: Int) -> [UInt8] {
        lock.lock()
        if let buffer = spare[size]?.popLast() {
            lock.unlock()
            return buffer
        }
        lock.unlock()
        return [UInt8](unsafeUninitializedCapacity: size) { _, initialized in initialized = size }
    }

    func give(_ buffer: [UInt8]) {
        lock.lock()
        defer { lock.unlock() }
        if spare[buffer.count, default: []].count < maxPerSize { spare[buffer.count, default: []].append(buffer) }
    }
}

import Foundation
import PipelineQueue

/// One chunk-sized block of memory, handed between the threads of a pipeline by
/// reference (never copied), page-aligned, and never read before it is written.
final class ChunkBuffer: @unchecked Sendable {
    let bytes: UnsafeMutableRawBufferPointer

    init(size: Int) {
        bytes = UnsafeMutableRawBufferPointer.allocate(byteCount: max(size, 1), alignment: 4096)
    }

    deinit { bytes.deallocate() }
}

/// A fixed set of equally sized buffers passed between the two threads of a pipeline
/// and handed back after use, so streaming a large file allocates a few chunks once
/// instead of once per chunk. Buffers come from, and go back to, `BufferCache`, so a
/// command that streams many files reuses the same memory for all of them.
final class BufferPool: @unchecked Sendable {
    private let free: BlockingQueue<ChunkBuffer>

    init(count: Int, size: Int) {
        free = BlockingQueue(capacity: count)
        for _ in 0..<count { free.put(BufferCache.shared.take(size: size)) }
    }

    /// Blocks until a buffer is free; nil once the pool is closed (the pipeline failed).
    func take() -> ChunkBuffer? { free.take() }

    /// Hands a buffer back; once the pool is closed it goes straight back to the cache.
    func give(_ buffer: ChunkBuffer) {
        if !free.put(buffer) { BufferCache.shared.give(buffer) }
    }

    func close() { free.close() }

    /// Hands every buffer still in the pool back to the cache (after the pipeline ended).
    func drain() {
        free.close()
        while let buffer = free.take() { BufferCache.shared.give(buffer) }
    }
}

/// Process-wide spare buffers by size. Memory is allocated uninitialised: its pages are
/// only touched (and faulted in) as data is written, so a 4 MiB chunk buffer holding a
/// 1 KiB file costs one page, and a command streaming many files reuses the same pages.
final class BufferCache: @unchecked Sendable {
    static let shared = BufferCache()
    private let lock = NSLock()
    private var spare: [Int: [ChunkBuffer]] = [:]
    /// Enough for two concurrent writer pipelines of five buffers (`ObjectWriter`): a buffer
    /// freed and allocated again by another thread would grow the allocator's arenas.
    private let maxPerSize = 10

    func take(size: Int) -> ChunkBuffer {
        lock.lock()
        if let buffer = spare[size]?.popLast() {
            lock.unlock()
            return buffer
        }
        lock.unlock()
        return ChunkBuffer(size: size)
    }

    func give(_ buffer: ChunkBuffer) {
        lock.lock()
        defer { lock.unlock() }
        if spare[buffer.bytes.count, default: []].count < maxPerSize { spare[buffer.bytes.count, default: []].append(buffer) }
    }

    /// Arrays for one thread's scratch work (compression output, records), uninitialised.
    func array(size: Int) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: size) { _, initialized in initialized = size }
    }
}

/// Spare single-thread arrays by size (record buffers of the sealing stage).
final class ArrayCache: @unchecked Sendable {
    private let lock = NSLock()
    private var spare: [Int: [[UInt8]]] = [:]

    func take(size: Int) -> [UInt8] {
        lock.lock()
        defer { lock.unlock() }
        return spare[size]?.popLast() ?? BufferCache.shared.array(size: size)
    }

    func give(_ array: [UInt8]) {
        lock.lock()
        defer { lock.unlock() }
        if spare[array.count, default: []].count < 2 { spare[array.count, default: []].append(array) }
    }
}

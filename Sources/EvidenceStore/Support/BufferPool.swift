/// A fixed set of equally sized buffers passed between the two threads of a pipeline
/// and handed back after use, so streaming a large file allocates (and the kernel zeroes)
/// a few chunks once instead of once per chunk.
final class BufferPool: @unchecked Sendable {
    private let free: BlockingQueue<[UInt8]>

    init(count: Int, size: Int) {
        free = BlockingQueue(capacity: count)
        for _ in 0..<count { free.put([UInt8](repeating: 0, count: size)) }
    }

    /// Blocks until a buffer is free; nil once the pool is closed (the pipeline failed).
    func take() -> [UInt8]? { free.take() }

    func give(_ buffer: [UInt8]) { free.put(buffer) }

    func close() { free.close() }
}

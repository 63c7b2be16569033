import Foundation
import PipelineQueue
import Testing

/// The queue every pipeline hands its items over with: order, the bound, and what `close`
/// means to each end.
@Suite struct UnitBlockingQueueTests {
    @Test func itemsComeOutInOrderAcrossThreads() {
        let queue = BlockingQueue<Int>(capacity: 3)
        let producer = Producer(queue: queue, count: 1000)
        var taken: [Int] = []
        while let item = queue.take() { taken.append(item) }
        producer.wait()
        #expect(taken == Array(0..<1000))
    }

    /// The producer closes when done: what it queued is still taken, then nil.
    @Test func closedQueueDrainsThenEnds() {
        let queue = BlockingQueue<String>(capacity: 2)
        #expect(queue.put("a"))
        #expect(queue.put("b"))
        queue.close()
        #expect(queue.take() == "a")
        #expect(queue.take() == "b")
        #expect(queue.take() == nil)
    }

    /// The consumer closes when it gives up: a producer blocked on a full queue wakes and
    /// is refused, as is every later put.
    @Test func closingReleasesABlockedProducer() {
        let queue = BlockingQueue<Int>(capacity: 1)
        #expect(queue.put(0))
        let producer = Producer(queue: queue, count: 2, from: 1)
        Thread.sleep(forTimeInterval: 0.05)
        queue.close()
        producer.wait()
        #expect(producer.refused)
        #expect(!queue.put(9))
    }

    /// Puts `count` numbers from `from` on its own thread, stopping at the first refusal.
    private final class Producer: @unchecked Sendable {
        private let done = DispatchSemaphore(value: 0)
        private let lock = NSLock()
        private var wasRefused = false

        init(queue: BlockingQueue<Int>, count: Int, from start: Int = 0) {
            Thread { [self] in
                for number in start..<(start + count) {
                    guard queue.put(number) else {
                        lock.lock()
                        wasRefused = true
                        lock.unlock()
                        break
                    }
                }
                queue.close()
                done.signal()
            }.start()
        }

        var refused: Bool {
            lock.lock()
            defer { lock.unlock() }
            return wasRefused
        }

        func wait() { done.wait() }
    }
}

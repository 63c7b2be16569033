import Foundation
import Synchronization

/// An item's bytes on their way to a client, as an async sequence of chunks, filled by the
/// thread that reads and checks the object. At most `limit` chunks wait to be taken: the
/// reader stops until the client has taken some, so a slow client holds a few chunks in
/// memory, never the file. Cancelling (a client that went away), or dropping the stream,
/// stops the reader at its next chunk.
///
/// Every chunk has passed its authentication tag when it arrives; the whole content's
/// SHA-256 is checked after the last one, and a mismatch ends the sequence with an error
/// instead of its normal end, so a front end must treat the content as complete only when
/// the sequence ends normally (a server aborts the response otherwise).
public final class ContentStream: AsyncSequence, Sendable {
    public typealias Element = [UInt8]

    private struct State {
        var chunks: [[UInt8]] = []
        var ended = false
        var failure: Error?
        var cancelled = false
        /// The client, when it waits for a chunk.
        var waiting: CheckedContinuation<[UInt8]?, Error>?
    }

    private let state = Mutex(State())
    /// Where the reader waits for room. It checks for room holding this lock, and the
    /// client signals it holding the lock too, so no wake-up is lost in between.
    private let room = NSCondition()
    private let limit: Int

    init(limit: Int = 4) {
        self.limit = limit
    }

    deinit {
        cancel()
    }

    /// Stops the reader at its next chunk; what is buffered is dropped.
    public func cancel() {
        let client = state.withLock { state -> CheckedContinuation<[UInt8]?, Error>? in
            state.cancelled = true
            state.chunks = []
            defer { state.waiting = nil }
            return state.waiting
        }
        wakeReader()
        client?.resume(returning: nil)
    }

    private func wakeReader() {
        room.lock()
        room.broadcast()
        room.unlock()
    }

    // MARK: The reading thread's side

    /// Hands one chunk over, waiting while `limit` chunks are not yet taken. Throws once the
    /// stream was cancelled, which stops the read.
    func push(_ chunk: [UInt8]) throws {
        room.lock()
        while state.withLock({ $0.chunks.count >= limit && !$0.cancelled }) { room.wait() }
        room.unlock()
        let client = try state.withLock { state -> CheckedContinuation<[UInt8]?, Error>? in
            guard !state.cancelled else { throw CancellationError() }
            if let client = state.waiting {
                state.waiting = nil
                return client
            }
            state.chunks.append(chunk)
            return nil
        }
        client?.resume(returning: chunk)
    }

    /// Ends the sequence: normally, or with the error that stopped the read.
    func finish(_ error: Error? = nil) {
        let client = state.withLock { state -> CheckedContinuation<[UInt8]?, Error>? in
            state.ended = true
            state.failure = error
            defer { state.waiting = nil }
            return state.waiting
        }
        guard let client else { return }
        if let error { client.resume(throwing: error) } else { client.resume(returning: nil) }
    }

    // MARK: The client's side

    /// The next chunk; nil at the end (or once cancelled); throws the read's error.
    func next() async throws -> [UInt8]? {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<[UInt8]?, Error>) in
            enum Step { case chunk([UInt8]), end(Error?), wait }
            let step = state.withLock { state -> Step in
                if !state.chunks.isEmpty { return .chunk(state.chunks.removeFirst()) }
                if state.cancelled { return .end(nil) }
                if state.ended { return .end(state.failure) }
                state.waiting = continuation
                return .wait
            }
            switch step {
            case .chunk(let chunk):
                wakeReader()
                continuation.resume(returning: chunk)
            case .end(let error?):
                continuation.resume(throwing: error)
            case .end(nil):
                continuation.resume(returning: nil)
            case .wait:
                break
            }
        }
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        let stream: ContentStream
        public mutating func next() async throws -> [UInt8]? { try await stream.next() }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(stream: self) }
}

import EvidenceStore

extension EvidenceService {
    /// An item's original bytes as a stream (a server's download): returns once the read is
    /// recorded in the ledger (with `destination` saying where the bytes went, and the
    /// reason), with the item's record (size and SHA-256, for the response's headers) and
    /// the chunks, each checked before it is handed over. The sequence ends normally only if
    /// the whole content hashes to the recorded SHA-256; otherwise it ends with an integrity
    /// error, and the front end must abort what it sent.
    public func openContent(_ context: UserContext, itemID: String, destination: String, reason: String? = nil,
                            wait: Double = 0) async throws -> ContentDownload {
        let stream = ContentStream()
        let started = OneShot<ItemRecord>()
        Task {
            do {
                _ = try await perform(context, writes: true) { session in
                    try session.streamContent(itemID: itemID, destination: destination, reason: reason, wait: wait,
                                              started: { started.set(.success($0)) }) { buffer in
                        try stream.push(Array(buffer))
                    }
                }
                stream.finish()
            } catch {
                started.set(.failure(error))
                stream.finish(error)
            }
        }
        return ContentDownload(item: try await started.value(), chunks: stream)
    }
}

/// A download under way: the item (what the response says of it) and its content.
public struct ContentDownload: Sendable {
    public let item: ItemRecord
    public let chunks: ContentStream
}

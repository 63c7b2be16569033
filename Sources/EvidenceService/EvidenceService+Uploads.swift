import EvidenceStore
import Foundation

/// Uploads as streams (a server's resumable uploads): started with the item's metadata,
/// appended to in order, possibly over several requests, and finished by an add of the
/// spooled bytes, which records and checks everything an add does.
extension EvidenceService {
    /// How many bytes an append gathers before handing them to a thread to write: the most
    /// an append holds in memory, besides the one chunk it is given.
    static let uploadBatch = 1 << 20
    /// How often a long append makes its bytes durable and moves the offset on, so that a
    /// client cut off in the middle resumes near where it was.
    static let uploadSyncInterval: Int64 = 64 << 20

    /// Begins an upload to a case. The metadata is checked now, and so is the user's right to
    /// add to the case (a refusal is recorded as an add's is); the add at `finishUpload`
    /// decides again, since the right may change meanwhile. Starting one sweeps away expired
    /// uploads of this host.
    public func startUpload(_ context: UserContext, _ request: UploadRequest, wait: Double = 0) async throws -> UploadStatus {
        let options = try ServiceError.mapping { try request.item.options(wait: wait) }
        guard request.item.paths.isEmpty, request.item.rawPaths == nil else {
            throw ServiceError(.invalidRequest, "An upload brings its own bytes: name no files on the service's host.",
                               field: "paths")
        }
        guard AddOptions.kinds.contains(options.kind) else {
            throw ServiceError(.invalidRequest, "The kind must be one of \(AddOptions.kinds.joined(separator: ", ")).",
                               field: "kind")
        }
        try ServiceError.mapping { try options.validateText() }
        try UploadRequest.validate(fileName: request.fileName)
        let spool = uploads
        if let declared = request.declaredSize {
            guard declared >= 0 else {
                throw ServiceError(.invalidRequest, "The declared size cannot be negative.", field: "declaredSize")
            }
            guard declared <= spool.maxSize else {
                throw ServiceError(.tooLarge, "Uploads are limited to \(spool.maxSize) bytes; this one declares \(declared).",
                                   field: "declaredSize")
            }
        }
        try await perform(context, writes: true) { session in
            _ = try session.findCase(options.caseReference, for: .addItem, reason: options.reason, wait: wait)
        }
        let started = now()
        let upload = try await BlockingWork.run {
            spool.sweep(now: started)
            return try spool.create(ownerID: context.userID, request: request, now: started)
        }
        return try upload.status(now: started)
    }

    /// Appends `chunks` at `offset`, which must be the upload's offset (a conflict otherwise,
    /// and nothing is written). Returns once the bytes are durable, with the new offset.
    ///
    /// The chunks are written a batch at a time and hashed as they go; memory does not grow
    /// with the upload. If the chunks end with an error (a client that went away), what
    /// arrived is kept and made durable, the offset says how much, and the error is reported.
    /// A chunk that would take the upload beyond its declared size, or beyond the largest the
    /// service accepts, is refused (`tooLarge`) and not written; what came before it is kept.
    public func appendUpload<Chunks: AsyncSequence>(_ context: UserContext, id: String, offset: Int64,
                                                    chunks: Chunks) async throws -> UploadStatus
        where Chunks.Element: Collection, Chunks.Element.Element == UInt8 {
        _ = try signedIn(context)
        let upload = try uploads.upload(id, ownerID: context.userID, now: now())
        try upload.claim(offset: offset, now: now())
        var durable = offset
        var refusal: ServiceError?
        var interruption: Error?
        var failure: Error?
        do {
            try await BlockingWork.run { try upload.prepare(offset: offset) }
            let limit = min(upload.request.declaredSize ?? uploads.maxSize, uploads.maxSize)
            var received = offset
            var buffer: [UInt8] = []
            func write() async throws {
                guard !buffer.isEmpty else { return }
                let batch = buffer
                buffer = []
                try await BlockingWork.run { try upload.write(batch) }
            }
            var iterator = chunks.makeAsyncIterator()
            while true {
                let next: Chunks.Element?
                do {
                    next = try await iterator.next()
                } catch {
                    interruption = error
                    break
                }
                guard let chunk = next else { break }
                guard received + Int64(chunk.count) <= limit else {
                    refusal = tooLarge(upload, limit: limit)
                    break
                }
                buffer.append(contentsOf: chunk)
                received += Int64(chunk.count)
                guard buffer.count >= Self.uploadBatch else { continue }
                try await write()
                if received - durable >= Self.uploadSyncInterval {
                    durable = try await BlockingWork.run { try upload.sync() }
                    upload.advance(to: durable)
                }
            }
            // Whatever ended the chunks, what arrived before is kept.
            try await write()
            durable = try await BlockingWork.run { try upload.sync() }
        } catch {
            // A write that failed: the offset stays at what was last made durable, and the
            // next append cuts the file back to it.
            failure = error
        }
        upload.release(offset: durable, expiresAt: now().addingTimeInterval(uploads.lifetime))
        if let failure { throw failure }
        if let refusal { throw refusal }
        if let interruption {
            throw ServiceError(.invalidRequest, "The upload's content ended early (\(interruption)); "
                                   + "the \(durable) bytes received are kept: resume from there.", field: "content")
        }
        return try upload.status(now: now())
    }

    /// Where an upload stands, for its owner; to anyone else it does not exist.
    public func uploadStatus(_ context: UserContext, id: String) async throws -> UploadStatus {
        _ = try signedIn(context)
        return try uploads.upload(id, ownerID: context.userID, now: now()).status(now: now())
    }

    /// Abandons an upload: its bytes are deleted and its id names nothing after.
    public func abortUpload(_ context: UserContext, id: String) async throws {
        _ = try signedIn(context)
        let spool = uploads
        let upload = try spool.upload(id, ownerID: context.userID, now: now())
        _ = try upload.close(now: now())
        spool.forget(upload)
        try await BlockingWork.run { upload.removeFile() }
    }

    /// Adds an upload's bytes as an item, as `add` adds a file (the same access checks, ledger
    /// events, dedup and indexing), recorded under the client's file name. The upload must hold
    /// its declared size (if it declared one; a conflict otherwise, and it stays as it was).
    /// Its SHA-256 must equal the expected one, given at the start or here: otherwise nothing
    /// is stored (`integrity`). Finishing ends the upload whatever the outcome: its bytes
    /// are deleted, and a failed add is to be uploaded again.
    public func finishUpload(_ context: UserContext, id: String, expectedSHA256: String? = nil, wait: Double = 0,
                             observer: AddObserver = AddObserver()) async throws -> AddResult {
        _ = try signedIn(context)
        var expected: [String] = []
        if let given = expectedSHA256 {
            guard let bytes = Hex.decode(given), bytes.count == 32 else {
                throw ServiceError(.invalidRequest, "The expected SHA-256 takes 64 hexadecimal digits.", field: "expectedSHA256")
            }
            expected.append(Hex.encode(bytes))
        }
        let spool = uploads
        let upload = try spool.upload(id, ownerID: context.userID, now: now())
        if let declared = upload.request.item.expectedSHA256, let bytes = Hex.decode(declared) {
            expected.append(Hex.encode(bytes))
        }
        let size = try upload.claimForFinish(now: now())
        func end() async {
            upload.closeAfterFinish()
            spool.forget(upload)
            _ = try? await BlockingWork.run { upload.removeFile() }
        }
        do {
            let digest = Hex.encode(try await BlockingWork.run { try upload.digest(offset: size) })
            if let wrong = expected.first(where: { $0 != digest }) {
                throw ServiceError(.integrity, "The upload's SHA-256 is \(digest), not the expected \(wrong); nothing was stored.",
                                   field: "expectedSHA256")
            }
            var request = upload.request.item
            request.paths = [upload.path]
            request.rawPaths = nil
            // The add checks the bytes it reads against those hashed here: the spool cannot
            // have changed in between unnoticed.
            request.expectedSHA256 = digest
            let result: AddResult
            do {
                result = try await add(context, request, recordedName: upload.request.fileName, wait: wait,
                                       observer: observer)
            } catch let error as ServiceError where error.message.contains(upload.path) {
                // The store names the file it read; the client knows it by its own name.
                let named = error.message.replacingOccurrences(of: upload.path, with: "the upload of \(upload.request.fileName)")
                throw ServiceError(error.kind, named, field: error.field)
            }
            await end()
            return result
        } catch {
            if Self.finishCanBeRetried(ServiceError.from(error)) {
                // Another writer held the repository, or the disk failed: the same bytes can be
                // added once that has passed, so the client need not send them again.
                upload.release(offset: size, expiresAt: now().addingTimeInterval(spool.lifetime))
            } else {
                await end()
            }
            throw error
        }
    }

    /// Whether a finish that failed so leaves the upload as it was, to be finished again:
    /// when the repository was busy or storage failed, not when the bytes or the request were
    /// at fault (those would fail the same way again).
    static func finishCanBeRetried(_ error: ServiceError) -> Bool {
        error.kind == .busy || error.kind == .storage
    }

    private func tooLarge(_ upload: Upload, limit: Int64) -> ServiceError {
        let kept = "the bytes before the chunk that went beyond are kept"
        if let declared = upload.request.declaredSize, declared <= uploads.maxSize {
            return ServiceError(.tooLarge, "The upload declared \(declared) bytes and more were sent; \(kept).", field: "content")
        }
        return ServiceError(.tooLarge, "Uploads are limited to \(limit) bytes; \(kept).", field: "content")
    }
}

/// Where objects (FORMAT §6) live: today a folder (`PosixObjectStorage`) or memory
/// (`InMemoryObjectStorage`), next an S3-compatible bucket. docs/STORAGE.md states what each
/// method promises; every implementation passes the same conformance suite.
///
/// Keys are `ObjectKey`s, so no implementation ever sees `..` or an absolute path.
public protocol ObjectStorage: Sendable {
    /// Starts an upload. Nothing is visible under any key until `commit(as:)`; an upload
    /// aborted, dropped or cut short by a crash leaves nothing `get`, `stat` or `list` shows.
    /// `folder` ("" or valid key components) is where the implementation may stage it: the
    /// folder of the key it will be committed as.
    func beginUpload(in folder: String) async throws -> any ObjectUpload

    /// The object's bytes, or those of `range` (nil: all of them). A range reaching past the
    /// end throws `StorageError.invalidRange`; an empty range within it returns no bytes.
    /// A missing object throws `StorageError.notFound`.
    func get(_ key: ObjectKey, range: Range<UInt64>?) async throws -> [UInt8]

    /// The object's size, or nil when there is no object under the key.
    func stat(_ key: ObjectKey) async throws -> ObjectInfo?

    /// Removes the object; removing a missing one is not an error. Durable at the next `sync()`.
    func delete(_ key: ObjectKey) async throws

    /// Up to `limit` keys starting with `prefix` (a plain string prefix, as S3 matches it), in
    /// byte order, after `after` when given: page on with the last key of the previous page.
    func list(prefix: String, after: ObjectKey?, limit: Int) async throws -> [ObjectKey]

    /// Makes every commit and delete that returned before this call durable: they survive a
    /// crash or power loss once it returns (POSIX: one `syncfs` of the folder's file system).
    func sync() async throws
}

/// One upload in progress: bytes appended in order, then committed under a key or aborted.
public protocol ObjectUpload: Sendable {
    /// Appends bytes to the upload.
    func append(_ bytes: [UInt8]) async throws

    /// Makes the bytes appended so far the object under `key`, replacing any object there
    /// whole: a reader sees the old object or the new one, never a mixture. Durable at the
    /// store's next `sync()`. After it (or a failed one) the upload is finished.
    @discardableResult
    func commit(as key: ObjectKey) async throws -> ObjectInfo

    /// Discards the upload; nothing of it remains. Idempotent; never throws.
    func abort() async
}

/// What `stat` reports of an object.
public struct ObjectInfo: Equatable, Sendable {
    public var size: UInt64

    public init(size: UInt64) { self.size = size }
}

extension ObjectStorage {
    /// The whole object.
    public func get(_ key: ObjectKey) async throws -> [UInt8] { try await get(key, range: nil) }

    /// Every key under `prefix`, page by page.
    public func listAll(prefix: String, pageSize: Int = 1000) async throws -> [ObjectKey] {
        var keys: [ObjectKey] = []
        var after: ObjectKey?
        while true {
            let page = try await list(prefix: prefix, after: after, limit: pageSize)
            keys += page
            guard page.count == pageSize, let last = page.last else { return keys }
            after = last
        }
    }

    /// Uploads `bytes` in one go and commits them as `key`, aborting on failure.
    @discardableResult
    public func put(_ bytes: [UInt8], as key: ObjectKey) async throws -> ObjectInfo {
        let upload = try await beginUpload(in: key.folder)
        do {
            try await upload.append(bytes)
            return try await upload.commit(as: key)
        } catch {
            await upload.abort()
            throw error
        }
    }
}

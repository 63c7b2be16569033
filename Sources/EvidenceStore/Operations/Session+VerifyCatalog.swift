import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A catalog projected afresh from the ledger for `verify` to compare with the stored one,
/// in a scratch file beside it (it holds what the catalog holds, so it stays where the catalog
/// is kept, and goes when verify is done): in memory, a large ledger's projection would be
/// most of verify's memory.
///
/// A verify that is killed cannot remove its file, so each holds an exclusive `flock` on
/// its own for as long as it runs, and the next verify on the host removes every scratch
/// file whose lock it can take: no running verify holds those. (SQLite's own locks are
/// POSIX record locks, which `flock` on Linux neither sees nor disturbs.)
final class ScratchCatalog {
    let path: String
    let catalog: Catalog
    /// Holds the lock that says this scratch file is in use.
    private let lock: Int32

    static let prefix = ".verify-"
    static let suffixes = ["", "-journal", "-wal", "-shm"]

    init(beside catalogPath: String) throws {
        let folder = (catalogPath as NSString).deletingLastPathComponent
        Self.removeAbandoned(in: folder)
        var attempt = 0
        while true {
            let candidate = (folder as NSString).appendingPathComponent("\(Self.prefix)\(UUID().uuidString).sqlite")
            let fd = open(candidate, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            guard fd >= 0 else {
                throw EvidenceError(.io, "Cannot create verify's scratch catalog in \(folder): \(String(cString: strerror(errno))).")
            }
            // Locked, and still the file at that name (a sweep may have removed it between the
            // two calls): otherwise a new name.
            if flock(fd, LOCK_EX | LOCK_NB) == 0, Self.sameFile(fd, candidate) {
                path = candidate
                lock = fd
                break
            }
            close(fd)
            attempt += 1
            if attempt >= 5 { throw EvidenceError(.io, "Cannot lock verify's scratch catalog in \(folder).") }
        }
        do {
            catalog = try Catalog(path: path)
        } catch {
            Self.remove(path)
            close(lock)
            throw error
        }
    }

    deinit {
        Self.remove(path)
        close(lock)
    }

    private static func remove(_ path: String) {
        for suffix in suffixes { try? FileSystem.remove(path + suffix) }
    }

    private static func sameFile(_ fd: Int32, _ path: String) -> Bool {
        var open = stat(), named = stat()
        guard fstat(fd, &open) == 0, stat(path, &named) == 0 else { return false }
        return open.st_dev == named.st_dev && open.st_ino == named.st_ino
    }

    /// Removes the scratch files of verifies that no longer run (their lock is free).
    static func removeAbandoned(in folder: String) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        for name in names where name.hasPrefix(prefix) && name.hasSuffix(".sqlite") {
            let path = (folder as NSString).appendingPathComponent(name)
            let fd = open(path, O_RDWR | O_CLOEXEC | O_NOFOLLOW)
            guard fd >= 0 else { continue }
            if flock(fd, LOCK_EX | LOCK_NB) == 0 { remove(path) }
            close(fd)
        }
    }
}

/// The catalog as verify re-projects it: at the tree size the stored catalog records in `meta`,
/// under the verifying user's visibility at that size (HOST-STATE.md §3), as it was projected.
final class CatalogProjection {
    let session: Session
    let ledger: LedgerVerifier.Result
    private(set) var watermark: UInt64
    private(set) var scratch: ScratchCatalog
    private var visibility: Visibility

    /// Reads the stored catalog's tree size and prepares an empty projection for it.
    init(session: Session, ledger: LedgerVerifier.Result) throws {
        self.session = session
        self.ledger = ledger
        watermark = try Self.storedTreeSize(session.catalog)
        visibility = Visibility(state: try session.stateForComparison(ledger, at: watermark), userID: session.user.id)
        scratch = try ScratchCatalog(beside: session.host.catalogPath(userID: session.user.id))
    }

    /// The entries the ledger pass projects (`project`); `finishProjection` adds any beyond.
    var fromLedgerPass: UInt64 { min(watermark, ledger.entriesRead) }

    /// The tree size the stored catalog records, in a transaction of its own.
    static func storedTreeSize(_ catalog: Catalog) throws -> UInt64 {
        try catalog.read { try storedTreeSize($0) }
    }

    static func storedTreeSize(_ reader: CatalogReader) throws -> UInt64 {
        UInt64(max(0, try reader.watermarkTreeSize()))
    }

    /// Projects one entry (below `fromLedgerPass`, in order) and returns it as opened for that.
    func project(_ entry: LedgerEntry, leafHash: [UInt8], into writer: CatalogWriter) throws -> OpenedEntry? {
        guard entry.seq < fromLedgerPass else { return nil }
        let opened = try EntryOpener.open(entry, leafHash: leafHash, repositoryID: session.repository.repositoryID,
                                          keys: session.keys, showingSealed: visibility.showsSealedPart(of: entry))
        try writer.project(opened)
        return opened
    }

    /// Entries committed after the checkpoint verify checked, which the catalog already
    /// reflects: the next run checks them.
    private func projectBeyondLedger(into writer: CatalogWriter) throws {
        guard watermark > ledger.treeSize else { return }
        try session.repository.ledger.forEachEntry(in: ledger.treeSize..<watermark, treeSize: watermark) { index, bytes in
            let entry = try LedgerEntry.decode(bytes, index: index)
            let opened = try EntryOpener.open(entry, leafHash: try Merkle.leafHash(bytes),
                                              repositoryID: session.repository.repositoryID, keys: session.keys,
                                              showingSealed: visibility.showsSealedPart(of: entry))
            try writer.project(opened)
        }
    }

    /// Projects again from scratch, at `size` (when the stored catalog moved meanwhile).
    private func reproject(at size: UInt64) throws {
        watermark = size
        visibility = Visibility(state: try session.stateForComparison(ledger, at: size), userID: session.user.id)
        scratch = try ScratchCatalog(beside: session.host.catalogPath(userID: session.user.id))
        let verifier = LedgerVerifier(store: session.repository.ledger, origin: session.repository.config.origin)
        try scratch.catalog.write { writer in
            var failure: Error?
            let unread = verifier.forEachBatch(count: fromLedgerPass, treeSize: ledger.treeSize) { batch in
                for decoded in batch where failure == nil {
                    guard let entry = decoded.entry else {
                        failure = FormatError(decoded.problem ?? "a ledger entry could not be read")
                        return
                    }
                    do { _ = try project(entry, leafHash: decoded.leafHash, into: writer) } catch { failure = error }
                }
            }
            if let failure { throw failure }
            if let unread { throw FormatError(unread) }
            try projectBeyondLedger(into: writer)
        }
    }

    /// The stored catalog's rows against the projection's (which the ledger pass filled up to
    /// `fromLedgerPass`), row by row. The stored catalog is read in one transaction with the
    /// tree size it records: another command may have caught it up since it was first read,
    /// and then it is compared with a projection at its new size (the last attempt projecting
    /// within that transaction, so that it cannot move again).
    func compare() throws -> [String] {
        try scratch.catalog.write { try projectBeyondLedger(into: $0) }
        for attempt in 0..<3 {
            let found: [String]? = try session.catalog.read { stored in
                let size = try Self.storedTreeSize(stored)
                if size != watermark {
                    guard attempt == 2 else { return nil }
                    try reproject(at: size)
                }
                return try scratch.catalog.read { fresh in try stored.problems(comparedWith: fresh) }
            }
            if let found { return found }
            try reproject(at: try Self.storedTreeSize(session.catalog))
        }
        throw FormatError("the catalog kept moving while it was compared")
    }
}

extension Session {
    /// The authority state after the first `size` entries, for re-projecting the catalog as it
    /// was built: usually the verifier's (the whole checked ledger) or this session's (what the
    /// catalog was caught up to when it signed in); otherwise, when another process of this user
    /// moved the catalog meanwhile, replayed from the ledger.
    func stateForComparison(_ result: LedgerVerifier.Result, at size: UInt64) throws -> AuthorityState {
        if result.authority.size == size { return result.authority }
        if authority.size == size { return authority }
        var state = AuthorityState()
        state.items.spill = ItemBucketSpill.first(in: host.spillFolders)
        var chain = result.logKeys.map { LogKeyChain(first: $0.first) } ?? LogKeyChain(first: view.logKeys.first)
        try repository.ledger.forEachEntry(in: 0..<size, treeSize: max(size, result.treeSize)) { index, bytes in
            let entry = try LedgerEntry.decode(bytes, index: index)
            _ = try state.admit(entry, logKey: chain.key(forEntry: entry.seq))
            try chain.follow(entry)
        }
        return state
    }
}

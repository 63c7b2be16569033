import EvidenceStore
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The uploads under way in this service, and the folder their bytes wait in until they are
/// added: `<state>/<repository id>/uploads/` (`HostState.uploadDirectory`), mode 0700, one
/// file per upload, mode 0600, named by the upload's random id.
///
/// The table lives in memory only: after a restart an upload is gone (its client starts
/// again), and its file, which nothing then names, is removed by the sweep once it has been
/// left alone for the uploads' lifetime (another service on the host may still be writing a
/// newer one, so no younger file is touched).
final class UploadSpool: Sendable {
    let directory: String
    /// An upload is removed this long after its last append (or its start).
    let lifetime: TimeInterval
    let maxSize: Int64
    let maxPerUser: Int
    private let uploads = Mutex<[String: Upload]>([:])

    init(directory: String, lifetime: TimeInterval, maxSize: Int64, maxPerUser: Int) {
        self.directory = directory
        self.lifetime = lifetime
        self.maxSize = maxSize
        self.maxPerUser = maxPerUser
    }

    /// The upload `id` if `ownerID` started it; to anyone else, and once expired, none.
    func upload(_ id: String, ownerID: String, now: Date) throws -> Upload {
        guard let upload = uploads.withLock({ $0[id] }), upload.ownerID == ownerID else { throw Upload.notFound }
        _ = try upload.status(now: now)
        return upload
    }

    /// Starts an upload: its empty file, and its row in the table (blocking).
    func create(ownerID: String, request: UploadRequest, now: Date) throws -> Upload {
        try prepareDirectory()
        let id = "upl_" + Hex.encode(try SecureRandom.bytes(16))
        let path = (directory as NSString).appendingPathComponent(id)
        let upload = Upload(id: id, ownerID: ownerID, request: request, path: path, expiresAt: now.addingTimeInterval(lifetime))
        try uploads.withLock { table in
            let open = table.values.filter { $0.ownerID == ownerID }.count
            guard open < maxPerUser else {
                throw ServiceError(.conflict, "You have \(open) uploads open, the most allowed; finish or abort one first.",
                                   field: "upload")
            }
            table[id] = upload
        }
        do {
            try SpoolFile.create(path)
        } catch {
            forget(upload)
            throw error
        }
        return upload
    }

    /// Takes the upload out of the table (finished or aborted): its id names nothing after.
    func forget(_ upload: Upload) {
        uploads.withLock { table in
            if table[upload.id] === upload { table[upload.id] = nil }
        }
    }

    /// Removes expired uploads and the files of uploads no service holds any more (blocking).
    func sweep(now: Date) {
        let expired = uploads.withLock { table -> [Upload] in
            let gone = table.values.filter { $0.expire(now: now) }
            for upload in gone { table[upload.id] = nil }
            return gone
        }
        for upload in expired { upload.removeFile() }
        let known = uploads.withLock { Set($0.keys) }
        guard let names = try? FileSystem.list(directory) else { return }
        let cutoff = now.addingTimeInterval(-lifetime).timeIntervalSince1970
        for name in names where name.hasPrefix("upl_") && !known.contains(name) {
            let path = (directory as NSString).appendingPathComponent(name)
            var info = stat()
            guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG,
                  Double(info.st_mtim.tv_sec) < cutoff else { continue }
            _ = unlink(path)
        }
    }

    /// The folder, made if missing and kept to its user alone (a symbolic link there is refused).
    private func prepareDirectory() throws {
        try FileSystem.createDirectories((directory as NSString).deletingLastPathComponent)
        if mkdir(directory, 0o700) != 0, errno != EEXIST {
            throw SpoolFile.failure("make a folder for", errno)
        }
        var info = stat()
        guard lstat(directory, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else {
            throw ServiceError(.storage, "The folder for uploads on this host is not a folder.")
        }
        guard chmod(directory, 0o700) == 0 else { throw SpoolFile.failure("protect the folder of", errno) }
    }
}

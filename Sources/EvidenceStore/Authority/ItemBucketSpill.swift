import Foundation
import Synchronization

/// Where a state replayed from the whole ledger (verify's, audit's) keeps the buckets it made:
/// an unnamed file on disk (created and unlinked at once, so nothing is left behind however
/// the process ends), read back a bucket at a time when an item in it is looked up. Held in
/// memory instead, the buckets grow with the repository (about 250 bytes an item); here
/// only the offsets do (a few dozen bytes a bucket of about 512 items).
///
/// The buckets hold what the ledger's public parts say of each item, nothing sealed; each is
/// checked against its SHA-256 when read back (StoredItemBuckets), so a file changed under
/// the process is reported as damage, never believed. Putting is best effort: a bucket that
/// cannot be written stays in memory.
final class ItemBucketSpill: ItemBucketSource {
    private struct State {
        var fd: Int32
        var end: Int64 = 0
        var places: [Digest32: (offset: Int64, count: Int)] = [:]
    }

    private let state: Mutex<State>

    /// Nil when no such file can be made in `folder` (it is absent, read-only or full).
    init?(folder: String) {
        var template = Array((folder as NSString).appendingPathComponent(".item-buckets-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.map { mkstemp($0) } ?? -1 }
        guard fd >= 0 else { return nil }
        let path = String(cString: template)
        unlink(path)
        state = Mutex(State(fd: fd))
    }

    /// The first folder of `folders` (in order) where a spill file can be made.
    static func first(in folders: [String]) -> ItemBucketSpill? {
        for folder in folders {
            if let spill = ItemBucketSpill(folder: folder) { return spill }
        }
        return nil
    }

    deinit {
        state.withLock { close($0.fd) }
    }

    /// Writes `bytes` under `digest`; false (nothing recorded) when the write fails.
    func put(digest: [UInt8], bytes: [UInt8]) -> Bool {
        guard let key = Digest32(digest) else { return false }
        return state.withLock { state in
            if state.places[key] != nil { return true }
            var done = 0
            while done < bytes.count {
                let written = bytes.withUnsafeBytes { buffer in
                    buffer.baseAddress.map { pwrite(state.fd, $0 + done, bytes.count - done, off_t(state.end) + off_t(done)) } ?? -1
                }
                if written < 0, errno == EINTR { continue }
                guard written > 0 else { return false }
                done += written
            }
            state.places[key] = (state.end, bytes.count)
            state.end += Int64(bytes.count)
            return true
        }
    }

    func bucket(digest: [UInt8]) throws -> [UInt8]? {
        guard let key = Digest32(digest) else { return nil }
        return try state.withLock { state -> [UInt8]? in
            guard let place = state.places[key] else { return nil }
            var bytes = [UInt8](repeating: 0, count: place.count)
            var done = 0
            while done < place.count {
                let count = bytes.withUnsafeMutableBytes { buffer in
                    buffer.baseAddress.map { pread(state.fd, $0 + done, place.count - done, off_t(place.offset) + off_t(done)) } ?? -1
                }
                if count < 0, errno == EINTR { continue }
                guard count > 0 else {
                    throw EvidenceError(.io, "Cannot read back the items' state that this command set aside on disk: \(count < 0 ? String(cString: strerror(errno)) : "the file is shorter than written").")
                }
                done += count
            }
            return bytes
        }
    }

    func holdsBuckets(_ digests: [[UInt8]]) throws -> Bool {
        state.withLock { state in digests.allSatisfy { Digest32($0).map { state.places[$0] != nil } ?? false } }
    }
}

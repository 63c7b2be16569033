import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reclassification by key (FORMAT §6, §7.4 `item.amended`): an item that changes class is
/// re-sealed under the new class key, so that those who may no longer see it hold no key
/// to its content, and those who may now see it can open it. The new object is written
/// before the entry; the old one is destroyed after the commit, under the writer lock, once
/// no live item of the case references it. A crash in between leaves a superseded object
/// that `verify` notes and the item's next amendment destroys.
extension Session {
    /// Decrypts `item`'s object and seals the same bytes into a new object under `target`,
    /// streamed through a socket pair so that no plaintext reaches a disk and memory stays
    /// a few chunks whatever the size. Checks the bytes against the hash the ledger committed
    /// to before anything is placed. Returns the object to name in the entry.
    func resealObject(of item: ItemRecord, under target: CaseKeys,
                      stagedNames: inout [String: (itemID: String, object: LedgerEntry.ObjectRef)]) throws -> LedgerEntry.ObjectRef {
        guard let oldName = try authority.items.item(item.id)?.object?.name, let recordedSHA = item.sha256 else {
            throw EvidenceError(.data, "Item \(item.id) has no content recorded that could be re-sealed.")
        }
        let oldPath = repository.objectPath(caseID: item.caseID, name: oldName)
        var pair: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &pair) == 0 else {
            throw FileSystem.ioError(errno, "re-seal", item.id)
        }
        let (readEnd, writeEnd) = (pair[0], pair[1])
        let caseID = item.caseID
        let reader = BackgroundWork { [self] in
            defer { close(writeEnd) }
            let result = try ObjectReader.read(path: oldPath, caseID: caseID, keys: { keyID in
                try keys.caseKeys(caseID: caseID, keyID: keyID)
            }) { chunk in
                try Self.send(writeEnd, chunk, label: item.id)
            }
            guard Hex.encode(result.sha256) == recordedSHA else {
                throw EvidenceError(.data, "Item \(item.id) failed its integrity check while being re-sealed: its content hashes to \(Hex.encode(result.sha256)), not the recorded \(recordedSHA); nothing was changed.")
            }
        }
        let staged: ObjectWriter.Staged
        do {
            staged = try ObjectWriter.write(source: readEnd, sourceName: "item \(item.id)",
                                            directory: repository.objectDirectory(caseID: caseID), keys: target,
                                            chunkSize: repository.config.chunkSize)
        } catch {
            // The reader then fails on a closed socket instead of waiting for us for ever.
            close(readEnd)
            _ = try? reader.wait()
            throw error
        }
        close(readEnd)
        do {
            try reader.wait()
        } catch let integrity as ObjectIntegrityError {
            staged.discard()
            throw EvidenceError(.data, "Item \(item.id) failed its integrity check while being re-sealed: \(integrity.description); nothing was changed.")
        } catch {
            staged.discard()
            throw error
        }
        guard Hex.encode(staged.sha256) == recordedSHA else {
            staged.discard()
            throw EvidenceError(.data, "Item \(item.id) could not be re-sealed: the bytes sealed do not hash to the recorded \(recordedSHA); nothing was changed.")
        }
        // The same bytes may already be in the case under the new class: then they are shared.
        return try placeObject(staged, itemID: item.id, caseID: caseID, caseKeys: target, stagedNames: &stagedNames).object
    }

    /// Destroys the objects `itemID` had before it was re-sealed that no live item of its
    /// case references any more (FORMAT §6). Returns how many were destroyed.
    @discardableResult
    func destroySupersededObjects(of itemID: String) throws -> Int {
        guard let item = try authority.items.item(itemID) else { return 0 }
        return try Set(item.superseded).sorted().filter { name in
            try destroyObjectIfUnused(caseID: item.caseID, name: name, excluding: [], failure: { error in
                EvidenceError(error.kind, "Item \(itemID) was re-sealed under its new class, but its old object could not be destroyed (\(error.message)); amend the item again to finish.")
            }) == .removed
        }.count
    }

    /// The item's metadata after this amendment, and where it is now, restated in the
    /// reclassifying entry under the new class key: a member who holds only the new class
    /// key cannot open the entries sealed under the old one (FORMAT §7.4).
    func restatement(of item: ItemRecord, changes: [String: JSONValue]) throws -> [String: JSONValue] {
        var metadata: [String: JSONValue] = [:]
        let texts: [(String, String?)] = [
            ("sha256", item.sha256), ("salt", item.salt), ("name", item.name), ("path", item.path),
            ("modified", item.modified), ("kind", item.kind), ("mediaType", item.mediaType),
            ("exhibitRef", item.exhibitRef), ("description", item.description), ("seizedBy", item.seizedBy),
            ("seizedAt", item.seizedAt), ("location", item.location), ("seal", item.seal),
            ("storageLocation", item.storageLocation), ("part", item.part), ("reviewDate", item.reviewDate),
            ("classification", item.classification),
        ]
        for (key, value) in texts { if let value { metadata[key] = .string(value) } }
        if let size = item.size { metadata["size"] = .int(size) }
        if let sensitive = item.sensitive { metadata["sensitive"] = .bool(sensitive) }
        for (key, value) in changes { metadata[key] = value }
        let custody = try continuity(of: item).current
        var state: [String: JSONValue] = ["holder": .string(custody.holder)]
        if let seal = custody.seal { state["seal"] = .string(seal) }
        if let location = custody.location { state["location"] = .string(location) }
        metadata["custody"] = .object(state)
        return metadata
    }

    /// Writes all of `chunk` to a socket without raising SIGPIPE when the other end is gone.
    private static func send(_ fd: Int32, _ chunk: UnsafeRawBufferPointer, label: String) throws {
        guard let base = chunk.baseAddress else { return }
        var offset = 0
        while offset < chunk.count {
            let sent = Glibc.send(fd, base + offset, chunk.count - offset, Int32(MSG_NOSIGNAL))
            if sent < 0 {
                if errno == EINTR { continue }
                throw FileSystem.ioError(errno, "re-seal", label)
            }
            offset += sent
        }
    }
}

import Foundation

/// What `contentForIndexing` found.
public enum IndexableContent: Sendable {
    case bytes([UInt8])
    /// Bigger than the limit asked for: not read.
    case tooLarge(size: Int64)
    /// The object could not be read or failed its integrity check (`verify` names which).
    case unreadable(reason: String)
}

extension Session {
    /// An item's original bytes, for the search index of this host (a projection, like the
    /// catalog): not an `item.read`, which records a person taking a copy. Only items of
    /// cases whose key this user holds can be read at all; the SHA-256 is checked.
    public func contentForIndexing(_ stored: ItemRecord, maxBytes: Int) throws -> IndexableContent {
        guard let item = try boundToLedger(stored) else { return .unreadable(reason: "the item is newer than this command's view of the ledger") }
        // A physical exhibit has no object: there are no bytes, and nothing is wrong.
        guard let objectName = item.objectName, !item.physical else { return .bytes([]) }
        let size = item.size ?? 0
        guard size <= Int64(maxBytes) else { return .tooLarge(size: size) }
        let caseID = item.caseID
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(size))
        do {
            let result = try ObjectReader.read(path: repository.objectPath(caseID: caseID, name: objectName),
                                               caseID: caseID, keys: { keyID in
                try self.keys.caseKeys(caseID: caseID, keyID: keyID)
            }) { chunk in
                guard bytes.count + chunk.count <= maxBytes else {
                    throw ObjectIntegrityError("the object holds more bytes than the item's recorded size")
                }
                bytes.append(contentsOf: chunk)
            }
            guard Hex.encode(result.sha256) == item.sha256 else {
                return .unreadable(reason: "the content does not hash to the item's recorded SHA-256")
            }
        } catch let error as ObjectIntegrityError {
            return .unreadable(reason: error.description)
        } catch let error as CryptoError {
            return .unreadable(reason: "a chunk failed to decrypt (\(error))")
        } catch let error as EvidenceError where error.kind == .data {
            return .unreadable(reason: error.message)
        }
        return .bytes(bytes)
    }
}

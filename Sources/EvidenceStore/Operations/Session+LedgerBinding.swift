import Foundation

/// The catalog is a cache of the ledger, in a file its user (or anyone who can write the state
/// folder) can edit. Before an item's row is used, the facts that decide what is read and what
/// it is checked against are taken from, or checked against, the ledger-derived state
/// (FORMAT §7.10): its case, object, commitment, visibility class and disposal. The recorded
/// SHA-256 is believed only when it opens the commitment the ledger signed.
extension Session {
    /// nil when this session's ledger view does not hold the item yet (another process
    /// projected a newer commit into the shared catalog): to this session it does not exist.
    func boundToLedger(_ record: ItemRecord) throws -> ItemRecord? {
        guard let recorded = try authority.items.item(record.id) else { return nil }
        guard recorded.caseID == record.caseID,
              recorded.physical == record.physical else {
            throw Self.catalogDisagrees(record.id, "its case or kind is not the one the ledger recorded")
        }
        var item = record
        item.objectName = recorded.object?.name
        item.ciphertextSHA256 = recorded.object.map { Hex.encode($0.ciphertextSHA256) }
        item.ciphertextSize = recorded.object.map { Int64(clamping: $0.ciphertextSize) }
        item.commitment = recorded.commitment.map(Hex.encode)
        item.classification = recorded.classification.rawValue
        item.sensitive = recorded.sensitive
        if let disposed = recorded.disposedAt {
            item.disposedSeq = Int64(clamping: disposed)
        } else {
            item.disposedSeq = nil
            item.disposedAt = nil
            item.disposedBy = nil
        }
        if !record.physical, record.sha256 != nil {
            guard let commitment = recorded.commitment,
                  let salt = record.salt.flatMap({ Hex.decodeCanonical($0, count: 32) }),
                  let hash = record.sha256.flatMap({ Hex.decodeCanonical($0, count: 32) }),
                  (try? SHA256.hash(salt + hash)) == commitment else {
                throw Self.catalogDisagrees(record.id, "its SHA-256 and salt do not open the commitment the ledger signed")
            }
        }
        return item
    }

    static func catalogDisagrees(_ itemID: String, _ what: String) -> EvidenceError {
        EvidenceError(.data, "This host's catalog row of item \(itemID) disagrees with the ledger: \(what). The catalog was edited or damaged; nothing was read. Run evidence rebuild, then evidence verify.")
    }
}

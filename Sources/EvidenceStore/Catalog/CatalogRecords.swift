import GRDB

/// A case as the catalog projects it. Reference, title and classification are nil
/// when the projecting user could not open the case's sealed parts.
public struct CaseRecord: Codable, FetchableRecord, Sendable, Equatable {
    public var id: String
    public var reference: String?
    public var title: String?
    public var classification: String?
    public var keyGeneration: Int64
    public var createdSeq: Int64
    public var createdAt: String
    public var createdBy: String
    /// The newest `case.status` (CPIA stage), its date and (for a conviction) the release
    /// date recorded with it, and the case's retention review date.
    public var status: String?
    public var statusDate: String?
    public var releasedDate: String?
    public var reviewDate: String?

    enum CodingKeys: String, CodingKey {
        case id, reference, title, classification, status
        case keyGeneration = "key_generation", createdSeq = "created_seq", createdAt = "created_at", createdBy = "created_by"
        case statusDate = "status_date", reviewDate = "review_date", releasedDate = "released_date"
    }
}

/// An item as the catalog projects it: a file (`item.added`) or a physical exhibit
/// (`physical-item.added`), which has no object, commitment, hash or size.
public struct ItemRecord: Codable, FetchableRecord, Sendable, Equatable {
    public var id: String
    public var caseID: String
    public var addedSeq: Int64
    public var addedAt: String
    public var addedBy: String
    public var objectName: String?
    public var ciphertextSHA256: String?
    public var ciphertextSize: Int64?
    public var commitment: String?
    public var sha256: String?
    public var salt: String?
    public var size: Int64?
    public var name: String?
    public var path: String?
    public var modified: String?
    public var kind: String?
    public var exhibitRef: String?
    public var description: String?
    public var seizedBy: String?
    public var seizedAt: String?
    public var location: String?
    public var classification: String?
    public var sensitive: Bool?
    public var mediaType: String?
    public var duplicateOf: String?
    /// For a derived item (an attachment, an mbox message): the item it came from, and
    /// where in it ("message 3", "attachment 2").
    public var parentID: String?
    public var part: String?
    /// True for a physical exhibit, which has no digital content.
    public var physical: Bool
    /// The seal or bag number recorded when the item was added (later seals are custody events).
    public var seal: String?
    /// Where the exhibit was stored when it was added (later locations are custody events).
    public var storageLocation: String?
    /// Set once an `item.disposed` entry records the item's disposal (its row stays, so
    /// that lists and logs can say what was disposed of, and when).
    public var disposedSeq: Int64?
    public var disposedAt: String?
    public var disposedBy: String?
    /// Retention review: the next review date, and the last review's decision.
    public var reviewDate: String?
    public var reviewDecision: String?

    public var isDisposed: Bool { disposedSeq != nil }

    enum CodingKeys: String, CodingKey {
        case id, commitment, sha256, salt, size, name, path, modified, kind, description, location, classification,
             sensitive, physical, seal
        case caseID = "case_id", addedSeq = "added_seq", addedAt = "added_at", addedBy = "added_by",
             objectName = "object_name", ciphertextSHA256 = "ciphertext_sha256", ciphertextSize = "ciphertext_size",
             exhibitRef = "exhibit_ref", seizedBy = "seized_by", seizedAt = "seized_at", mediaType = "media_type",
             duplicateOf = "duplicate_of", parentID = "parent_id", part, storageLocation = "storage_location"
        case disposedSeq = "disposed_seq", disposedAt = "disposed_at", disposedBy = "disposed_by",
             reviewDate = "review_date", reviewDecision = "review_decision"
    }

    /// Whether the projecting user could open the item's sealed part. An item whose metadata
    /// is locked is treated as hidden: every item records its kind, and a file its SHA-256.
    public var isOpened: Bool { physical ? kind != nil : sha256 != nil }

    /// `isOpened` as an SQL condition on `items`, for queries that must skip locked items.
    public static let openedCondition = "(CASE WHEN physical = 1 THEN kind IS NOT NULL ELSE sha256 IS NOT NULL END)"
}

/// A ledger entry as the catalog holds it, with the parts the projecting user opened.
public struct EntryRecord: Codable, FetchableRecord, Sendable, Equatable {
    public var seq: Int64
    public var type: String
    public var time: String
    public var actor: String
    public var caseID: String?
    public var itemID: String?
    public var signer: String
    public var leafHash: String
    public var publicJSON: String?
    public var sealedJSON: String?
    public var auditJSON: String?
    public var sealedState: String
    public var auditState: String
    /// Why readers skip the entry (FORMAT §7.10): the authority its signer lacked; nil when valid.
    public var invalid: String?

    enum CodingKeys: String, CodingKey {
        case seq, type, time, actor, signer, invalid
        case caseID = "case_id", itemID = "item_id", leafHash = "leaf_hash", publicJSON = "public_json",
             sealedJSON = "sealed_json", auditJSON = "audit_json", sealedState = "sealed_state", auditState = "audit_state"
    }
}

public struct UserRecord: Codable, FetchableRecord, Sendable, Equatable {
    public var id: String
    public var name: String?
    public var roles: String?
    public var registeredAt: String

    enum CodingKeys: String, CodingKey {
        case id, name, roles
        case registeredAt = "registered_at"
    }
}

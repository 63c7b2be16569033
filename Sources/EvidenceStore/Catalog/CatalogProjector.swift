import GRDB

/// Applies ledger entries to the catalog, one by one, in order. The same function
/// builds the catalog, rebuilds it, and re-projects it in memory for `verify`, so
/// "the catalog agrees with the ledger" has a single meaning.
enum CatalogProjector {
    static func apply(_ opened: OpenedEntry, to db: Database) throws {
        let entry = opened.entry
        try db.execute(sql: """
            INSERT INTO entries (seq, type, time, actor, case_id, item_id, signer, leaf_hash, public_json,
                                 sealed_json, audit_json, sealed_state, audit_state)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [
                Int64(entry.seq), entry.type, entry.time.description, entry.actor, entry.caseID, entry.itemID,
                entry.signer, Hex.encode(opened.leafHash), entry.publicPart.map { CanonicalJSON.encodeString(.object($0)) },
                opened.sealed.map { CanonicalJSON.encodeString(.object($0)) },
                opened.audit.map { CanonicalJSON.encodeString(.object($0)) },
                opened.sealedState.rawValue, opened.auditState.rawValue,
            ])
        let publicPart = entry.publicPart ?? [:]
        let sealed = opened.sealed ?? [:]
        switch entry.type {
        case EventType.repositoryCreated:
            for key in ["origin", "logKey", "auditKey"] {
                if let value = publicPart[key]?.stringValue {
                    try db.execute(sql: "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", arguments: [key, value])
                }
            }
        case EventType.identityRegistered:
            guard let user = publicPart["user"]?.stringValue, let sealing = publicPart["sealingKey"]?.stringValue,
                  let signing = publicPart["signingKey"]?.stringValue else { return }
            try db.execute(sql: """
                INSERT INTO users (id, name, sealing_key, signing_key, roles, registered_seq, registered_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [user, sealed["name"]?.stringValue, sealing, signing,
                                 sealed["roles"].map { CanonicalJSON.encodeString($0) }, Int64(entry.seq),
                                 entry.time.description])
        case EventType.caseCreated:
            guard let caseID = entry.caseID else { return }
            let generation = publicPart["keyGeneration"]?.intValue ?? 1
            try db.execute(sql: """
                INSERT INTO cases (id, reference, title, classification, key_generation, created_seq, created_at, created_by)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [caseID, sealed["reference"]?.stringValue, sealed["title"]?.stringValue,
                                 sealed["classification"]?.stringValue, generation, Int64(entry.seq),
                                 entry.time.description, entry.actor])
            for holder in publicPart["keyHolders"]?.arrayValue ?? [] {
                guard let holder = holder.stringValue else { continue }
                try db.execute(sql: "INSERT OR IGNORE INTO case_key_holders (case_id, generation, holder) VALUES (?, ?, ?)",
                               arguments: [caseID, generation, holder])
            }
        case EventType.itemAdded:
            guard let caseID = entry.caseID, let itemID = entry.itemID, let object = entry.object,
                  let commitment = entry.commitment else { return }
            try db.execute(sql: """
                INSERT INTO items (id, case_id, added_seq, added_at, added_by, object_name, ciphertext_sha256,
                    ciphertext_size, commitment, sha256, salt, size, name, path, modified, kind, exhibit_ref,
                    description, seized_by, seized_at, location, classification, sensitive, media_type, duplicate_of)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [
                    itemID, caseID, Int64(entry.seq), entry.time.description, entry.actor, object.name,
                    Hex.encode(object.ciphertextSHA256), Int64(object.ciphertextSize), Hex.encode(commitment),
                    sealed["sha256"]?.stringValue, sealed["salt"]?.stringValue, sealed["size"]?.intValue,
                    sealed["name"]?.stringValue, sealed["path"]?.stringValue, sealed["modified"]?.stringValue,
                    sealed["kind"]?.stringValue, sealed["exhibitRef"]?.stringValue, sealed["description"]?.stringValue,
                    sealed["seizedBy"]?.stringValue, sealed["seizedAt"]?.stringValue, sealed["location"]?.stringValue,
                    sealed["classification"]?.stringValue, sealed["sensitive"]?.boolValue,
                    sealed["mediaType"]?.stringValue, sealed["duplicateOf"]?.stringValue,
                ])
        case EventType.itemAmended:
            guard let itemID = entry.itemID, let changes = sealed["changes"]?.objectValue else { return }
            for (field, value) in changes.sorted(by: { $0.key < $1.key }) {
                guard let column = amendableColumns[field] else { continue }
                let databaseValue: DatabaseValueConvertible? = value.boolValue ?? value.stringValue
                try db.execute(sql: "UPDATE items SET \(column) = ? WHERE id = ?", arguments: [databaseValue, itemID])
            }
        case EventType.recoverySlotAdded:
            guard let slot = publicPart["slot"]?.stringValue else { return }
            try db.execute(sql: "INSERT OR REPLACE INTO recovery_slots (id, label, added_seq, removed_seq) VALUES (?, ?, ?, NULL)",
                           arguments: [slot, sealed["label"]?.stringValue, Int64(entry.seq)])
        case EventType.recoverySlotRemoved:
            guard let slot = publicPart["slot"]?.stringValue else { return }
            try db.execute(sql: "UPDATE recovery_slots SET removed_seq = ? WHERE id = ?", arguments: [Int64(entry.seq), slot])
        default:
            break
        }
    }

    /// Metadata that `evidence amend` may change (never the hash, size or file identity).
    static let amendableColumns: [String: String] = [
        "kind": "kind", "exhibitRef": "exhibit_ref", "description": "description", "seizedBy": "seized_by",
        "seizedAt": "seized_at", "location": "location", "classification": "classification", "sensitive": "sensitive",
    ]
}

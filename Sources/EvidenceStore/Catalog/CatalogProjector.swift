import GRDB

/// Applies ledger entries to the catalog, one by one, in order. The same function
/// builds the catalog, rebuilds it, and re-projects it in memory for `verify`, so
/// "the catalog agrees with the ledger" has a single meaning.
enum CatalogProjector {
    /// `invalid`: why the entry's signer lacked the authority for it (AuthorityVerdict); such
    /// an entry is listed, marked, and changes nothing else.
    static func apply(_ opened: OpenedEntry, invalid: String? = nil, to db: Database) throws {
        let entry = opened.entry
        try db.execute(sql: """
            INSERT INTO entries (seq, type, time, actor, case_id, item_id, signer, leaf_hash, public_json,
                                 sealed_json, audit_json, sealed_state, audit_state, invalid, sealed_key)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [
                Int64(entry.seq), entry.type, entry.time.description, entry.actor, entry.caseID, entry.itemID,
                entry.signer, Hex.encode(opened.leafHash), entry.publicPart.map { CanonicalJSON.encodeString(.object($0)) },
                opened.sealed.map { CanonicalJSON.encodeString(.object($0)) },
                opened.audit.map { CanonicalJSON.encodeString(.object($0)) },
                opened.sealedState.rawValue, opened.auditState.rawValue, invalid, opened.sealedKeyID.map { Int64($0) },
            ])
        guard invalid == nil else { return }
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
            // Roles and clearance are the administrator's (user.added); only the first user,
            // who has no invitation, brings their own.
            let invitation = try Row.fetchOne(db, sql: "SELECT name, roles, clearance FROM invitations WHERE user_id = ?",
                                              arguments: [user])
            let name: String? = invitation?["name"] ?? sealed["name"]?.stringValue
            let roles: String? = invitation?["roles"] ?? sealed["roles"].map { CanonicalJSON.encodeString($0) }
            let clearance: String? = invitation?["clearance"] ?? sealed["clearance"]?.stringValue
            try db.execute(sql: """
                INSERT INTO users (id, name, sealing_key, signing_key, roles, registered_seq, registered_at, clearance)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET sealing_key = excluded.sealing_key, signing_key = excluded.signing_key,
                    registered_seq = excluded.registered_seq, registered_at = excluded.registered_at
                """, arguments: [user, name, sealing, signing, roles, Int64(entry.seq), entry.time.description, clearance])
            try db.execute(sql: "UPDATE invitations SET enrolled_seq = ? WHERE user_id = ? AND enrolled_seq IS NULL",
                           arguments: [Int64(entry.seq), user])
        case EventType.userAdded:
            guard let user = publicPart["user"]?.stringValue else { return }
            try db.execute(sql: """
                INSERT INTO invitations (user_id, name, roles, clearance, added_seq, added_by, enrolled_seq)
                VALUES (?, ?, ?, ?, ?, ?, NULL)
                ON CONFLICT(user_id) DO UPDATE SET added_seq = excluded.added_seq, added_by = excluded.added_by,
                    enrolled_seq = NULL
                """, arguments: [user, sealed["name"]?.stringValue,
                                 (publicPart["roles"] ?? sealed["roles"]).map { CanonicalJSON.encodeString($0) },
                                 publicPart["clearance"]?.stringValue ?? sealed["clearance"]?.stringValue,
                                 Int64(entry.seq), entry.actor])
        case EventType.userDisabled:
            guard let user = publicPart["user"]?.stringValue else { return }
            try db.execute(sql: "UPDATE users SET disabled_seq = ? WHERE id = ? AND disabled_seq IS NULL",
                           arguments: [Int64(entry.seq), user])
        case EventType.policyApplied:
            guard let hash = publicPart["hash"]?.stringValue else { return }
            try db.execute(sql: "INSERT INTO policies (seq, hash, text, applied_by, applied_at) VALUES (?, ?, ?, ?, ?)",
                           arguments: [Int64(entry.seq), hash, publicPart["text"]?.stringValue ?? sealed["text"]?.stringValue, entry.actor,
                                      entry.time.description])
        case EventType.caseGranted:
            guard let caseID = entry.caseID, let user = publicPart["user"]?.stringValue,
                  let role = publicPart["role"]?.stringValue else { return }
            try db.execute(sql: "INSERT OR IGNORE INTO case_members (case_id, user_id, role, granted_seq, revoked_seq) VALUES (?, ?, ?, ?, NULL)",
                           arguments: [caseID, user, role, Int64(entry.seq)])
            if let generation = publicPart["keyGeneration"]?.intValue {
                try db.execute(sql: "INSERT OR IGNORE INTO case_key_holders (case_id, generation, holder) VALUES (?, ?, ?)",
                               arguments: [caseID, generation, user])
            }
        case EventType.caseRevoked:
            guard let caseID = entry.caseID, let user = publicPart["user"]?.stringValue else { return }
            try db.execute(sql: "UPDATE case_members SET revoked_seq = ? WHERE case_id = ? AND user_id = ? AND revoked_seq IS NULL",
                           arguments: [Int64(entry.seq), caseID, user])
        case EventType.caseRekeyed:
            guard let caseID = entry.caseID, let generation = publicPart["keyGeneration"]?.intValue else { return }
            try db.execute(sql: "UPDATE cases SET key_generation = ? WHERE id = ?", arguments: [generation, caseID])
            for holder in publicPart["keyHolders"]?.arrayValue ?? [] {
                guard let holder = holder.stringValue else { continue }
                try db.execute(sql: "INSERT OR IGNORE INTO case_key_holders (case_id, generation, holder) VALUES (?, ?, ?)",
                               arguments: [caseID, generation, holder])
            }
        case EventType.caseCreated:
            guard let caseID = entry.caseID else { return }
            let generation = publicPart["keyGeneration"]?.intValue ?? 1
            try db.execute(sql: """
                INSERT INTO cases (id, reference, title, classification, key_generation, created_seq, created_at, created_by)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [caseID, sealed["reference"]?.stringValue, sealed["title"]?.stringValue,
                                 publicPart["classification"]?.stringValue ?? sealed["classification"]?.stringValue,
                                 generation, Int64(entry.seq),
                                 entry.time.description, entry.actor])
            for holder in publicPart["keyHolders"]?.arrayValue ?? [] {
                guard let holder = holder.stringValue else { continue }
                try db.execute(sql: "INSERT OR IGNORE INTO case_key_holders (case_id, generation, holder) VALUES (?, ?, ?)",
                               arguments: [caseID, generation, holder])
            }
        case EventType.itemAdded, EventType.itemDerived:
            guard let caseID = entry.caseID, let itemID = entry.itemID, let object = entry.object,
                  let commitment = entry.commitment else { return }
            try db.execute(sql: """
                INSERT INTO items (id, case_id, added_seq, added_at, added_by, object_name, ciphertext_sha256,
                    ciphertext_size, commitment, sha256, salt, size, name, path, modified, kind, exhibit_ref,
                    description, seized_by, seized_at, location, classification, sensitive, media_type, duplicate_of,
                    parent_id, part, physical, seal, storage_location)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)
                """, arguments: [
                    itemID, caseID, Int64(entry.seq), entry.time.description, entry.actor, object.name,
                    Hex.encode(object.ciphertextSHA256), Int64(object.ciphertextSize), Hex.encode(commitment),
                    sealed["sha256"]?.stringValue, sealed["salt"]?.stringValue, sealed["size"]?.intValue,
                    sealed["name"]?.stringValue, sealed["path"]?.stringValue, sealed["modified"]?.stringValue,
                    sealed["kind"]?.stringValue, sealed["exhibitRef"]?.stringValue, sealed["description"]?.stringValue,
                    sealed["seizedBy"]?.stringValue, sealed["seizedAt"]?.stringValue, sealed["location"]?.stringValue,
                    classification(publicPart, sealed), sensitive(publicPart, sealed),
                    sealed["mediaType"]?.stringValue, sealed["duplicateOf"]?.stringValue,
                    publicPart["parent"]?.stringValue, sealed["part"]?.stringValue,
                    sealed["seal"]?.stringValue, sealed["storageLocation"]?.stringValue,
                ])
            if let review = sealed["reviewDate"]?.stringValue {
                try db.execute(sql: "UPDATE items SET review_date = ? WHERE id = ?", arguments: [review, itemID])
            }
        case EventType.physicalItemAdded:
            // No object, commitment, hash or size: there is no file.
            guard let caseID = entry.caseID, let itemID = entry.itemID else { return }
            try db.execute(sql: """
                INSERT INTO items (id, case_id, added_seq, added_at, added_by, kind, exhibit_ref, description,
                    seized_by, seized_at, location, classification, sensitive, physical, seal, storage_location)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)
                """, arguments: [
                    itemID, caseID, Int64(entry.seq), entry.time.description, entry.actor,
                    sealed["kind"]?.stringValue, sealed["exhibitRef"]?.stringValue, sealed["description"]?.stringValue,
                    sealed["seizedBy"]?.stringValue, sealed["seizedAt"]?.stringValue, sealed["location"]?.stringValue,
                    classification(publicPart, sealed), sensitive(publicPart, sealed),
                    sealed["seal"]?.stringValue, sealed["storageLocation"]?.stringValue,
                ])
            if let review = sealed["reviewDate"]?.stringValue {
                try db.execute(sql: "UPDATE items SET review_date = ? WHERE id = ?", arguments: [review, itemID])
            }
        case EventType.custodyTransferred:
            guard let caseID = entry.caseID, let itemID = entry.itemID else { return }
            try db.execute(sql: """
                INSERT INTO custody (seq, case_id, item_id, time, actor, from_holder, to_holder, seal, location, reason)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [
                    Int64(entry.seq), caseID, itemID, entry.time.description, entry.actor, sealed["from"]?.stringValue,
                    sealed["to"]?.stringValue, sealed["seal"]?.stringValue, sealed["location"]?.stringValue,
                    sealed["reason"]?.stringValue,
                ])
        case EventType.itemAmended:
            guard let itemID = entry.itemID else { return }
            // A new visibility class is public: it reaches the row even when the changes stay hidden.
            if let (classification, sensitive) = AuthorityState.visibility(publicPart) {
                try db.execute(sql: "UPDATE items SET classification = ?, sensitive = ? WHERE id = ?",
                               arguments: [classification.rawValue, sensitive, itemID])
            }
            // Re-sealed under the new class: the item's content is the new object from now on.
            if let object = entry.object {
                try db.execute(sql: "UPDATE items SET object_name = ?, ciphertext_sha256 = ?, ciphertext_size = ?, duplicate_of = NULL WHERE id = ?",
                               arguments: [object.name, Hex.encode(object.ciphertextSHA256), Int64(object.ciphertextSize), itemID])
            }
            // What the entries under the old class key said, restated under the new one: a
            // member who holds only the new key learns the item from here (§7.4).
            if let restated = sealed["restated"]?.objectValue {
                for (field, column) in restatedColumns.sorted(by: { $0.key < $1.key }) {
                    guard let value = restated[field] else { continue }
                    let databaseValue: DatabaseValueConvertible?
                    if let flag = value.boolValue { databaseValue = flag } else if let number = value.intValue {
                        databaseValue = number
                    } else { databaseValue = value.stringValue }
                    try db.execute(sql: "UPDATE items SET \(column) = ? WHERE id = ?", arguments: [databaseValue, itemID])
                }
            }
            guard let changes = sealed["changes"]?.objectValue else { return }
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
            try applyRetention(entry, publicPart: publicPart, sealed: sealed, to: db)
        }
    }

    /// An item's visibility class is a public fact (§7.10), so the row carries it whether or
    /// not the sealed part was opened; entries without the fact fall back to the sealed part.
    static func classification(_ publicPart: [String: JSONValue], _ sealed: [String: JSONValue]) -> String? {
        publicPart["classification"]?.stringValue ?? sealed["classification"]?.stringValue
    }

    static func sensitive(_ publicPart: [String: JSONValue], _ sealed: [String: JSONValue]) -> Bool? {
        publicPart["sensitive"]?.boolValue ?? sealed["sensitive"]?.boolValue
    }

    /// The members of a reclassification's `restated` that fill an item's row (FORMAT §7.4).
    static let restatedColumns: [String: String] = amendableColumns.merging([
        "sha256": "sha256", "salt": "salt", "size": "size", "name": "name", "path": "path", "modified": "modified",
        "mediaType": "media_type", "part": "part", "reviewDate": "review_date",
    ]) { $1 }

    /// Metadata that `evidence amend` may change (never the hash, size or file identity).
    static let amendableColumns: [String: String] = [
        "kind": "kind", "exhibitRef": "exhibit_ref", "description": "description", "seizedBy": "seized_by",
        "seizedAt": "seized_at", "location": "location", "classification": "classification", "sensitive": "sensitive",
        "seal": "seal", "storageLocation": "storage_location",
    ]
}

/// One ledger entry applied to the tables: the in-memory twin of CatalogProjector.apply.
///
/// What each event means for the catalog is decided twice, here and in CatalogProjector's SQL
/// (which must stay SQL, inside the SQLite catalog); the helpers both use (the visibility
/// facts, the amendable and restated fields) are shared. The conformance suite
/// (CatalogConformanceTests) projects the same ledger, every event type among it, into both and
/// compares every answer: a change to one that the other lacks fails it.
extension InMemoryCatalogTables {
    mutating func project(_ opened: OpenedEntry, invalid: String?) throws {
        let entry = opened.entry
        let seq = Int64(entry.seq)
        guard entries[seq] == nil else { throw InMemoryCatalogError.duplicateKey(table: "entries", key: String(seq)) }
        entries[seq] = Entry(record: EntryRecord(
            seq: seq, type: entry.type, time: entry.time.description, actor: entry.actor, caseID: entry.caseID,
            itemID: entry.itemID, signer: entry.signer, leafHash: Hex.encode(opened.leafHash),
            publicJSON: entry.publicPart.map { CanonicalJSON.encodeString(.object($0)) },
            sealedJSON: opened.sealed.map { CanonicalJSON.encodeString(.object($0)) },
            auditJSON: opened.audit.map { CanonicalJSON.encodeString(.object($0)) },
            sealedState: opened.sealedState.rawValue, auditState: opened.auditState.rawValue, invalid: invalid),
            sealedKey: opened.sealedKeyID.map { Int64($0) })
        guard invalid == nil else { return }
        let publicPart = entry.publicPart ?? [:]
        let sealed = opened.sealed ?? [:]
        let time = entry.time.description
        switch entry.type {
        case EventType.repositoryCreated:
            for key in ["origin", "logKey", "auditKey"] {
                if let value = publicPart[key]?.stringValue { meta[key] = value }
            }
        case EventType.identityRegistered:
            guard let user = publicPart["user"]?.stringValue, let sealing = publicPart["sealingKey"]?.stringValue,
                  let signing = publicPart["signingKey"]?.stringValue else { return }
            if var existing = users[user] {
                existing.sealingKey = sealing
                existing.signingKey = signing
                existing.registeredSeq = seq
                existing.registeredAt = time
                users[user] = existing
            } else {
                // Roles and clearance are the administrator's (user.added); only the first user,
                // who has no invitation, brings their own.
                let invitation = invitations[user]
                users[user] = User(
                    id: user, name: invitation?.name ?? sealed["name"]?.stringValue, sealingKey: sealing, signingKey: signing,
                    roles: invitation?.roles ?? sealed["roles"].map { CanonicalJSON.encodeString($0) },
                    registeredSeq: seq, registeredAt: time,
                    clearance: invitation?.clearance ?? sealed["clearance"]?.stringValue, disabledSeq: nil,
                    order: (users.values.map(\.order).max() ?? 0) + 1)
            }
            if var invitation = invitations[user], invitation.enrolledSeq == nil {
                invitation.enrolledSeq = seq
                invitations[user] = invitation
            }
        case EventType.userAdded:
            guard let user = publicPart["user"]?.stringValue else { return }
            if var existing = invitations[user] {
                existing.addedSeq = seq
                existing.addedBy = entry.actor
                existing.enrolledSeq = nil
                invitations[user] = existing
            } else {
                invitations[user] = Invitation(
                    userID: user, name: sealed["name"]?.stringValue,
                    roles: (publicPart["roles"] ?? sealed["roles"]).map { CanonicalJSON.encodeString($0) },
                    clearance: publicPart["clearance"]?.stringValue ?? sealed["clearance"]?.stringValue,
                    addedSeq: seq, addedBy: entry.actor, enrolledSeq: nil)
            }
        case EventType.userDisabled:
            guard let user = publicPart["user"]?.stringValue else { return }
            if users[user]?.disabledSeq == nil { users[user]?.disabledSeq = seq }
        case EventType.policyApplied:
            guard let hash = publicPart["hash"]?.stringValue else { return }
            guard policies[seq] == nil else { throw InMemoryCatalogError.duplicateKey(table: "policies", key: String(seq)) }
            policies[seq] = Policy(hash: hash, text: publicPart["text"]?.stringValue ?? sealed["text"]?.stringValue,
                                   appliedBy: entry.actor, appliedAt: time)
        case EventType.caseGranted:
            guard let caseID = entry.caseID, let user = publicPart["user"]?.stringValue,
                  let role = publicPart["role"]?.stringValue else { return }
            let key = MemberKey(caseID: caseID, userID: user, grantedSeq: seq)
            if caseMembers[key] == nil { caseMembers[key] = Member(role: role, revokedSeq: nil) }
            if let generation = publicPart["keyGeneration"]?.intValue {
                caseKeyHolders.insert(KeyHolder(caseID: caseID, generation: generation, holder: user))
            }
        case EventType.caseRevoked:
            guard let caseID = entry.caseID, let user = publicPart["user"]?.stringValue else { return }
            for (key, member) in caseMembers where key.caseID == caseID && key.userID == user && member.revokedSeq == nil {
                caseMembers[key]?.revokedSeq = seq
            }
        case EventType.caseRekeyed:
            guard let caseID = entry.caseID, let generation = publicPart["keyGeneration"]?.intValue else { return }
            cases[caseID]?.keyGeneration = generation
            for holder in publicPart["keyHolders"]?.arrayValue ?? [] {
                guard let holder = holder.stringValue else { continue }
                caseKeyHolders.insert(KeyHolder(caseID: caseID, generation: generation, holder: holder))
            }
        case EventType.caseCreated:
            guard let caseID = entry.caseID else { return }
            guard cases[caseID] == nil else { throw InMemoryCatalogError.duplicateKey(table: "cases", key: caseID) }
            let generation = publicPart["keyGeneration"]?.intValue ?? 1
            cases[caseID] = CaseRecord(
                id: caseID, reference: sealed["reference"]?.stringValue, title: sealed["title"]?.stringValue,
                classification: publicPart["classification"]?.stringValue ?? sealed["classification"]?.stringValue,
                keyGeneration: generation, createdSeq: seq, createdAt: time, createdBy: entry.actor)
            for holder in publicPart["keyHolders"]?.arrayValue ?? [] {
                guard let holder = holder.stringValue else { continue }
                caseKeyHolders.insert(KeyHolder(caseID: caseID, generation: generation, holder: holder))
            }
        case EventType.itemAdded, EventType.itemDerived:
            guard let caseID = entry.caseID, let itemID = entry.itemID, let object = entry.object,
                  let commitment = entry.commitment else { return }
            var item = Self.newItem(entry, caseID: caseID, itemID: itemID, publicPart: publicPart, sealed: sealed, physical: false)
            item.objectName = object.name
            item.ciphertextSHA256 = Hex.encode(object.ciphertextSHA256)
            item.ciphertextSize = Int64(object.ciphertextSize)
            item.commitment = Hex.encode(commitment)
            item.sha256 = sealed["sha256"]?.stringValue
            item.salt = sealed["salt"]?.stringValue
            item.size = sealed["size"]?.intValue
            item.name = sealed["name"]?.stringValue
            item.path = sealed["path"]?.stringValue
            item.modified = sealed["modified"]?.stringValue
            item.mediaType = sealed["mediaType"]?.stringValue
            item.duplicateOf = sealed["duplicateOf"]?.stringValue
            item.parentID = publicPart["parent"]?.stringValue
            item.part = sealed["part"]?.stringValue
            try insert(item)
        case EventType.physicalItemAdded:
            // No object, commitment, hash or size: there is no file.
            guard let caseID = entry.caseID, let itemID = entry.itemID else { return }
            try insert(Self.newItem(entry, caseID: caseID, itemID: itemID, publicPart: publicPart, sealed: sealed, physical: true))
        case EventType.custodyTransferred:
            guard let caseID = entry.caseID, let itemID = entry.itemID else { return }
            guard custody[seq] == nil else { throw InMemoryCatalogError.duplicateKey(table: "custody", key: String(seq)) }
            custody[seq] = CustodyTransferRecord(
                seq: seq, caseID: caseID, itemID: itemID, time: time, actor: entry.actor,
                fromHolder: sealed["from"]?.stringValue, toHolder: sealed["to"]?.stringValue,
                seal: sealed["seal"]?.stringValue, location: sealed["location"]?.stringValue, reason: sealed["reason"]?.stringValue)
        case EventType.itemAmended:
            guard let itemID = entry.itemID, var item = items[itemID] else { return }
            // A new visibility class is public: it reaches the row even when the changes stay hidden.
            if let (classification, sensitive) = AuthorityState.visibility(publicPart) {
                item.classification = classification.rawValue
                item.sensitive = sensitive
            }
            // Re-sealed under the new class: the item's content is the new object from now on.
            if let object = entry.object {
                item.objectName = object.name
                item.ciphertextSHA256 = Hex.encode(object.ciphertextSHA256)
                item.ciphertextSize = Int64(object.ciphertextSize)
                item.duplicateOf = nil
            }
            // What the entries under the old class key said, restated under the new one (§7.4).
            if let restated = sealed["restated"]?.objectValue {
                for (field, column) in CatalogProjector.restatedColumns.sorted(by: { $0.key < $1.key }) {
                    guard let value = restated[field] else { continue }
                    item.set(column: column, to: InMemoryCatalogValue.flagNumberOrText(value))
                }
            }
            if let changes = sealed["changes"]?.objectValue {
                for (field, value) in changes.sorted(by: { $0.key < $1.key }) {
                    guard let column = CatalogProjector.amendableColumns[field] else { continue }
                    item.set(column: column, to: InMemoryCatalogValue.flagOrText(value))
                }
            }
            items[itemID] = item
        case EventType.recoverySlotAdded:
            guard let slot = publicPart["slot"]?.stringValue else { return }
            recoverySlots[slot] = RecoverySlot(label: sealed["label"]?.stringValue, addedSeq: seq, removedSeq: nil)
        case EventType.recoverySlotRemoved:
            guard let slot = publicPart["slot"]?.stringValue else { return }
            recoverySlots[slot]?.removedSeq = seq
        default:
            applyRetention(entry, publicPart: publicPart, sealed: sealed)
        }
    }

    /// The columns a file and a physical exhibit share, as their entry gives them.
    static func newItem(_ entry: LedgerEntry, caseID: String, itemID: String, publicPart: [String: JSONValue],
                        sealed: [String: JSONValue], physical: Bool) -> ItemRecord {
        ItemRecord(
            id: itemID, caseID: caseID, addedSeq: Int64(entry.seq), addedAt: entry.time.description, addedBy: entry.actor,
            kind: sealed["kind"]?.stringValue, exhibitRef: sealed["exhibitRef"]?.stringValue,
            description: sealed["description"]?.stringValue, seizedBy: sealed["seizedBy"]?.stringValue,
            seizedAt: sealed["seizedAt"]?.stringValue, location: sealed["location"]?.stringValue,
            classification: CatalogProjector.classification(publicPart, sealed),
            sensitive: CatalogProjector.sensitive(publicPart, sealed), physical: physical,
            seal: sealed["seal"]?.stringValue, storageLocation: sealed["storageLocation"]?.stringValue,
            reviewDate: sealed["reviewDate"]?.stringValue)
    }

    mutating func insert(_ item: ItemRecord) throws {
        guard items[item.id] == nil else { throw InMemoryCatalogError.duplicateKey(table: "items", key: item.id) }
        items[item.id] = item
    }

    /// What a case's entries before `before` projected (Catalog+Visibility.swift's removeCaseRows).
    mutating func removeCaseRows(caseID: String, before: Int64) {
        entries = entries.filter { !($0.value.record.caseID == caseID && $0.key < before) }
        items = items.filter { $0.value.caseID != caseID }
        custody = custody.filter { $0.value.caseID != caseID }
        holds = holds.filter { $0.value.caseID != caseID }
        caseMembers = caseMembers.filter { $0.key.caseID != caseID }
        caseKeyHolders = caseKeyHolders.filter { $0.caseID != caseID }
        cases[caseID] = nil
    }
}

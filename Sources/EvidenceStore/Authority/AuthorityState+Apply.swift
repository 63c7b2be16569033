/// What a valid entry changes. Only facts of the readable part are used, so a reader with no
/// key builds the same state as a member of every case.
extension AuthorityState {
    mutating func apply(_ entry: LedgerEntry) throws {
        let facts = entry.publicPart ?? [:]
        switch entry.type {
        case EventType.repositoryCreated:
            firstUser = entry.actor
        case EventType.identityRegistered:
            guard let userID = facts["user"]?.stringValue else { return }
            var user = users[userID] ?? User(roles: Self.firstUserRoles, clearance: Self.firstUserClearance)
            user.registeredAt = entry.seq
            user.signingKey = Self.publicKey(facts["signingKey"])
            user.sealingKey = Self.publicKey(facts["sealingKey"])
            user.identityDigest = facts["identity"]?.stringValue.flatMap { Hex.decodeCanonical($0, count: 32) }
            users[userID] = user
        case EventType.passphraseChanged:
            guard let userID = facts["user"]?.stringValue else { return }
            users[userID]?.identityDigest = facts["identity"]?.stringValue.flatMap { Hex.decodeCanonical($0, count: 32) }
        case EventType.userAdded:
            guard let userID = facts["user"]?.stringValue else { return }
            users[userID] = User(roles: (Self.strings(facts["roles"]) ?? []).sorted(),
                                 clearance: facts["clearance"]?.stringValue, invitedAt: entry.seq)
        case EventType.userDisabled:
            guard let userID = (try? UserDisabledEvent.Public(part: facts))?.user else { return }
            users[userID]?.disabledAt = entry.seq
        case EventType.policyApplied:
            guard let text = facts["text"]?.stringValue, let hash = facts["hash"]?.stringValue,
                  let parsed = try? Policy.parse(text) else { return }
            policy = PolicyRecord(seq: entry.seq, hash: hash, text: text, policy: parsed)
        case EventType.caseCreated:
            guard let caseID = entry.caseID,
                  let classification = facts["classification"]?.stringValue.flatMap(Classification.init(rawValue:))
            else { return }
            cases[caseID] = Case(createdAt: entry.seq, createdBy: entry.actor, classification: classification,
                                 keyGeneration: facts["keyGeneration"]?.intValue ?? 1, members: [:], everGranted: false,
                                 status: nil, holds: [:])
        case EventType.caseGranted:
            guard let caseID = entry.caseID, let user = facts["user"]?.stringValue,
                  let role = facts["role"]?.stringValue else { return }
            cases[caseID]?.members[user] = role
            cases[caseID]?.everGranted = true
        case EventType.caseRevoked:
            guard let caseID = entry.caseID, let user = (try? CaseRevokedEvent.Public(part: facts))?.user else { return }
            cases[caseID]?.members[user] = nil
        case EventType.caseRekeyed:
            guard let caseID = entry.caseID, let generation = facts["keyGeneration"]?.intValue else { return }
            cases[caseID]?.keyGeneration = generation
        case EventType.caseStatus:
            guard let caseID = entry.caseID else { return }
            cases[caseID]?.status = Self.statusRecord(facts)
        case EventType.holdAdded:
            guard let caseID = entry.caseID, let holdID = (try? HoldFacts(part: facts))?.hold else { return }
            cases[caseID]?.holds[holdID] = Hold(itemID: entry.itemID, addedAt: entry.seq)
        case EventType.holdReleased:
            guard let caseID = entry.caseID, let holdID = (try? HoldFacts(part: facts))?.hold else { return }
            cases[caseID]?.holds[holdID]?.releasedAt = entry.seq
        case EventType.itemAdded, EventType.itemDerived, EventType.physicalItemAdded:
            guard let caseID = entry.caseID, let itemID = entry.itemID,
                  let (classification, sensitive) = Self.visibility(facts) else { return }
            try items.set(itemID, Item(caseID: caseID, addedAt: entry.seq, classification: classification, sensitive: sensitive,
                                       parentID: facts["parent"]?.stringValue, physical: entry.type == EventType.physicalItemAdded,
                                       commitment: entry.commitment, object: entry.object))
        case EventType.itemAmended:
            guard let itemID = entry.itemID, let (classification, sensitive) = Self.visibility(facts),
                  let item = try items.item(itemID) else { return }
            // Only a change of class can hide or show the item; an amendment of its
            // description alone leaves every visibility fingerprint as it was.
            if item.classification != classification || item.sensitive != sensitive {
                cases[item.caseID]?.lastReclassified = entry.seq
            }
            var changed = item
            changed.classification = classification
            changed.sensitive = sensitive
            // Re-sealed under the new class (§6): the old object is superseded, and destroyed.
            if let object = entry.object {
                if let previous = item.object { changed.superseded.append(previous.name) }
                changed.object = object
            }
            try items.set(itemID, changed)
        case EventType.itemDisposed:
            guard let itemID = entry.itemID else { return }
            try items.update(itemID) { $0.disposedAt = entry.seq }
        case EventType.recoveryUsed:
            guard let user = facts["user"]?.stringValue else { return }
            if facts["purpose"]?.stringValue == "grant-audit" {
                auditKeyHolders.insert(user)
            } else if let caseID = facts["case"]?.stringValue, let role = facts["role"]?.stringValue {
                recoveryGrant = RecoveryGrant(seq: entry.seq, actor: entry.actor, caseID: caseID, userID: user, role: role)
            }
        default:
            break
        }
    }

    /// Records a user's name, opened from a sealed part by a user who holds the key; names
    /// only label users in what evidence prints.
    public mutating func annotate(userID: String, name: String) {
        users[userID]?.name = name
    }
}

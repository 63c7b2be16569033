/// The authority each event type needs, decided from the state before the entry and the
/// entry's readable part only (FORMAT §7.10's table, in code). Each function returns nil
/// when the signer held the authority, or the sentence saying what they lacked.
extension AuthorityState {
    func authorityProblem(_ entry: LedgerEntry, recoveryGrant: RecoveryGrant?) throws -> String? {
        let facts = entry.publicPart ?? [:]
        switch entry.type {
        case EventType.repositoryCreated:
            return "repository.created may only be entry 0"
        case EventType.identityRegistered:
            return registrationProblem(entry, facts)
        case EventType.passphraseChanged:
            guard facts["user"]?.stringValue == entry.actor else { return "a user may only change their own passphrase" }
            if let problem = Self.identityDigestProblem(facts) { return problem }
            return enabledProblem(entry.actor)
        case EventType.recoverySlotAdded, EventType.recoverySlotRemoved:
            if policy == nil, entry.actor == firstUser { return nil }
            return repositoryProblem(entry.actor, .manageUsers)
        case EventType.policyApplied:
            return policyProblem(entry, facts)
        case EventType.userAdded:
            return invitationProblem(entry, facts)
        case EventType.userDisabled:
            return disablingProblem(entry, facts)
        case EventType.caseCreated:
            return caseCreationProblem(entry, facts)
        case EventType.caseGranted:
            return grantProblem(entry, facts, recoveryGrant: recoveryGrant)
        case EventType.caseRevoked:
            guard let caseID = entry.caseID, let user = (try? CaseRevokedEvent.Public(part: facts))?.user else {
                return "it names no case and user"
            }
            if let problem = caseProblem(entry.actor, .grantMembership, caseID) { return problem }
            return cases[caseID]?.members[user] == nil ? "\(user) is not a member of case \(caseID)" : nil
        case EventType.caseRekeyed:
            guard let caseID = entry.caseID else { return "it names no case" }
            if let problem = caseProblem(entry.actor, .grantMembership, caseID) { return problem }
            guard facts["keyGeneration"]?.intValue == (cases[caseID]?.keyGeneration ?? 0) + 1 else {
                return "its keyGeneration is not the case's next key generation"
            }
            return nil
        case EventType.itemAdded, EventType.physicalItemAdded, EventType.itemDerived:
            return try newItemProblem(entry, facts)
        case EventType.itemRead:
            return try liveItemProblem(entry, .readContent)
        case EventType.itemAmended:
            if let problem = try liveItemProblem(entry, .amendMetadata) { return problem }
            return try reclassificationProblem(entry, facts)
        case EventType.custodyTransferred:
            return try itemProblem(entry, .recordCustody)
        case EventType.itemDisposed:
            return try disposalProblem(entry)
        case EventType.retentionReviewed:
            return try liveItemProblem(entry, .dispose)
        case EventType.retentionSet:
            return try entry.itemID == nil ? caseEntryProblem(entry, .amendMetadata) : liveItemProblem(entry, .amendMetadata)
        case EventType.holdAdded, EventType.holdReleased:
            return try holdProblem(entry, facts)
        case EventType.caseStatus:
            return statusProblem(entry, facts)
        case EventType.searchRun:
            return caseEntryProblem(entry, .search)
        case EventType.accessDenied:
            // Refusals are recorded by whoever was refused, disabled users included.
            return users[entry.actor]?.isRegistered == true ? nil : "its actor is not a registered user"
        case EventType.verificationRun:
            return repositoryProblem(entry.actor, .verify)
        case EventType.tailDropped:
            return enabledProblem(entry.actor)
        case EventType.logKeyRotated:
            return rotationProblem(entry, facts)
        case EventType.recoveryUsed:
            return recoveryProblem(entry, facts)
        default:
            // A type of a later version: its signer must at least be an enabled user.
            return enabledProblem(entry.actor)
        }
    }

    // MARK: - Who the signer is

    func enabledProblem(_ userID: String) -> String? {
        guard let user = users[userID], user.isRegistered else { return "\(userID) is not a registered user before it" }
        return user.isDisabled ? "\(userID) was disabled before it" : nil
    }

    func repositoryProblem(_ userID: String, _ action: Action) -> String? {
        decisionProblem(userID, action, .repository)
    }

    func caseProblem(_ userID: String, _ action: Action, _ caseID: String) -> String? {
        guard let target = target(caseID: caseID) else { return "case \(caseID) was never created before it" }
        return decisionProblem(userID, action, target)
    }

    func caseEntryProblem(_ entry: LedgerEntry, _ action: Action) -> String? {
        guard let caseID = entry.caseID else { return "it names no case" }
        return caseProblem(entry.actor, action, caseID)
    }

    /// The item must exist in the entry's case, and the signer may do `action` on it.
    func itemProblem(_ entry: LedgerEntry, _ action: Action) throws -> String? {
        guard let itemID = entry.itemID, let item = try items.item(itemID) else { return "it names no item added before it" }
        guard item.caseID == entry.caseID else { return "item \(itemID) is not an item of case \(entry.caseID ?? "(none)")" }
        guard let target = try target(itemID: itemID) else { return "item \(itemID) has no case" }
        return decisionProblem(entry.actor, action, target)
    }

    /// As `itemProblem`, for an item that must still have its content.
    func liveItemProblem(_ entry: LedgerEntry, _ action: Action) throws -> String? {
        if let problem = try itemProblem(entry, action) { return problem }
        if let itemID = entry.itemID, try items.item(itemID)?.isDisposed == true { return "item \(itemID) was disposed of before it" }
        return nil
    }

    /// The one authorisation function, on the state before the entry.
    func decisionProblem(_ userID: String, _ action: Action, _ target: AccessTarget) -> String? {
        if let problem = enabledProblem(userID) { return problem }
        guard let policy = policy?.policy else { return "no access policy is in force before it" }
        guard let subject = subject(userID, for: target) else { return "\(userID) is not a registered user before it" }
        let decision = Authorizer.decide(subject, action, target, policy: policy)
        return decision.allowed ? nil : "\(userID) may not \(action.rawValue) \(target.label) (\(decision.rule))"
    }

    // MARK: - Identities

    func registrationProblem(_ entry: LedgerEntry, _ facts: [String: JSONValue]) -> String? {
        guard let user = facts["user"]?.stringValue, user == entry.actor else {
            return "a user registers only their own keys"
        }
        guard Self.publicKey(facts["signingKey"]) != nil, Self.publicKey(facts["sealingKey"]) != nil else {
            return "it does not carry two 32-byte public keys"
        }
        if let problem = Self.identityDigestProblem(facts) { return problem }
        if users[user]?.isRegistered == true { return "\(user) was already registered (an identity is never replaced)" }
        if entry.seq == 1 {
            return user == firstUser ? nil : "entry 1 must register the user who created the repository"
        }
        guard users[user]?.invitedAt != nil else { return "no invitation (user.added) for \(user) precedes it" }
        return nil
    }

    /// `identity`, when present, must be a SHA-256 in hex (§5.3).
    static func identityDigestProblem(_ facts: [String: JSONValue]) -> String? {
        guard let value = facts["identity"] else { return nil }
        return value.stringValue.flatMap { Hex.decodeCanonical($0, count: 32) } == nil
            ? "its identity is not the hex SHA-256 of an identity file" : nil
    }

    func invitationProblem(_ entry: LedgerEntry, _ facts: [String: JSONValue]) -> String? {
        if let problem = repositoryProblem(entry.actor, .manageUsers) { return problem }
        guard let user = facts["user"]?.stringValue, ULID.isValid(user, prefix: "usr") else { return "it names no user id" }
        guard users[user] == nil, user != firstUser else {
            return "\(user) was already invited or registered (a user id is never invited twice)"
        }
        guard let policy = policy?.policy else { return "no access policy is in force before it" }
        guard let roles = Self.strings(facts["roles"]), !roles.isEmpty,
              roles.allSatisfy({ policy.role($0) != nil }) else {
            return "its roles are missing or not roles of the policy in force"
        }
        guard let clearance = facts["clearance"]?.stringValue, policy.clearances[clearance] != nil else {
            return "its clearance is missing or not a clearance of the policy in force"
        }
        return nil
    }

    func disablingProblem(_ entry: LedgerEntry, _ facts: [String: JSONValue]) -> String? {
        if let problem = repositoryProblem(entry.actor, .manageUsers) { return problem }
        guard let user = (try? UserDisabledEvent.Public(part: facts))?.user, let target = users[user] else {
            return "it names no user invited before it"
        }
        guard !target.isDisabled else { return "\(user) was already disabled" }
        if let policy = policy?.policy, administrators(under: policy, excluding: user).isEmpty {
            return "it would leave no enabled user who may manage users and apply a policy"
        }
        return nil
    }

    // MARK: - Policy and keys

    func policyProblem(_ entry: LedgerEntry, _ facts: [String: JSONValue]) -> String? {
        if policy != nil || entry.actor != firstUser {
            if let problem = repositoryProblem(entry.actor, .applyPolicy) { return problem }
        } else if let problem = enabledProblem(entry.actor) {
            return problem
        }
        guard let text = facts["text"]?.stringValue, let hash = facts["hash"]?.stringValue else {
            return "it does not carry the policy's text and hash"
        }
        guard (try? Hex.encode(SHA256.hash(Array(text.utf8)))) == hash else { return "its hash is not the SHA-256 of its text" }
        let parsed: Policy
        do { parsed = try Policy.parse(text) } catch { return "its policy does not validate (\(error))" }
        if administrators(under: parsed).isEmpty {
            return "under it no enabled user could manage users and apply a policy"
        }
        return nil
    }

    func rotationProblem(_ entry: LedgerEntry, _ facts: [String: JSONValue]) -> String? {
        if let problem = repositoryProblem(entry.actor, .manageUsers) { return problem }
        // Signed by the log key, which every writer holds: the actor's own signature says who.
        guard let signature = facts["actorSignature"]?.stringValue.flatMap({ Base64.decode($0) }),
              let key = users[entry.actor]?.signingKey,
              Ed25519.isValid(signature: signature, message: Self.actorSigningBytes(entry), publicKey: key) else {
            return "it is not also signed by its actor's own key (public.actorSignature)"
        }
        return nil
    }

    func recoveryProblem(_ entry: LedgerEntry, _ facts: [String: JSONValue]) -> String? {
        if let problem = repositoryProblem(entry.actor, .manageUsers) { return problem }
        guard let policy = policy?.policy else { return "no access policy is in force before it" }
        switch facts["purpose"]?.stringValue {
        case "grant-audit":
            guard let user = facts["user"]?.stringValue, let subject = subject(user, for: .repository), !subject.disabled,
                  Authorizer.decide(subject, .audit, .repository, policy: policy).allowed else {
                return "the audit key may only be given to an enabled user who may audit"
            }
            return nil
        case "grant-case":
            guard let caseID = facts["case"]?.stringValue, cases[caseID] != nil,
                  let user = facts["user"]?.stringValue, let role = facts["role"]?.stringValue else {
                return "it does not name the case, user and role of the grant"
            }
            // Re-sealing the case's keys to a member who lost them is a recovery too.
            return granteeProblem(user: user, role: role, caseID: caseID, policy: policy, mayBeMember: true)
        default:
            return "its purpose is neither grant-case nor grant-audit"
        }
    }

    // MARK: - Cases

    func caseCreationProblem(_ entry: LedgerEntry, _ facts: [String: JSONValue]) -> String? {
        if let problem = repositoryProblem(entry.actor, .createCase) { return problem }
        guard let caseID = entry.caseID, cases[caseID] == nil else { return "its case id was already used" }
        guard let classification = facts["classification"]?.stringValue.flatMap(Classification.init(rawValue:)) else {
            return "it does not carry the case's classification"
        }
        guard facts["keyGeneration"]?.intValue == 1 else { return "a case starts at key generation 1" }
        guard let policy = policy?.policy, policy.clearanceAllows(users[entry.actor]?.clearance, classification) else {
            return "\(entry.actor)'s clearance does not cover a \(classification.rawValue) case"
        }
        return nil
    }

    func grantProblem(_ entry: LedgerEntry, _ facts: [String: JSONValue], recoveryGrant: RecoveryGrant?) -> String? {
        guard let caseID = entry.caseID, let state = cases[caseID] else { return "it names no case created before it" }
        guard let user = facts["user"]?.stringValue, let role = facts["role"]?.stringValue else {
            return "it does not name the user and the role"
        }
        guard let policy = policy?.policy else { return "no access policy is in force before it" }
        if let problem = enabledProblem(entry.actor) { return problem }
        let byRecovery = recoveryGrant.map {
            $0.seq + 1 == entry.seq && $0.actor == entry.actor && $0.caseID == caseID && $0.userID == user && $0.role == role
        } ?? false
        // The creator's own first membership, in a role of theirs that may create cases.
        let byCreation = !state.everGranted && state.createdBy == entry.actor && user == entry.actor
            && policy.role(role)?.actions.contains(.createCase) == true
        if !byRecovery && !byCreation, let problem = caseProblem(entry.actor, .grantMembership, caseID) {
            return problem
        }
        return granteeProblem(user: user, role: role, caseID: caseID, policy: policy)
    }

    /// A member must be an enabled user holding the role, cleared for the case, and not
    /// already a member.
    func granteeProblem(user: String, role: String, caseID: String, policy: Policy, mayBeMember: Bool = false) -> String? {
        guard policy.role(role)?.scope == .case else { return "\(role) is not a case role of the policy in force" }
        if let problem = enabledProblem(user) { return problem }
        guard let grantee = users[user], grantee.roles.contains(role) else { return "\(user) does not hold the role \(role)" }
        guard let state = cases[caseID], policy.clearanceAllows(grantee.clearance, state.classification) else {
            return "\(user)'s clearance does not cover case \(caseID)"
        }
        return mayBeMember || state.members[user] == nil ? nil : "\(user) is already a member of case \(caseID)"
    }

    func statusProblem(_ entry: LedgerEntry, _ facts: [String: JSONValue]) -> String? {
        if let problem = caseEntryProblem(entry, .recordDisclosure) { return problem }
        guard let record = Self.statusRecord(facts) else { return "it does not carry a valid status and date" }
        guard record.date <= entry.time.calendarDate else { return "its date is after the day it was recorded" }
        if let released = record.released, released < record.date || record.status != .convicted {
            return "a release date belongs to a conviction, on or after it"
        }
        return nil
    }

    func holdProblem(_ entry: LedgerEntry, _ facts: [String: JSONValue]) throws -> String? {
        guard let caseID = entry.caseID, let holdID = (try? HoldFacts(part: facts))?.hold else { return "it names no case and hold" }
        if entry.itemID == nil {
            if let problem = caseProblem(entry.actor, .recordDisclosure, caseID) { return problem }
        } else if let problem = try entry.type == EventType.holdAdded ? liveItemProblem(entry, .recordDisclosure)
                    : itemProblem(entry, .recordDisclosure) {
            return problem
        }
        let existing = cases[caseID]?.holds[holdID]
        if entry.type == EventType.holdAdded {
            return existing == nil ? nil : "hold \(holdID) was already placed"
        }
        guard let existing, existing.isActive, existing.itemID == entry.itemID else {
            return "hold \(holdID) is not in force on what it names"
        }
        return nil
    }

    // MARK: - Items

    func newItemProblem(_ entry: LedgerEntry, _ facts: [String: JSONValue]) throws -> String? {
        guard let caseID = entry.caseID, let itemID = entry.itemID else { return "it names no case and item" }
        guard try items.item(itemID) == nil else { return "its item id was already used" }
        guard let (classification, sensitive) = Self.visibility(facts) else {
            return "it does not carry the item's classification and sensitivity"
        }
        let physical = entry.type == EventType.physicalItemAdded
        guard physical == (entry.object == nil), physical == (entry.commitment == nil) else {
            return physical ? "a physical exhibit has no object or commitment" : "it does not name its object and commitment"
        }
        guard let caseState = cases[caseID] else { return "case \(caseID) was never created before it" }
        let target = AccessTarget.item(id: itemID, caseID: caseID, caseReference: caseID,
                                       caseClassification: caseState.classification, classification: classification,
                                       sensitive: sensitive)
        guard entry.type == EventType.itemDerived else { return decisionProblem(entry.actor, .addItem, target) }
        guard let parentID = facts["parent"]?.stringValue, let parent = try items.item(parentID), parent.caseID == caseID,
              !parent.isDisposed else {
            return "its parent is not a live item of the same case"
        }
        guard parent.classification == classification, parent.sensitive == sensitive else {
            return "a part has its parent's classification and sensitivity"
        }
        guard let parentTarget = try self.target(itemID: parentID) else { return "its parent has no case" }
        let byAdding = decisionProblem(entry.actor, .addItem, parentTarget)
        let byReading = decisionProblem(entry.actor, .readContent, parentTarget)
        return byAdding == nil || byReading == nil ? nil : byAdding
    }

    /// An amendment that changes an item's classification or sensitivity must leave it
    /// visible to the one who changed it.
    func reclassificationProblem(_ entry: LedgerEntry, _ facts: [String: JSONValue]) throws -> String? {
        guard facts["classification"] != nil || facts["sensitive"] != nil else {
            return entry.object == nil && entry.commitment == nil ? nil
                : "an amendment that does not reclassify the item names no object or commitment"
        }
        guard let (classification, sensitive) = Self.visibility(facts),
              let itemID = entry.itemID, let item = try items.item(itemID), let caseState = cases[item.caseID] else {
            return "it does not carry both the item's new classification and sensitivity"
        }
        if let problem = resealingProblem(entry, item: item, itemID: itemID,
                                          changesClass: item.classification != classification || item.sensitive != sensitive) {
            return problem
        }
        let target = AccessTarget.item(id: itemID, caseID: item.caseID, caseReference: item.caseID,
                                       caseClassification: caseState.classification, classification: classification,
                                       sensitive: sensitive)
        return decisionProblem(entry.actor, .amendMetadata, target)
    }

    /// A new class takes effect only with the item's content re-sealed under its key (§6):
    /// otherwise those who may no longer see the item would keep a key to its object. So an
    /// item with content that changes class names its new object (never the one it had) and
    /// repeats its commitment; nothing else names an object.
    func resealingProblem(_ entry: LedgerEntry, item: Item, itemID: String, changesClass: Bool) -> String? {
        guard changesClass, !item.physical else {
            return entry.object == nil && entry.commitment == nil ? nil
                : "it names an object or commitment, but re-seals no content (the item's class is unchanged, or it has no file)"
        }
        guard let object = entry.object, entry.commitment == item.commitment else {
            return "it changes the class of item \(itemID) without naming its object re-sealed under the new class and the item's commitment"
        }
        guard object.name != item.object?.name else {
            return "it names the object item \(itemID) already had, sealed under its old class"
        }
        return nil
    }

    func disposalProblem(_ entry: LedgerEntry) throws -> String? {
        if let problem = try liveItemProblem(entry, .dispose) { return problem }
        guard let itemID = entry.itemID, let item = try items.item(itemID), let caseState = cases[item.caseID] else { return "it names no item" }
        guard !item.physical else { return "a physical exhibit has no content to dispose of" }
        guard entry.object == nil, entry.commitment == item.commitment else {
            return "its commitment is not the one item \(itemID) was added with"
        }
        if let hold = try activeHolds(covering: itemID).first {
            return "hold \(hold.id) was in force on \(hold.hold.itemID.map { "item \($0)" } ?? "case \(item.caseID)")"
        }
        guard let status = caseState.status else { return "case \(item.caseID) had no recorded status" }
        if let block = status.status.disposalBlock(date: status.date, released: status.released,
                                                   today: entry.time.calendarDate) {
            return "case \(item.caseID): \(block.cli)"
        }
        return nil
    }
}

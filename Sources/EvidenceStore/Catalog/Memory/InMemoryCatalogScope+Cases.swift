/// Cases, users and invitations, policies, custody, holds and the authority snapshot, answered
/// from the tables as Catalog+Cases.swift, Catalog+Users.swift, Catalog+Policies.swift,
/// Catalog+Custody.swift, Catalog+Holds.swift and Catalog+Authority.swift answer them.
extension InMemoryCatalogScope {
    func caseRecord(id: String) throws -> CaseRecord? { tables.cases[id] }

    func casesWithReadableReference() throws -> [CaseRecord] {
        tables.cases.values.filter { $0.reference != nil }.sorted { ($0.createdSeq, $0.id) < ($1.createdSeq, $1.id) }
    }

    /// In no promised order (as in SQLite): here, by id.
    func caseIDs() throws -> [String] { tables.cases.keys.sorted() }

    /// Distinct, sorted (SQLite's UNION gives them so).
    func caseKeyHoldersAndMembers() throws -> [String] {
        let holders = tables.caseKeyHolders.map { "\($0.caseID)/\($0.holder)" }
        let members = tables.caseMembers.keys.map { "\($0.caseID)/\($0.userID)" }
        return Set(holders + members).sorted()
    }

    func userName(id: String) throws -> String? { tables.users[id]?.name }

    /// In no promised order (as in SQLite): here, by id.
    func registeredUserNames() throws -> [(id: String, name: String?)] {
        tables.users.values.sorted { $0.id < $1.id }.map { ($0.id, $0.name) }
    }

    /// The first inserted of that name, as SQLite reads them along `users_by_name`.
    func userID(named name: String) throws -> String? { try userIDs(named: name).first }

    func userIDs(named name: String) throws -> [String] {
        tables.users.values.filter { $0.name == name }.sorted { $0.order < $1.order }.map(\.id)
    }

    /// The least of the ids, as SQLite's UNION gives them in order.
    func userOrPendingInvitationID(named name: String) throws -> String? {
        let users = tables.users.values.filter { $0.name == name }.map(\.id)
        let invited = tables.invitations.values.filter { $0.name == name && $0.enrolledSeq == nil }.map(\.userID)
        return (users + invited).min()
    }

    func pendingInvitation(userID: String) throws -> PendingInvitationRecord? {
        guard let invitation = tables.invitations[userID], invitation.enrolledSeq == nil else { return nil }
        return PendingInvitationRecord(name: invitation.name)
    }

    /// A registered user's name over their invitation's.
    func namesOfUsersAndInvitations() throws -> [String: String] {
        var names: [String: String] = [:]
        for invitation in tables.invitations.values { if let name = invitation.name { names[invitation.userID] = name } }
        for user in tables.users.values { if let name = user.name { names[user.id] = name } }
        return names
    }

    /// The newest policy's text, nil when it has none (an older one's is not taken).
    func newestPolicyText() throws -> String? {
        tables.policies.max { $0.key < $1.key }?.value.text
    }

    func custodyTransfers(itemID: String) throws -> [CustodyTransferRecord] {
        tables.custody.values.filter { $0.itemID == itemID }.sorted { $0.seq < $1.seq }
    }

    func holds(ofCase caseID: String) throws -> [HoldRecord] {
        tables.holds.values.filter { $0.caseID == caseID }.sorted { ($0.addedSeq, $0.id) < ($1.addedSeq, $1.id) }
    }

    func authoritySnapshot() throws -> (size: UInt64, bytes: [UInt8], mac: [UInt8])? {
        tables.authority.map { (UInt64(max(0, $0.size)), $0.state, $0.mac) }
    }

    func authoritySnapshotMark() throws -> AuthoritySnapshot.Mark? {
        tables.authority.map { AuthoritySnapshot.Mark(size: UInt64(max(0, $0.size)), mac: $0.mac) }
    }
}

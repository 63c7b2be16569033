import GRDB

/// Users and invitations as the catalog projects them: names (sealed, so only the catalog has
/// them opened) and ids by name. Who a user is and may do comes from the ledger's valid entries
/// (AuthorityState), never from here.
extension SQLiteCatalogScope {
    func userName(id: String) throws -> String? {
        try String.fetchOne(database, sql: "SELECT name FROM users WHERE id = ?", arguments: [id])
    }

    /// Every registered user's id and name (nil when the projecting user could not open it).
    func registeredUserNames() throws -> [(id: String, name: String?)] {
        try Row.fetchAll(database, sql: "SELECT id, name FROM users").compactMap { row in
            guard let id: String = row["id"] else { return nil }
            return (id, row["name"])
        }
    }

    /// The first registered user of that name.
    func userID(named name: String) throws -> String? {
        try String.fetchOne(database, sql: "SELECT id FROM users WHERE name = ?", arguments: [name])
    }

    /// Every registered user of that name (names are not unique in the catalog: it is a cache).
    func userIDs(named name: String) throws -> [String] {
        try String.fetchAll(database, sql: "SELECT id FROM users WHERE name = ?", arguments: [name])
    }

    /// A registered user, or a pending invitation, of that name.
    func userOrPendingInvitationID(named name: String) throws -> String? {
        try String.fetchOne(database, sql: """
            SELECT id FROM users WHERE name = ? UNION SELECT user_id FROM invitations WHERE name = ? AND enrolled_seq IS NULL
            """, arguments: [name, name])
    }

    /// The invitation of `userID` not yet enrolled, if any.
    func pendingInvitation(userID: String) throws -> PendingInvitationRecord? {
        try Row.fetchOne(database, sql: "SELECT name FROM invitations WHERE user_id = ? AND enrolled_seq IS NULL",
                         arguments: [userID]).map { PendingInvitationRecord(name: $0["name"]) }
    }

    /// Names by user id, of invitations and registered users (a registered user's over their
    /// invitation's); users whose name the projecting user could not open are left out.
    func namesOfUsersAndInvitations() throws -> [String: String] {
        var names: [String: String] = [:]
        for row in try Row.fetchAll(database, sql: "SELECT user_id AS id, name FROM invitations UNION ALL SELECT id, name FROM users") {
            if let name = row["name"] as String?, let id = row["id"] as String? { names[id] = name }
        }
        return names
    }
}

/// An invitation not yet enrolled, as the catalog projects it (`user.added`): the invited name,
/// nil when the projecting user could not open it.
struct PendingInvitationRecord: Sendable, Equatable {
    var name: String?
}

extension CatalogStore {
    /// Each in a transaction of its own.
    func userName(id: String) throws -> String? {
        try read { try $0.userName(id: id) }
    }

    func registeredUserNames() throws -> [(id: String, name: String?)] {
        try read { try $0.registeredUserNames() }
    }

    func userID(named name: String) throws -> String? {
        try read { try $0.userID(named: name) }
    }

    func userIDs(named name: String) throws -> [String] {
        try read { try $0.userIDs(named: name) }
    }

    func userOrPendingInvitationID(named name: String) throws -> String? {
        try read { try $0.userOrPendingInvitationID(named: name) }
    }

    func pendingInvitation(userID: String) throws -> PendingInvitationRecord? {
        try read { try $0.pendingInvitation(userID: userID) }
    }

    func namesOfUsersAndInvitations() throws -> [String: String] {
        try read { try $0.namesOfUsersAndInvitations() }
    }
}

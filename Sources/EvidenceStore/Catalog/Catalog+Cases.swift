import GRDB

/// Cases as the catalog projects them (CaseRecord), and who holds their keys.
extension SQLiteCatalogScope {
    func caseRecord(id: String) throws -> CaseRecord? {
        try CaseRecord.fetchOne(database, sql: "SELECT * FROM cases WHERE id = ?", arguments: [id])
    }

    /// The cases whose reference (sealed) the projecting user could open, in creation order.
    func casesWithReadableReference() throws -> [CaseRecord] {
        try CaseRecord.fetchAll(database, sql: "SELECT * FROM cases WHERE reference IS NOT NULL ORDER BY created_seq")
    }

    /// Every case the ledger created, readable or not.
    func caseIDs() throws -> [String] {
        try String.fetchAll(database, sql: "SELECT id FROM cases")
    }

    /// "case id/user id" for every holder of any generation of a case's key and every member
    /// ever granted the case: who may hold a case-key envelope.
    func caseKeyHoldersAndMembers() throws -> [String] {
        try Row.fetchAll(database, sql: """
            SELECT case_id || '/' || holder AS k FROM case_key_holders
            UNION SELECT case_id || '/' || user_id FROM case_members
            """).compactMap { $0["k"] as String? }
    }
}

extension CatalogStore {
    /// Each in a transaction of its own.
    func caseRecord(id: String) throws -> CaseRecord? {
        try read { try $0.caseRecord(id: id) }
    }

    func casesWithReadableReference() throws -> [CaseRecord] {
        try read { try $0.casesWithReadableReference() }
    }

    func caseIDs() throws -> [String] {
        try read { try $0.caseIDs() }
    }

    func caseKeyHoldersAndMembers() throws -> [String] {
        try read { try $0.caseKeyHoldersAndMembers() }
    }
}

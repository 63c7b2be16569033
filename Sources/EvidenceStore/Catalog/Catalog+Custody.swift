import GRDB

/// Hand-overs of exhibits as the catalog projects them (`custody.transferred`).
extension SQLiteCatalogScope {
    /// The hand-overs of an item, oldest first (`custody_by_item`).
    func custodyTransfers(itemID: String) throws -> [CustodyTransferRecord] {
        try CustodyTransferRecord.fetchAll(database, sql: "SELECT * FROM custody WHERE item_id = ? ORDER BY seq",
                                           arguments: [itemID])
    }
}

extension CatalogStore {
    /// In a transaction of its own.
    func custodyTransfers(itemID: String) throws -> [CustodyTransferRecord] {
        try read { try $0.custodyTransfers(itemID: itemID) }
    }
}

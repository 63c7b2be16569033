import GRDB

/// How far the projection has come: the tree size, root and repository it was projected from
/// (`meta`), which a catch-up checks before it trusts the rows and moves in the same
/// transaction as the rows it adds.
extension SQLiteCatalogScope {
    func watermarkTreeSize() throws -> Int64 {
        try Int64.fetchOne(database, sql: "SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'treeSize'") ?? 0
    }

    func watermarkRoot() throws -> String? {
        try String.fetchOne(database, sql: "SELECT value FROM meta WHERE key = 'root'")
    }

    func watermarkRepository() throws -> String? {
        try String.fetchOne(database, sql: "SELECT value FROM meta WHERE key = 'repository'")
    }
}

extension CatalogWriter {
    func setWatermark(repositoryID: String, treeSize: UInt64, root: [UInt8]) throws {
        for (key, value) in [("repository", repositoryID), ("treeSize", String(treeSize)), ("root", Hex.encode(root))] {
            try database.execute(sql: "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", arguments: [key, value])
        }
    }
}

extension CatalogStore {
    /// The recorded tree size, read in a transaction of its own.
    func watermarkTreeSize() throws -> Int64 {
        try read { try $0.watermarkTreeSize() }
    }
}

/// The copy of the tables a write transaction changes (InMemoryCatalog.write): a reference, so
/// that the writer's operations, which the protocol declares non-mutating, change one copy.
/// It never leaves the write it belongs to.
final class InMemoryCatalogTransaction {
    var tables: InMemoryCatalogTables
    let catalog: InMemoryCatalog

    init(tables: InMemoryCatalogTables, catalog: InMemoryCatalog) {
        self.tables = tables
        self.catalog = catalog
    }
}

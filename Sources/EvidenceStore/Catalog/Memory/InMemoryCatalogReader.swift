/// A read transaction on the in-memory catalog: the tables as installed when it began.
struct InMemoryCatalogReader: CatalogReading, InMemoryCatalogScope {
    let tables: InMemoryCatalogTables

    func problems(comparedWith expected: InMemoryCatalogReader) throws -> [String] {
        try tables.problems(comparedWith: expected.tables)
    }
}

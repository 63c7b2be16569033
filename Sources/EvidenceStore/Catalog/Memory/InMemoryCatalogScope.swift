/// A transaction on the in-memory catalog, as its questions see it: the tables it reads (a
/// read's copy, or a write's copy as changed so far). The questions (InMemoryCatalogScope+*.swift)
/// are written once for both.
protocol InMemoryCatalogScope {
    var tables: InMemoryCatalogTables { get }
}

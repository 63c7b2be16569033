/// A write the SQLite catalog's constraints would refuse (a second row under a primary key that
/// a plain INSERT adds): the in-memory catalog refuses it too, and the write transaction rolls back.
struct InMemoryCatalogError: Error, Equatable, CustomStringConvertible {
    let table: String
    let key: String

    var description: String { "the in-memory catalog's \(table) already has a row \(key)" }
}

/// Why the in-memory catalog refused a write.
enum InMemoryCatalogError: Error, Equatable, CustomStringConvertible {
    /// A second row under a primary key that a plain INSERT adds: the SQLite catalog's
    /// constraint refuses it, so this one does too, and the write transaction rolls back.
    case duplicateKey(table: String, key: String)
    /// The writers' lock returned without running the write (it always runs it; this stands
    /// in for a forced unwrap).
    case writeNotRun

    var description: String {
        switch self {
        case .duplicateKey(let table, let key): "the in-memory catalog's \(table) already has a row \(key)"
        case .writeNotRun: "the in-memory catalog's write did not run"
        }
    }
}

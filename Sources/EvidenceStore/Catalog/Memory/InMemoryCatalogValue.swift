/// A value the projection writes into a column whose type the ledger's data decides (an
/// amendment's changes, a reclassification's restated values), as SQLite would store it: a
/// flag as 0 or 1, a number as an integer, anything else as text or NULL. The column's type
/// then converts it, as SQLite's column affinity does (InMemoryCatalogTables+Items.swift).
enum InMemoryCatalogValue: Sendable, Equatable {
    case integer(Int64)
    case text(String)

    /// What `UPDATE items SET column = ?` stores for `flag ?? text` (an amendment's change).
    static func flagOrText(_ value: JSONValue) -> InMemoryCatalogValue? {
        if let flag = value.boolValue { return .integer(flag ? 1 : 0) }
        return value.stringValue.map { .text($0) }
    }

    /// What it stores for `flag ?? number ?? text` (a restated value).
    static func flagNumberOrText(_ value: JSONValue) -> InMemoryCatalogValue? {
        if let flag = value.boolValue { return .integer(flag ? 1 : 0) }
        if let number = value.intValue { return .integer(number) }
        return value.stringValue.map { .text($0) }
    }

    /// As a TEXT column keeps it.
    var text: String {
        switch self {
        case .integer(let number): String(number)
        case .text(let text): text
        }
    }

    /// As an INTEGER column keeps it: text that reads as an integer becomes one. Other text
    /// (which the SQLite catalog would keep as text, and could not read back as a number) is
    /// taken as NULL.
    var integer: Int64? {
        switch self {
        case .integer(let number): number
        case .text(let text): Int64(text)
        }
    }
}

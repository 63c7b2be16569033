import EvidenceStore

/// Dates given on the command line: a day, YYYY-MM-DD, as retention rules count them.
enum DateArgument {
    static func parse(_ text: String, flag: String) throws -> CalendarDate {
        guard let date = CalendarDate(parsing: text) else {
            throw EvidenceError(.usage, "\(flag) takes a date as YYYY-MM-DD, not \(text).")
        }
        return date
    }
}

/// Walks the service's pages for a command that prints a whole list (or the first `limit`
/// rows): each row is printed as its page arrives, so memory holds one page at a time.
enum Paging {
    static func each<Row, Cursor>(limit: Int?, after: Cursor?, pageLimit: Int,
                                  page: (_ after: Cursor?, _ limit: Int) throws -> ([Row], Cursor?),
                                  body: (Row) throws -> Void) throws {
        var cursor = after
        var remaining = limit
        while remaining.map({ $0 > 0 }) ?? true {
            let (rows, next) = try page(cursor, min(remaining ?? pageLimit, pageLimit))
            for row in rows { try body(row) }
            remaining = remaining.map { $0 - rows.count }
            guard let next, !rows.isEmpty else { return }
            cursor = next
        }
    }
}

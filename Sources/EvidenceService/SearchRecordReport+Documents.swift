import EvidenceStore

extension SearchRecordReport {
    /// The columns of both documents, in order.
    var columns: [String] {
        var names = ["Ledger entry", "Time (UTC)", "User", "Query", "Reason", "Cases searched together", "Kinds",
                     "Words", "Order", "Hits in this case", "Hits in all cases searched", "Index changes pending"]
        if rerun { names += ["Hits now", "Not run again because"] }
        return names
    }

    /// One row per search, as the columns say; an empty cell where the user may not read it.
    var rows: [[String]] {
        searches.map { search in
            func number(_ value: Int64?) -> String { value.map { String($0) } ?? "" }
            let words: String = search.wordOperator.map { $0 == "or" ? "any" : "all" } ?? ""
            var row: [String] = ["#\(search.seq)", search.time, search.userName ?? search.userID]
            row.append(search.query ?? "(sealed)")
            row.append(search.reason ?? "")
            row.append((search.casesSearched ?? []).joined(separator: " "))
            row.append((search.kinds ?? []).joined(separator: " "))
            row += [words, search.sort ?? "", number(search.hits), number(search.totalHits), number(search.pendingEvents)]
            if rerun { row += [search.hitsNow.map { String($0) } ?? "", search.rerunProblem ?? ""] }
            return row.map(Self.printable)
        }
    }

    /// A cell without control characters (a query is typed by a user, and the documents are
    /// also shown on terminals): line breaks and tabs become spaces, the rest U+FFFD.
    static func printable(_ value: String) -> String {
        guard value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else { return value }
        var out = String.UnicodeScalarView()
        for scalar in value.unicodeScalars {
            if scalar.properties.generalCategory != .control {
                out.append(scalar)
            } else {
                out.append(scalar == "\n" || scalar == "\r" || scalar == "\t" ? " " : "\u{FFFD}")
            }
        }
        return String(out)
    }

    /// RFC 4180 CSV, CRLF line ends, with a header row. A cell that a spreadsheet would read
    /// as a formula (starting with =, +, -, @, a tab or a carriage return: a query is typed
    /// by a user) is prefixed with an apostrophe, which spreadsheets show as text.
    public func csv() -> String {
        ([columns] + rows).map { $0.map(Self.csvCell).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }

    static func csvCell(_ value: String) -> String {
        var cell = value
        if let first = cell.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { cell = "'" + cell }
        guard cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return cell }
        return "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A standalone HTML page (no script, no external resource) with the same table.
    public func html() -> String {
        let title = "Search record: case \(caseReference)"
        var page = """
            <!DOCTYPE html>
            <html lang="en">
            <head><meta charset="utf-8"><title>\(HTMLText.escape(title))</title>
            <style>table{border-collapse:collapse}th,td{border:1px solid #444;padding:4px;text-align:left;vertical-align:top}</style>
            </head>
            <body>
            <h1>\(HTMLText.escape(title))</h1>
            <p>Every search run on the case, from its ledger, oldest first\(rerun ? "; each run again now in this case alone" : "").</p>
            <table>
            <thead><tr>
            """
        page += columns.map { "<th scope=\"col\">\(HTMLText.escape($0))</th>" }.joined() + "</tr></thead>\n<tbody>\n"
        for row in rows {
            page += "<tr>" + row.map { "<td>\(HTMLText.escape($0))</td>" }.joined() + "</tr>\n"
        }
        page += "</tbody>\n</table>\n</body>\n</html>\n"
        return page
    }
}

/// Prepares a user's query for Xapian's QueryParser. The parser does not stem capitalised
/// words ("Burglary" would only match "burglary" exactly, losing "burglaries"), so free
/// text is lower-cased before parsing, except:
/// - the operators AND, OR, NOT, XOR, NEAR, ADJ (and NEAR/n, ADJ/n), which the parser only
///   recognises in upper case (a lower-case "and" stays an ordinary word);
/// - the values of filter fields (`ref:JS/1`, `hash:ABC…`, `by:"DC Jane Smith"`), which are
///   put in the normal form the index stores them in (`IndexSchema.normalise`) rather than
///   simply lower-cased.
/// Field names are lower-cased where they are known fields (`Kind:email` is `kind:email`).
enum QueryText {
    static let operators: Set<Substring> = ["AND", "OR", "NOT", "XOR", "NEAR", "ADJ"]

    static func prepare(_ query: String) -> String {
        let booleanFields = Dictionary(IndexSchema.booleanFields.map { ($0.field, $0.prefix) }, uniquingKeysWith: { a, _ in a })
        let textFields = Set(IndexSchema.textFields.map(\.field))
        var out = ""
        var i = query.startIndex
        let end = query.endIndex

        func isBreak(_ c: Character) -> Bool { c.isWhitespace || c == "(" || c == ")" || c == "\"" }

        /// Reads a quoted string starting at the opening quote: (content, closed, index after).
        func readQuoted(_ start: String.Index) -> (Substring, Bool, String.Index) {
            let contentStart = query.index(after: start)
            if let close = query[contentStart...].firstIndex(of: "\"") {
                return (query[contentStart..<close], true, query.index(after: close))
            }
            return (query[contentStart...], false, end)
        }

        while i < end {
            let c = query[i]
            if c.isWhitespace || c == "(" || c == ")" {
                out.append(c)
                i = query.index(after: i)
                continue
            }
            if c == "\"" {
                let (content, closed, next) = readQuoted(i)
                out += "\"" + content.lowercased() + (closed ? "\"" : "")
                i = next
                continue
            }
            let start = i
            while i < end && !isBreak(query[i]) { i = query.index(after: i) }
            let word = query[start..<i]
            // field:"quoted value"
            if word.hasSuffix(":"), i < end, query[i] == "\"" {
                let (sign, name) = splitSign(word.dropLast())
                let field = name.lowercased()
                if let prefix = booleanFields[field] {
                    let (content, _, next) = readQuoted(i)
                    out += sign + field + ":\"" + IndexSchema.queryValue(prefix, String(content)) + "\""
                    i = next
                    continue
                }
                if textFields.contains(field) {
                    let (content, closed, next) = readQuoted(i)
                    out += sign + field + ":\"" + content.lowercased() + (closed ? "\"" : "")
                    i = next
                    continue
                }
            }
            out += transform(word, booleanFields: booleanFields, textFields: textFields)
        }
        return out
    }

    private static func splitSign(_ word: Substring) -> (String, Substring) {
        if let first = word.first, first == "+" || first == "-" {
            return (String(first), word.dropFirst())
        }
        return ("", word)
    }

    private static func transform(_ word: Substring, booleanFields: [String: String], textFields: Set<String>) -> String {
        if operators.contains(word) { return String(word) }
        if let slash = word.firstIndex(of: "/"), ["NEAR", "ADJ"].contains(word[..<slash]),
           !word[word.index(after: slash)...].isEmpty, word[word.index(after: slash)...].allSatisfy(\.isASCII),
           word[word.index(after: slash)...].allSatisfy(\.isNumber) {
            return String(word)
        }
        let (sign, rest) = splitSign(word)
        if let colon = rest.firstIndex(of: ":"), colon > rest.startIndex {
            let field = rest[..<colon].lowercased()
            let value = rest[rest.index(after: colon)...]
            if let prefix = booleanFields[field] {
                let normal = IndexSchema.queryValue(prefix, String(value))
                return sign + field + ":" + normal
            }
            if textFields.contains(field) {
                return sign + field + ":" + value.lowercased()
            }
        }
        return word.lowercased()
    }
}

extension QueryText {
    /// Checks the date ranges of a prepared query (`2024-01-01..2024-03-31`, `date:…`, `taken:…`,
    /// day/month/year) and returns a sentence for the first impossible one (a month 13, a
    /// 30 February, a range ending before it starts), or nil. Xapian itself accepts any
    /// digits and would silently match nothing.
    static func dateRangeProblem(_ prepared: String) -> String? {
        var words: [Substring] = []
        var inQuote = false
        var start: String.Index? = nil
        for i in prepared.indices {
            let c = prepared[i]
            let isBreak = c.isWhitespace || c == "(" || c == ")" || c == "\""
            if isBreak {
                if let s = start, !inQuote { words.append(prepared[s..<i]) }
                start = nil
                if c == "\"" { inQuote.toggle() }
            } else if start == nil {
                start = i
            }
        }
        if let s = start, !inQuote { words.append(prepared[s...]) }

        for var word in words where word.contains("..") {
            if word.hasPrefix("+") || word.hasPrefix("-") { word = word.dropFirst() }
            if word.hasPrefix("date:") { word = word.dropFirst(5) }
            if word.hasPrefix("taken:") { word = word.dropFirst(6) }
            guard let dots = word.range(of: "..") else { continue }
            let from = word[..<dots.lowerBound]
            let to = word[dots.upperBound...]
            var days: [String] = []
            for part in [from, to] where !part.isEmpty {
                switch parseDay(part) {
                case .notADate: continue
                case .impossible: return "\(part) is not a date (use YYYY-MM-DD, e.g. 2024-01-01..2024-03-31)."
                case .day(let day): days.append(day)
                }
            }
            if days.count == 2, !from.isEmpty, !to.isEmpty, days[0] > days[1] {
                return "the range \(word) ends before it starts."
            }
        }
        return nil
    }

    private enum ParsedDay { case notADate, impossible, day(String) }

    /// "YYYY-MM-DD" or "D/M/YYYY" (day first, as in the UK) → "YYYYMMDD".
    private static func parseDay(_ text: Substring) -> ParsedDay {
        let numbers: [Substring]
        let ymd: Bool
        if text.contains("-") {
            numbers = text.split(separator: "-", omittingEmptySubsequences: false)
            ymd = true
        } else if text.contains("/") {
            numbers = text.split(separator: "/", omittingEmptySubsequences: false)
            ymd = false
        } else {
            return .notADate
        }
        guard numbers.count == 3, numbers.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let a = Int(numbers[0]), let b = Int(numbers[1]), let c = Int(numbers[2]) else { return .notADate }
        var (year, month, day) = ymd ? (a, b, c) : (c, b, a)
        if !ymd && numbers[2].count <= 2 { year += year < 70 ? 2000 : 1900 }  // Xapian's epoch 1970
        guard (1...12).contains(month) else { return .impossible }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard (1...lengths[month - 1]).contains(day), (0...9999).contains(year) else { return .impossible }
        func pad(_ n: Int, _ w: Int) -> String { String(repeating: "0", count: max(0, w - String(n).count)) + String(n) }
        return .day(pad(year, 4) + pad(month, 2) + pad(day, 2))
    }
}

extension QueryText {
    /// Where the plain words of a prepared query are: free-text words, words of phrases and
    /// of text fields (`title:…`); not operators, filter values, wildcards or ranges. These
    /// are the words spelling correction may replace.
    static func wordRanges(_ prepared: String) -> [Range<String.Index>] {
        let booleanFields = Set(IndexSchema.booleanFields.map(\.field))
        var ranges: [Range<String.Index>] = []
        let end = prepared.endIndex

        func runs(_ start: String.Index, _ stop: String.Index) {
            var i = start
            var runStart: String.Index? = nil
            while i < stop {
                let c = prepared[i]
                let next = prepared.index(after: i)
                // Infix apostrophes and ampersands join words, as in Xapian's TermGenerator.
                let infix = runStart != nil && (c == "'" || c == "\u{2019}" || c == "&") && next < stop
                    && (prepared[next].isLetter || prepared[next].isNumber)
                if c.isLetter || c.isNumber || infix {
                    if runStart == nil { runStart = i }
                } else if let s = runStart {
                    ranges.append(s..<i)
                    runStart = nil
                }
                i = prepared.index(after: i)
            }
            if let s = runStart { ranges.append(s..<stop) }
        }

        func closingQuote(after open: String.Index) -> String.Index {
            prepared[prepared.index(after: open)...].firstIndex(of: "\"") ?? end
        }

        var i = prepared.startIndex
        while i < end {
            let c = prepared[i]
            if c.isWhitespace || c == "(" || c == ")" {
                i = prepared.index(after: i)
                continue
            }
            if c == "\"" {
                let close = closingQuote(after: i)
                runs(prepared.index(after: i), close)
                i = close < end ? prepared.index(after: close) : end
                continue
            }
            let start = i
            while i < end, !(prepared[i].isWhitespace || prepared[i] == "(" || prepared[i] == ")" || prepared[i] == "\"") {
                i = prepared.index(after: i)
            }
            var word = prepared[start..<i]
            if operators.contains(word) || word.hasPrefix("NEAR/") || word.hasPrefix("ADJ/") { continue }
            if word.first == "+" || word.first == "-" { word = word.dropFirst() }
            if let colon = word.firstIndex(of: ":") {
                let field = String(word[..<colon])
                if booleanFields.contains(field) {
                    // A quoted filter value: skip it too.
                    if word.last == ":", i < end, prepared[i] == "\"" {
                        let close = closingQuote(after: i)
                        i = close < end ? prepared.index(after: close) : end
                    }
                    continue
                }
                if IndexSchema.textFields.contains(where: { $0.field == field }) || field == "date" || field == "taken" {
                    word = word[word.index(after: colon)...]
                    if field == "date" || field == "taken" { continue }
                }
            }
            if word.contains("*") || word.contains("..") { continue }
            runs(word.startIndex, word.endIndex)
        }
        return ranges.filter { !prepared[$0].allSatisfy(\.isNumber) }
    }
}

import CivilCalendar

/// RFC 5322 date-time (§3.3, with the obsolete syntax of §4.3) to milliseconds since 1970 UTC:
/// optional day name, comments anywhere, two- and three-digit years, missing seconds, named
/// zones (UT, GMT, EST…PDT; military letters and unknown names count as UTC, as §4.3 says),
/// and the asctime order of mbox "From " lines ("Mon Jun 01 10:00:00 2009").
enum MIMEDate {
    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    private static let zones: [String: Int] = [
        "ut": 0, "utc": 0, "gmt": 0, "z": 0,
        "est": -5 * 60, "edt": -4 * 60, "cst": -6 * 60, "cdt": -5 * 60,
        "mst": -7 * 60, "mdt": -6 * 60, "pst": -8 * 60, "pdt": -7 * 60,
    ]

    static func milliseconds(_ value: String) -> Int64? {
        var tokens = tokenize(value)
        guard !tokens.isEmpty, tokens.count <= 12 else { return nil }
        // A leading day name ("Sat" or "Saturday"), with or without its comma.
        if let first = tokens.first, first.allSatisfy(\.isLetter), month(first) == nil { tokens.removeFirst() }
        guard tokens.count >= 3 else { return nil }

        var day: Int?, mon: Int?, year: Int?
        var rest: ArraySlice<String>
        if let m = month(tokens[0]) {
            // asctime: month day time year [zone]
            mon = m
            day = Int(tokens[1])
            guard tokens.count >= 4, let (h, mi, s) = time(tokens[2]), let y = Int(tokens[3]) else { return nil }
            year = y
            let zone = tokens.count > 4 ? offset(tokens[4]) : 0
            return assemble(year: year, month: mon, day: day, hour: h, minute: mi, second: s, zoneMinutes: zone)
        }
        day = Int(tokens[0])
        mon = month(tokens[1])
        year = Int(tokens[2])
        rest = tokens[3...]
        guard let first = rest.first, let (h, mi, s) = time(first) else { return nil }
        let zone = rest.count > 1 ? offset(rest[rest.startIndex + 1]) : 0
        return assemble(year: year, month: mon, day: day, hour: h, minute: mi, second: s, zoneMinutes: zone)
    }

    /// Words of the value with comments and commas removed ("Sat, 03 Dec 2022 (x) …"), and
    /// white space around the colons of the time dropped ("09 :  55 : 06", obsolete syntax).
    private static func tokenize(_ value: String) -> [String] {
        var chars: [Character] = []
        var depth = 0
        for ch in value.prefix(256) {
            if ch == "(" { depth += 1; continue }
            if ch == ")" { depth = max(0, depth - 1); continue }
            if depth > 0 { continue }
            if ch == ":" { while let last = chars.last, last.isWhitespace { chars.removeLast() } }
            if ch.isWhitespace, chars.last == ":" { continue }
            chars.append(ch)
        }
        var tokens: [String] = []
        var current = ""
        for ch in chars {
            if ch.isWhitespace || ch == "," {
                if !current.isEmpty { tokens.append(current); current = "" }
            } else {
                current.append(ch)
            }
        }
        if !current.isEmpty { tokens.append(current) }
        // "03-Dec-2022" (seen in old mailers) splits into its parts.
        return tokens.flatMap { token -> [String] in
            let parts = token.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
            return parts.count == 3 && month(parts[1]) != nil ? parts : [token]
        }
    }

    private static func month(_ token: String) -> Int? {
        guard token.count >= 3, token.allSatisfy(\.isLetter) else { return nil }
        return months.firstIndex(of: token.prefix(3).lowercased()).map { $0 + 1 }
    }

    /// "15:30:11", "15:30" (and a fraction of a second, ignored).
    private static func time(_ token: String) -> (Int, Int, Int)? {
        let parts = token.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3, parts.allSatisfy({ $0.count <= 2 || $0.contains(".") }) else { return nil }
        guard let h = Int(parts[0]), let m = Int(parts[1]) else { return nil }
        var s = 0
        if parts.count == 3 {
            guard let whole = Int(parts[2].split(separator: ".").first ?? "") else { return nil }
            s = whole
        }
        return (h, m, s)
    }

    /// "+1300", "-0500", "+05:30", or a zone name; minutes east of UTC.
    private static func offset(_ token: String) -> Int? {
        if let sign = token.first, sign == "+" || sign == "-" {
            let digits = token.dropFirst().filter { $0 != ":" }
            guard digits.count == 4, let v = Int(digits), v % 100 < 60 else { return nil }
            let minutes = (v / 100) * 60 + v % 100
            return sign == "-" ? -minutes : minutes
        }
        guard token.allSatisfy(\.isLetter) else { return nil }
        return zones[token.lowercased()] ?? 0
    }

    private static func assemble(year: Int?, month: Int?, day: Int?, hour: Int, minute: Int, second: Int,
                                 zoneMinutes: Int?) -> Int64? {
        guard var y = year, y >= 0, let m = month, let d = day, (1...12).contains(m), (0...23).contains(hour),
              (0...59).contains(minute), (0...60).contains(second) else { return nil }
        if y < 50 { y += 2000 } else if y < 1000 { y += 1900 }  // RFC 5322 §4.3
        guard (1...9999).contains(y), d >= 1, d <= daysInMonth(y, m) else { return nil }
        let days = CivilDate.days(fromCivil: Int64(y), Int64(m), Int64(d))
        let seconds = days * 86400 + Int64(hour * 3600 + minute * 60 + second) - Int64((zoneMinutes ?? 0) * 60)
        return seconds * 1000
    }

    private static func daysInMonth(_ y: Int, _ m: Int) -> Int {
        switch m {
        case 2: return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

/// Body text being extracted, bounded by `ExtractionLimits.maxTextBytes`: past the limit
/// nothing more is kept and `isTruncated` is set (outcome partial).
struct OfficeTextBuffer {
    let limit: Int
    private(set) var text = ""
    private(set) var byteCount = 0
    private(set) var isTruncated = false

    init(limit: Int) {
        self.limit = limit
    }

    mutating func append(_ string: String) {
        guard !isTruncated, !string.isEmpty else { return }
        let size = string.utf8.count
        if size <= limit - byteCount {
            text += string
            byteCount += size
            return
        }
        // Keep whole scalars up to the limit.
        var kept = String.UnicodeScalarView()
        var room = limit - byteCount
        for scalar in string.unicodeScalars {
            let length = UTF8.width(scalar)
            guard length <= room else { break }
            kept.append(scalar)
            room -= length
        }
        text += String(kept)
        byteCount = limit - room
        isTruncated = true
    }

    /// Drops trailing characters of `set` (used to tidy a row's last tab, a cell's newline).
    mutating func dropTrailing(_ set: Set<Character>) {
        while let last = text.last, set.contains(last) {
            text.removeLast()
            byteCount -= last.utf8.count
        }
    }

    var endsWithSpaceOrBreak: Bool {
        guard let last = text.last else { return true }
        return last == " " || last == "\n" || last == "\t"
    }

    /// Ends the current line, if any, so what follows starts a block of its own.
    mutating func startBlock() {
        if !text.isEmpty && !text.hasSuffix("\n") { append("\n") }
    }

    /// Appends another part's text as its own block.
    mutating func appendBlock(_ block: String) {
        let trimmed = block.trimmingOfficeWhitespace()
        guard !trimmed.isEmpty else { return }
        startBlock()
        append(trimmed)
        append("\n")
    }
}

extension String {
    /// Without leading and trailing spaces, tabs and line ends (no Foundation needed).
    func trimmingOfficeWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}

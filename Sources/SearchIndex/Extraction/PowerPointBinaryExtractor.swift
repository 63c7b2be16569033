/// PowerPoint 97-2003 presentations (.ppt, MS-PPT), read in process: the text atoms
/// (TextCharsAtom in UTF-16, TextBytesAtom in 8-bit) of the slides, notes and masters, found by
/// walking the record tree of the `PowerPoint Document` stream. Chosen over catppt in the
/// extraction child for the same reasons as the Word reader. The walk reads every record in
/// the stream, so text of an earlier save that a later incremental save replaced may be read
/// too: for search, a word too many beats a word lost.
enum PowerPointBinaryExtractor {
    static let passwordProtectedReason = "The presentation is password-protected: PowerPoint encrypted it, and it cannot be read without its password."

    static func extract(_ file: OLECompoundFile, limits: ExtractionLimits) -> ExtractedDocument {
        // The Current User stream's header token says whether the document is encrypted.
        if let user = file.stream(at: ["Current User"], maxBytes: 1 << 16), user.count >= 16,
           OLECompoundFile.uint32(user, 12) == 0xF3D1_C4DF {
            return ExtractedDocument(outcome: .failed, reason: passwordProtectedReason)
        }
        guard let stream = file.stream(at: ["PowerPoint Document"], maxBytes: limits.maxInputBytes) else {
            return ExtractedDocument(outcome: .failed, reason: "The presentation is damaged: its PowerPoint Document stream cannot be read.")
        }
        var fields = OLEPropertySet.summary(file)
        let title = fields.removeValue(forKey: "title")
        var text = TextBuilder(limit: limits.maxTextBytes)
        var lines: [String] = []
        var seenLast: String?
        var at = 0
        var steps = 0
        while at + 8 <= stream.count, steps < 10_000_000, !text.isFull {
            steps += 1
            let verInstance = OLECompoundFile.uint16(stream, at)
            let type = OLECompoundFile.uint16(stream, at + 2)
            let length = Int(OLECompoundFile.uint32(stream, at + 4))
            let body = at + 8
            if verInstance & 0x000F == 0x000F {
                at = body  // a container: its children follow
                continue
            }
            let end = min(stream.count, body + max(0, length))
            var value: String?
            switch type {
            case 0x0FA0:  // TextCharsAtom
                var units: [UInt16] = []
                var k = body
                while k + 1 < end { units.append(OLECompoundFile.uint16(stream, k)); k += 2 }
                value = String(decoding: units, as: UTF16.self)
            case 0x0FA8:  // TextBytesAtom: the low bytes of UTF-16 characters
                value = String(decoding: stream[body..<end].map { UInt16($0) }, as: UTF16.self)
            default:
                break
            }
            if var value {
                // \r separates paragraphs and \v lines inside a text atom.
                value = String(value.map { $0 == "\r" || $0 == "\u{0B}" ? "\n" : $0 })
                value = value.split(separator: "\n", omittingEmptySubsequences: false)
                    .filter { !Self.placeholders.contains(TextNormalisation.collapseWhitespace($0)) }.joined(separator: "\n")
                let trimmed = TextNormalisation.collapseWhitespace(value)
                if !trimmed.isEmpty, trimmed != seenLast, !Self.placeholders.contains(trimmed) {
                    seenLast = trimmed
                    lines.append(value)
                    if !text.isEmpty { text.append([0x0A]) }
                    text.append(value)
                }
            }
            guard length >= 0, body + length > at else { break }
            at = body + length
        }
        var notes = TextExtractionNotes()
        if text.truncated { notes.add(text.truncationNote) }
        if lines.isEmpty && at + 8 <= stream.count { notes.add("the record structure is damaged") }
        let cleaned = String(decoding: TextNormalisation.clean(text.bytes), as: UTF8.self)
        return ExtractedDocument(outcome: notes.isEmpty ? .ok : .partial, reason: notes.reason, title: title,
                                 text: cleaned, fields: fields)
    }

    /// The prompts of empty master placeholders, which are not the document's words.
    private static let placeholders: Set<String> = [
        "Click to edit Master title style", "Click to edit Master text styles", "Second level", "Third level",
        "Fourth level", "Fifth level", "Click to edit the title text format", "Click to edit the outline text format",
        "Second Outline Level", "Third Outline Level", "Fourth Outline Level", "Fifth Outline Level",
        "Sixth Outline Level", "Seventh Outline Level", "Eighth Outline Level", "Ninth Outline Level",
        "<header>", "<footer>", "<date/time>", "<number>", "*",
    ]
}

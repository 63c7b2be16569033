/// Plain text: UTF-8 with or without BOM, UTF-16 with BOM (or unmarked, recognised by its
/// zero bytes), and Windows-1252/Latin-1 for bytes that are not UTF-8. Line ends become LF
/// and control characters other than tab and newline are dropped. Mostly-binary input is
/// reported as unsupported rather than turned into garbage text.
public enum PlainTextExtractor {
    public static func extract(_ bytes: [UInt8], limits: ExtractionLimits) -> ExtractedDocument {
        if let tooBig = TextExtractors.rejectOversized(bytes.count, limits: limits) { return tooBig }
        return extract(bytes[...], context: TextExtractionContext(limits: limits), charset: nil)
    }

    /// `charset`: a label from outside the file (a MIME part's charset parameter); a BOM wins.
    static func extract(_ bytes: ArraySlice<UInt8>, context: TextExtractionContext, charset: Charset?) -> ExtractedDocument {
        var cs = charset
        if TextNormalisation.bom(bytes) == nil && cs == nil {
            cs = TextNormalisation.guessUTF16(bytes)
            if cs == nil && TextNormalisation.looksBinary(bytes) {
                return ExtractedDocument(outcome: .unsupported, reason: "The file looks like binary data, not text.")
            }
        }
        var text = TextBuilder(limit: context.limits.maxTextBytes)
        text.append(TextNormalisation.decodeText(bytes, charset: cs, maxOutput: context.limits.maxTextBytes + 1))
        var notes = TextExtractionNotes()
        if text.truncated { notes.add(text.truncationNote) }
        return ExtractedDocument(outcome: notes.isEmpty ? .ok : .partial, reason: notes.reason, text: text.string)
    }
}

/// The one entry point for text extraction: chooses the extractor by the file's own bytes
/// first (PDF and ZIP signatures), then by what the text extractors recognise. Anything
/// else is `unsupported`: indexed by its metadata only.
public enum Extractors {
    public static func extract(_ bytes: [UInt8], name: String?, mediaType: String?,
                               limits: ExtractionLimits = ExtractionLimits()) -> ExtractedDocument {
        guard bytes.count <= limits.maxInputBytes else {
            return ExtractedDocument(outcome: .failed, reason: "the file is larger than the \(limits.maxInputBytes >> 20) MiB extraction limit")
        }
        if bytes.starts(with: Array("%PDF-".utf8)) || mediaType == "application/pdf" {
            return PDFExtractor.extract(bytes, limits: limits)
        }
        // WordPerfect 5.x and later (the "\u{FF}WPC" header): not read, and said so by name.
        if bytes.starts(with: [0xFF, 0x57, 0x50, 0x43]) {
            return ExtractedDocument(outcome: .unsupported, reason: "The file is a WordPerfect document, whose text is not extracted.")
        }
        // Outlook PST/OST mailboxes (libpff): each message becomes a child item.
        if bytes.starts(with: PSTExtractor.signature) {
            return PSTExtractor.extract(bytes, limits: limits)
        }
        // ZIP-based office documents (DOCX, XLSX, PPTX, ODT, ODS); OfficeExtractor reads the
        // package itself to tell which, and says unsupported for other archives.
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) || bytes.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) {
            let office = OfficeExtractor.extract(bytes, name: name, mediaType: mediaType, limits: limits)
            // A compound file is never text: its reason (encrypted, legacy format) is the answer.
            if office.outcome != .unsupported || bytes.starts(with: OLECompoundFile.signature) { return office }
        }
        // RTF is text of a kind, but its control words are not for the text extractors.
        if RTFText.isRTF(bytes) {
            return RTFExtractor.extract(bytes, limits: limits)
        }
        return TextExtractors.extract(bytes, name: name, mediaType: mediaType, limits: limits)
    }
}

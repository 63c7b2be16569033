/// The one entry point for text extraction: chooses the extractor by the file's own bytes
/// first (PDF, image, ZIP and other archive signatures), then by what the text extractors
/// recognise. Anything else is `unsupported`: indexed by its metadata only.
public enum Extractors {
    public static func extract(_ bytes: [UInt8], name: String?, mediaType: String?,
                               limits: ExtractionLimits = ExtractionLimits()) -> ExtractedDocument {
        guard bytes.count <= limits.maxInputBytes else {
            return ExtractedDocument(outcome: .failed, reason: "the file is larger than the \(limits.maxInputBytes >> 20) MiB extraction limit")
        }
        if bytes.starts(with: Array("%PDF-".utf8)) || mediaType == "application/pdf" {
            return PDFExtractor.extract(bytes, limits: limits)
        }
        // Scans and photographs, by their signature: OCR (ImageExtractor), with their EXIF
        // metadata (date taken, camera, GPS, captions) as fields.
        if ImageExtractor.recognises(bytes) {
            return ImageMetadata.read(bytes).merged(into: ImageExtractor.extract(bytes, limits: limits))
        }
        // An image OCR does not read whose EXIF libexif may (no text, the metadata as fields).
        if ImageMetadata.isImage(bytes) {
            let document = ExtractedDocument(outcome: .unsupported, reason: ImageMetadata.noTextReason)
            return ImageMetadata.read(bytes).merged(into: document)
        }
        // A ZIP the office reader cannot open (more members than it lists, a damaged directory)
        // is no office document it knows: the archive extractor reads what it can of it. One
        // that starts as a document package is left to its reader, which says what is wrong.
        if ArchiveFormat.bySignature(bytes) == .zip && !ArchiveFormat.startsLikeDocumentPackage(bytes)
            && (try? ZipArchive(bytes, limits: limits)) == nil {
            return ArchiveExtractor.extract(bytes, format: .zip, name: name, limits: limits)
        }
        // WordPerfect 5.x and later (the "\u{FF}WPC" header): not read, and said so by name.
        if bytes.starts(with: [0xFF, 0x57, 0x50, 0x43]) {
            return ExtractedDocument(outcome: .unsupported, reason: "The file is a WordPerfect document, whose text is not extracted.")
        }
        // Outlook PST/OST mailboxes (libpff): each message becomes a child item.
        if bytes.starts(with: PSTExtractor.signature) {
            return PSTExtractor.extract(bytes, limits: limits)
        }
        // ZIP-based office documents (DOCX, XLSX, XLSB, PPTX, ODT, ODS, EPUB, XPS, VSDX); OfficeExtractor reads the
        // package itself to tell which, and says unsupported for other archives.
        if bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) || bytes.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) {
            let office = OfficeExtractor.extract(bytes, name: name, mediaType: mediaType, limits: limits)
            // A compound file is never text: its reason (encrypted, legacy format) is the answer;
            // so is the name of a package format recognised but not read (Apple iWork).
            if office.outcome != .unsupported || bytes.starts(with: OLECompoundFile.signature)
                || NamedUnsupportedFormat.isNamed(office) { return office }
        }
        // Flat OpenDocument is XML, read by the ODF rules rather than as generic XML.
        if FlatODFDocument.recognises(bytes[...], name: name, mediaType: mediaType) {
            return FlatODFDocument.extract(bytes, limits: limits)
        }
        if let named = NamedUnsupportedFormat.document(bytes) { return named }
        // Archives (a ZIP that is no office document, tar, gzip/bzip2/xz, 7z, RAR): their members.
        if let format = ArchiveFormat.detect(bytes, name: name, mediaType: mediaType) {
            return ArchiveExtractor.extract(bytes, format: format, name: name, limits: limits)
        }
        // RTF is text of a kind, but its control words are not for the text extractors.
        if RTFText.isRTF(bytes) {
            return RTFExtractor.extract(bytes, limits: limits)
        }
        // An image type OCR does not read (SVG, HEIC, or bytes that are no image at all).
        if ImageFormat.isImageType(mediaType) { return ImageExtractor.unreadable(mediaType: mediaType) }
        return TextExtractors.extract(bytes, name: name, mediaType: mediaType, limits: limits)
    }
}

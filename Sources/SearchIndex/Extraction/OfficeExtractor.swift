/// Text of office documents that are ZIP packages: DOCX, XLSX, XLSB, PPTX (Office Open XML),
/// ODT, ODS, ODP (OpenDocument), with their templates and macro-enabled variants, EPUB, XPS
/// and OpenXPS, and Visio drawings (VSDX).
///
/// The format is recognised from the package itself (the `mimetype` entry of OpenDocument,
/// `[Content_Types].xml` and the main-part relationship of OOXML), not from the file name:
/// a renamed file is still read, and a ZIP named .docx that is not one is reported as such.
public enum OfficeExtractor {
    /// `name` and `mediaType` are hints only, used in messages; the package decides.
    public static func extract(_ bytes: [UInt8], name: String? = nil, mediaType: String? = nil,
                               limits: ExtractionLimits = ExtractionLimits()) -> ExtractedDocument {
        guard bytes.count <= limits.maxInputBytes else {
            return ExtractedDocument(outcome: .failed,
                                     reason: "The file is larger than the extraction limit of \(limits.maxInputBytes) bytes.")
        }
        if bytes.starts(with: OLECompoundFile.signature) {
            return compoundFile(bytes, name: name, limits: limits)
        }
        let archive: ZipArchive
        do {
            archive = try ZipArchive(bytes, limits: limits)
        } catch {
            return ExtractedDocument(outcome: .failed, reason: error.description)
        }
        var reader = OfficeReader(archive: archive, limits: limits)
        if let mimetype = openDocumentType(&reader) {
            if mimetype == EPUBDocument.mediaType { return EPUBDocument.extract(&reader) }
            guard mimetype.hasPrefix("application/vnd.oasis.opendocument.") else {
                return unsupported("a package of type \(mimetype)", name: name)
            }
            return ODFDocument.extract(&reader, mimetype: mimetype)
        }
        if reader.hasPart("[Content_Types].xml") {
            guard let main = OOXMLPackage.mainPart(&reader) else {
                // Parts that could not be read (a limit, damage) are the answer, not the format.
                if let problem = reader.problems.first { return ExtractedDocument(outcome: .failed, reason: problem) }
                return unsupported("an Open Packaging package without a main document", name: name)
            }
            switch main.kind {
            case .word: return OOXMLWord.extract(&reader, mainPart: main.part)
            case .spreadsheet: return OOXMLSpreadsheet.extract(&reader, mainPart: main.part)
            case .presentation: return OOXMLPresentation.extract(&reader, mainPart: main.part)
            case .binarySpreadsheet: return XLSBWorkbook.extract(&reader, mainPart: main.part)
            case .fixedDocument: return XPSDocument.extract(&reader, sequencePart: main.part)
            case .visio: return VisioDrawing.extract(&reader, mainPart: main.part)
            case .other(let type):
                if let problem = reader.problems.first { return ExtractedDocument(outcome: .failed, reason: problem) }
                return unsupported("an Open Packaging package of type \(type)", name: name)
            }
        }
        // EPUB without its mimetype entry: the container is what readers go by.
        if reader.hasPart("META-INF/container.xml") {
            return EPUBDocument.extract(&reader)
        }
        if let reason = NamedUnsupportedFormat.reason(of: reader.archive) {
            return unsupported(reason, name: name)
        }
        // OpenDocument without its (optional in ODF 1.0) mimetype entry.
        if reader.hasPart("content.xml") && reader.hasPart("META-INF/manifest.xml") {
            return ODFDocument.extract(&reader, mimetype: nil)
        }
        return unsupported("a ZIP archive that is not an office document", name: name)
    }

    /// The reason given for an Office Open XML document saved with a password.
    public static let passwordProtectedReason = "The document is password-protected: Office encrypted the whole package, and it cannot be read without its password."

    /// Password-protected DOCX, XLSX and PPTX files are OLE compound files holding the
    /// encrypted package; other compound files are legacy binary formats (.doc, .xls, .ppt,
    /// .msg), which `CompoundFileExtractor` tells apart.
    private static func compoundFile(_ bytes: [UInt8], name: String?, limits: ExtractionLimits) -> ExtractedDocument {
        CompoundFileExtractor.extract(bytes, name: name, limits: limits)
    }

    /// The `mimetype` entry's text, which ODF requires to be first and stored.
    private static func openDocumentType(_ reader: inout OfficeReader) -> String? {
        guard let entry = reader.archive.entry(named: "mimetype"), entry.uncompressedSize <= 256,
              let bytes = reader.bytes(of: "mimetype") else { return nil }
        let type = String(decoding: bytes, as: UTF8.self).trimmingOfficeWhitespace()
        return type.isEmpty ? nil : type
    }

    private static func unsupported(_ what: String, name: String?) -> ExtractedDocument {
        let subject = name.map { "\($0) is" } ?? "The file is"
        return ExtractedDocument(outcome: .unsupported, reason: "\(subject) \(what).")
    }
}

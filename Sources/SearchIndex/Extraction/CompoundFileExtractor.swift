/// OLE compound files (MS-CFB) by the application that wrote them, told from the streams at
/// their root: an encrypted OOXML package, an Outlook message, a Word, Excel or PowerPoint
/// 97-2003 document. Anything else is reported unsupported by name.
enum CompoundFileExtractor {
    static func extract(_ bytes: [UInt8], name: String?, limits: ExtractionLimits) -> ExtractedDocument {
        var document = application(bytes, name: name, limits: limits)
        if document.outcome == .ok, let file = try? OLECompoundFile(bytes), file.isTruncated {
            document.outcome = .partial
            document.reason = "The file is truncated: it ends before parts its tables name, which were not read."
        }
        return document
    }

    private static func application(_ bytes: [UInt8], name: String?, limits: ExtractionLimits) -> ExtractedDocument {
        let file: OLECompoundFile
        do {
            file = try OLECompoundFile(bytes)
        } catch {
            return ExtractedDocument(outcome: .failed, reason: "The OLE compound file is damaged: \(error.reason).")
        }
        if file.isEncryptedPackage {
            return ExtractedDocument(outcome: .failed, reason: OfficeExtractor.passwordProtectedReason)
        }
        if OutlookMessage.isMessage(file) {
            return MSGExtractor.extract(file, limits: limits)
        }
        // The root's streams name the application; a directory whose tree links are broken
        // falls back on every name in it.
        let members = Set(file.children(of: OLECompoundFile.root).compactMap { file.entries[$0]?.name })
        let root = members.isEmpty ? Set(file.names) : members
        let subject = name.map { "\($0) is" } ?? "The file is"
        if root.contains("WordDocument") {
            return WordBinaryExtractor.extract(file, limits: limits)
        }
        if root.contains("Workbook") || root.contains("Book") {
            return ExcelBinaryExtractor.extract(file, limits: limits)
        }
        if root.contains("PowerPoint Document") {
            return PowerPointBinaryExtractor.extract(file, limits: limits)
        }
        return ExtractedDocument(outcome: .unsupported, reason: "\(subject) an OLE compound file of an unknown application, whose text is not extracted.")
    }
}

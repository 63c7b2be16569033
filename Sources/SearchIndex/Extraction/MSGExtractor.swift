/// Outlook .msg files (MS-OXMSG), read in process on the compound-file reader: no tool, and
/// nothing leaves the sandboxed extraction child. See `OutlookMessage` for what is kept.
public enum MSGExtractor {
    public static func extract(_ bytes: [UInt8], limits: ExtractionLimits = ExtractionLimits()) -> ExtractedDocument {
        guard bytes.count <= limits.maxInputBytes else {
            return ExtractedDocument(outcome: .failed,
                                     reason: "The file is larger than the extraction limit of \(limits.maxInputBytes) bytes.")
        }
        let file: OLECompoundFile
        do {
            file = try OLECompoundFile(bytes)
        } catch {
            return ExtractedDocument(outcome: .failed, reason: "The Outlook message is damaged: \(error.reason).")
        }
        guard OutlookMessage.isMessage(file) else {
            return ExtractedDocument(outcome: .failed, reason: "The file is not an Outlook message: it has no message properties.")
        }
        var document = extract(file, limits: limits)
        if document.outcome == .ok && file.isTruncated {
            document.outcome = .partial
            document.reason = "The file is truncated: it ends before parts its tables name, which were not read."
        }
        return document
    }

    static func extract(_ file: OLECompoundFile, limits: ExtractionLimits) -> ExtractedDocument {
        let context = TextExtractionContext(limits: limits)
        let message = OutlookMessage(file: file, storage: OLECompoundFile.root, owner: .topMessage, context: context, depth: 0)
        var document = message.document(context: context, depth: 0)
        if document.title == nil && document.text.isEmpty && document.fields.isEmpty && document.children.isEmpty {
            document.outcome = .failed
            document.reason = "The Outlook message is damaged: none of its properties could be read."
        }
        return document
    }
}

/// Rich Text Format files (.rtf): their text by `RTFText`, \info's title and author as the
/// title and fields.
public enum RTFExtractor {
    public static func extract(_ bytes: [UInt8], limits: ExtractionLimits = ExtractionLimits()) -> ExtractedDocument {
        guard bytes.count <= limits.maxInputBytes else {
            return ExtractedDocument(outcome: .failed,
                                     reason: "The file is larger than the extraction limit of \(limits.maxInputBytes) bytes.")
        }
        guard RTFText.isRTF(bytes) else {
            return ExtractedDocument(outcome: .failed, reason: "The file is not RTF: it does not start with {\\rtf.")
        }
        let rtf = RTFText(bytes, maxTextBytes: limits.maxTextBytes, maxDepth: max(1, min(limits.maxDepth * 8, 1024)))
        var notes = TextExtractionNotes()
        if rtf.text.truncated { notes.add(rtf.text.truncationNote) }
        for page in rtf.unknownCodePages { notes.add("code page \(page) is not known and was read as Windows-1252") }
        var fields: [String: String] = [:]
        for (name, value) in rtf.info where name != "operator" && name != "doccomm" { fields[name] = value }
        if let comment = rtf.info["doccomm"] { fields["comments"] = comment }
        let text = rtf.string
        return ExtractedDocument(outcome: notes.isEmpty ? .ok : .partial, reason: notes.reason,
                                 title: rtf.info["title"], text: text, fields: fields)
    }
}

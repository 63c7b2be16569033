/// The document properties of a legacy Office file: the `\u{5}SummaryInformation` stream
/// (MS-OLEPS), of which the title, subject, author, keywords and comments are kept.
enum OLEPropertySet {
    private static let kept: [UInt32: String] = [2: "title", 3: "subject", 4: "author", 5: "keywords", 6: "comments"]

    /// The kept properties of the compound file's summary information, if it has one.
    static func summary(_ file: OLECompoundFile) -> [String: String] {
        guard let bytes = file.stream(at: ["\u{5}SummaryInformation"], maxBytes: 1 << 20), bytes.count >= 48 else { return [:] }
        let count = Int(OLECompoundFile.uint32(bytes, 24))
        guard count >= 1 else { return [:] }
        let start = Int(OLECompoundFile.uint32(bytes, 44))
        guard start >= 0, start + 8 <= bytes.count else { return [:] }
        let propertyCount = min(Int(OLECompoundFile.uint32(bytes, start + 4)), 1000)
        var values: [UInt32: (type: UInt32, at: Int)] = [:]
        for k in 0..<propertyCount {
            let entry = start + 8 + 8 * k
            guard entry + 8 <= bytes.count else { break }
            let id = OLECompoundFile.uint32(bytes, entry)
            let at = start + Int(OLECompoundFile.uint32(bytes, entry + 4))
            guard at >= start, at + 8 <= bytes.count else { continue }
            values[id] = (OLECompoundFile.uint32(bytes, at), at + 4)
        }
        // PID 1: the code page of the 8-bit strings.
        var charset = Charset.windows1252
        if let page = values[1], page.type == 2 {
            let number = Int(OLECompoundFile.uint16(bytes, page.at))
            if number != 1200, let found = WindowsCodePage.charset(number) { charset = found }
        }
        var fields: [String: String] = [:]
        for (id, name) in kept {
            guard let value = values[id] else { continue }
            let length = Int(OLECompoundFile.uint32(bytes, value.at))
            let from = value.at + 4
            var text: String?
            if value.type == 30, length <= 65536, from + length <= bytes.count {
                text = charset.decodeString(bytes[from..<(from + length)])
            } else if value.type == 31, length <= 32768, from + 2 * length <= bytes.count {
                text = Charset.utf16LE.decodeString(bytes[from..<(from + 2 * length)])
            }
            guard let raw = text else { continue }
            let clean = TextNormalisation.collapseWhitespace(String(raw.prefix { $0 != "\0" }))
            if !clean.isEmpty { fields[name] = clean }
        }
        return fields
    }
}

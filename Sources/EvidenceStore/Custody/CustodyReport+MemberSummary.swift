extension CustodyReport {
    /// `describe` for an entry whose sealed part does not fit its type (written by hand or by
    /// another version): what is there is worded, what is not reads as "?".
    static func memberSummary(_ entry: EntryRecord) -> String {
        let sealed = entry.sealedJSON.flatMap { try? JSONParser.parse(Array($0.utf8)).objectValue } ?? [:]
        func text(_ key: String) -> String? { sealed[key]?.stringValue }
        switch entry.type {
        case EventType.itemAdded:
            let size = sealed["size"]?.intValue.map { ", \($0) bytes" } ?? ""
            return "Added to the store as \(text("path") ?? text("name") ?? "a file")\(size), SHA-256 \(text("sha256") ?? "?")."
        case EventType.physicalItemAdded:
            return "Recorded as physical exhibit \(text("exhibitRef") ?? "?"): \(text("description") ?? "")"
        case EventType.itemRead:
            let destination = text("destination").map { $0 == "-" ? "standard output" : $0 } ?? "?"
            return "Content read (decrypted and checked), written to \(destination)."
        case EventType.itemAmended:
            let fields = sealed["changes"]?.objectValue?.keys.sorted().map { ContinuityRecord.fieldLabels[$0] ?? $0 } ?? []
            return "Details corrected: \(fields.joined(separator: ", "))."
        case EventType.custodyTransferred:
            var sentence = "Handed over by \(text("from") ?? "?") to \(text("to") ?? "?")"
            if let seal = text("seal") { sentence += ", seal \(seal)" }
            if let location = text("location") { sentence += ", now at \(location)" }
            sentence += "."
            if let reason = text("reason") { sentence += " Reason: \(reason)\(reason.hasSuffix(".") ? "" : ".")" }
            return sentence
        default:
            return entry.type
        }
    }
}

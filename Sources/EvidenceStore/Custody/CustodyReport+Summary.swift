extension CustodyReport {
    /// The sentence of an entry read through its event type's sealed part (nil: the reader
    /// could not open it); nil for a type the report does not word, or a sealed part that is
    /// not a JSON object or does not fit the type.
    static func typedSummary(_ entry: EntryRecord) -> String? {
        func worded<Event: LedgerEvent>(_ type: Event.Type, _ wording: (Event.Sealed?) -> String) -> String? {
            guard let text = entry.sealedJSON else { return wording(nil) }
            guard let members = (try? JSONParser.parse(Array(text.utf8)))?.objectValue,
                  let sealed = try? Event.Sealed.decodedPart(members) else { return nil }
            return wording(sealed)
        }
        switch entry.type {
        case ItemAddedEvent.type: return worded(ItemAddedEvent.self, sentence)
        case PhysicalItemAddedEvent.type: return worded(PhysicalItemAddedEvent.self, sentence)
        case ItemReadEvent.type: return worded(ItemReadEvent.self, sentence)
        case ItemAmendedEvent.type: return worded(ItemAmendedEvent.self, sentence)
        case CustodyTransferredEvent.type: return worded(CustodyTransferredEvent.self, sentence)
        default: return nil
        }
    }

    static func sentence(_ sealed: ItemAddedEvent.Sealed?) -> String {
        guard let sealed else { return "Added to the store as a file, SHA-256 ?." }
        return "Added to the store as \(sealed.path), \(sealed.size) bytes, SHA-256 \(sealed.sha256)."
    }

    static func sentence(_ sealed: PhysicalItemAddedEvent.Sealed?) -> String {
        "Recorded as physical exhibit \(sealed?.exhibitRef ?? "?"): \(sealed?.description ?? "")"
    }

    static func sentence(_ sealed: ItemReadEvent.Sealed?) -> String {
        let destination = sealed.map { $0.destination == "-" ? "standard output" : $0.destination } ?? "?"
        return "Content read (decrypted and checked), written to \(destination)."
    }

    static func sentence(_ sealed: ItemAmendedEvent.Sealed?) -> String {
        let fields = sealed?.changes.keys.sorted().map { ContinuityRecord.fieldLabels[$0] ?? $0 } ?? []
        return "Details corrected: \(fields.joined(separator: ", "))."
    }

    static func sentence(_ sealed: CustodyTransferredEvent.Sealed?) -> String {
        guard let sealed else { return "Handed over by ? to ?." }
        var sentence = "Handed over by \(sealed.from) to \(sealed.to)"
        if let seal = sealed.seal { sentence += ", seal \(seal)" }
        if let location = sealed.location { sentence += ", now at \(location)" }
        let reason = sealed.reason
        return sentence + ". Reason: \(reason)\(reason.hasSuffix(".") ? "" : ".")"
    }
}

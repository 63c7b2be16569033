/// An exhibit's continuity: the seizure, its entry into the store, every hand-over and every
/// correction, in the order the ledger recorded them, and where the exhibit is now.
///
/// Built from the catalog's projection alone (pure), so that `custody history`, `show`, the
/// custody report and the tests read the same record.
public struct ContinuityRecord: Sendable, Equatable {
    public let steps: [ContinuityStep]
    public let current: CustodyState

    /// Readable names of the fields `item.amended` may change.
    static let fieldLabels: [String: String] = [
        "kind": "kind", "exhibitRef": "exhibit reference", "description": "description", "seizedBy": "seized by",
        "seizedAt": "time of seizure", "location": "place of seizure", "seal": "seal",
        "storageLocation": "storage location", "classification": "classification", "sensitive": "sensitivity",
    ]

    /// `transfers` and `events` are those of `item` (any order); `names` maps user ids to names.
    public static func build(item: ItemRecord, transfers: [CustodyTransferRecord], events: [EntryRecord],
                             names: [String: String]) -> ContinuityRecord {
        var steps: [ContinuityStep] = []
        if item.seizedBy != nil || item.seizedAt != nil || item.location != nil {
            var text = "Seized"
            if let seizedBy = item.seizedBy { text += " by \(seizedBy)" }
            if let place = item.location { text += " at \(place)" }
            steps.append(ContinuityStep(kind: .seized, time: item.seizedAt, seq: nil, recordedBy: nil, text: text + "."))
        }
        var state = CustodyState.initial(of: item, names: names)
        let adder = names[item.addedBy] ?? item.addedBy
        let recorded: String
        if item.physical {
            recorded = "Recorded as a physical exhibit (no digital content), \(state.summary)."
        } else {
            let file = item.path ?? item.name ?? "a file"
            let size = item.size.map { ", \($0) bytes" } ?? ""
            recorded = "Added to the store as \(file)\(size), SHA-256 \(item.sha256 ?? CustodyState.unreadable); \(state.summary)."
        }
        steps.append(ContinuityStep(kind: .recorded, time: item.addedAt, seq: item.addedSeq, recordedBy: adder, text: recorded))

        // Hand-overs and corrections interleave in ledger order.
        var later: [(seq: Int64, transfer: CustodyTransferRecord?, amendment: EntryRecord?)] = []
        for event in events where event.itemID == item.id && event.type == EventType.itemAmended {
            later.append((event.seq, nil, event))
        }
        for transfer in transfers where transfer.itemID == item.id { later.append((transfer.seq, transfer, nil)) }
        for next in later.sorted(by: { $0.seq < $1.seq }) {
            if let transfer = next.transfer {
                steps.append(ContinuityStep(kind: .transferred, time: transfer.time, seq: transfer.seq,
                                            recordedBy: names[transfer.actor] ?? transfer.actor,
                                            text: handOverText(transfer, before: state)))
                state = state.after(transfer)
            } else if let event = next.amendment {
                let sealed = sealedPart(event)
                // A reclassification restates where the exhibit is, for a reader who cannot
                // open the hand-overs sealed under the old class key.
                if let custody = restatedCustody(sealed) { state = custody }
                let fields = amendedFields(sealed).map { fieldLabels[$0] ?? $0 }
                steps.append(ContinuityStep(kind: .amended, time: event.time, seq: event.seq,
                                            recordedBy: names[event.actor] ?? event.actor,
                                            text: fields.isEmpty ? "Details corrected (the changes are sealed)."
                                                : "Details corrected: \(fields.joined(separator: ", "))."))
            }
        }
        return ContinuityRecord(steps: steps, current: state)
    }

    /// "Handed over by X to Y, seal S (was R), now at L. Reason: …"
    static func handOverText(_ transfer: CustodyTransferRecord, before: CustodyState) -> String {
        var text = "Handed over by \(transfer.fromHolder ?? CustodyState.unreadable) to \(transfer.toHolder ?? CustodyState.unreadable)"
        if let seal = transfer.seal {
            text += ", seal \(seal)"
            if let previous = before.seal, previous != seal { text += " (was \(previous))" }
        }
        if let location = transfer.location { text += ", now at \(location)" }
        text += "."
        if let reason = transfer.reason { text += " Reason: \(reason)\(reason.hasSuffix(".") ? "" : ".")" }
        return text
    }

    /// An entry's sealed part as the catalog holds it; nil if locked.
    static func sealedPart(_ event: EntryRecord) -> JSONValue? {
        event.sealedJSON.flatMap { try? JSONParser.parse(Array($0.utf8)) }
    }

    /// The custody state a reclassifying `item.amended` restated (FORMAT §7.4), if readable.
    static func restatedCustody(_ sealed: JSONValue?) -> CustodyState? {
        guard let custody = sealed?["restated"]?["custody"]?.objectValue,
              let holder = custody["holder"]?.stringValue else { return nil }
        return CustodyState(holder: holder, seal: custody["seal"]?.stringValue, location: custody["location"]?.stringValue)
    }

    /// The names of the fields an `item.amended` entry changed, sorted; empty if its sealed part is locked.
    static func amendedFields(_ sealed: JSONValue?) -> [String] {
        guard let changes = sealed?["changes"]?.objectValue else { return [] }
        return changes.keys.sorted()
    }
}

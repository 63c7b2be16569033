import EvidenceStore

/// The wording of item and custody events.
extension EventDescription {
    static func detail(_ entry: TypedEntry<ItemAddedEvent>) -> String {
        let reference = entry.sealed?.exhibitRef.map { " exhibit \($0)" } ?? ""
        return "added \(entry.itemID)\(reference) \(entry.sealed?.path ?? "") sha256 \(entry.sealed?.sha256 ?? "(sealed)")"
    }

    static func detail(_ entry: TypedEntry<ItemReadEvent>) -> String {
        "read \(entry.itemID) to \(entry.sealed?.destination ?? "(sealed)")"
    }

    static func detail(_ entry: TypedEntry<ItemAmendedEvent>) -> String {
        let fields = entry.sealed?.changes.keys.sorted().joined(separator: ", ") ?? "(sealed)"
        let parent = entry.sealed?.withItem.map { " (with \($0), which it was extracted from)" } ?? ""
        return "amended \(entry.itemID): \(fields)\(parent)"
    }

    static func detail(_ entry: TypedEntry<ItemDerivedEvent>) -> String {
        let file = entry.sealed.map { " \($0.name)" } ?? ""
        return "recorded \(entry.sealed?.part ?? "a part") of \(entry.publicPart.parent) as \(entry.itemID)\(file) "
            + "sha256 \(entry.sealed?.sha256 ?? "(sealed)")"
    }

    static func detail(_ entry: TypedEntry<PhysicalItemAddedEvent>) -> String {
        "recorded physical exhibit \(entry.itemID) \(entry.sealed?.exhibitRef ?? "(sealed)")"
    }

    static func detail(_ entry: TypedEntry<CustodyTransferredEvent>) -> String {
        let seal = entry.sealed?.seal.map { ", seal \($0)" } ?? ""
        return "handed \(entry.itemID) over from \(entry.sealed?.from ?? "(sealed)") to \(entry.sealed?.to ?? "(sealed)")\(seal)"
    }
}

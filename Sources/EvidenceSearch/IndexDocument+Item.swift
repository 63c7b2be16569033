import EvidenceStore
import SearchIndex

extension IndexDocument {
    /// An item as the index sees it: its catalog metadata and what extraction found.
    init(item: ItemRecord, caseRecord: CaseRecord, extracted: ExtractedDocument, officerNames: [String: String],
         parentDate: Int64? = nil) {
        // The date a schedule lists an item by: when it was seized, else the document's own
        // date (an email's Date), else its parent's (an attachment dates from its email),
        // else when it was added.
        let date = item.seizedAt.flatMap(Timestamp.init(canonical:))?.milliseconds
            ?? extracted.dateMilliseconds
            ?? parentDate
            ?? Timestamp(canonical: item.addedAt)?.milliseconds
            ?? 0
        self.init(
            itemID: item.id, parentID: item.parentID, caseID: item.caseID,
            caseReference: caseRecord.reference ?? caseRecord.id, kind: item.kind ?? "other",
            exhibitRef: item.exhibitRef, officer: item.seizedBy ?? officerNames[item.addedBy] ?? item.addedBy,
            fileName: item.name, mediaType: item.mediaType ?? "application/octet-stream",
            classification: item.classification ?? caseRecord.classification ?? "SECRET",
            sensitive: item.sensitive ?? false, disclosureStatus: "undecided", sha256: item.sha256 ?? "",
            date: date, title: extracted.title, text: Self.bodyText(item, extracted), fields: extracted.fields,
            extraction: extracted.outcome, extractionReason: extracted.reason, ocr: extracted.ocr?.summary)
    }

    /// The extracted text, and the item's description (what the officer wrote about it is
    /// searchable too, and is all there is for a photo or a physical exhibit).
    private static func bodyText(_ item: ItemRecord, _ extracted: ExtractedDocument) -> String {
        guard let description = item.description, !description.isEmpty else { return extracted.text }
        return extracted.text.isEmpty ? description : extracted.text + "\n\n" + description
    }
}

/// One item as the search index sees it: its metadata and extracted text. One Xapian
/// document per item (and per email message or attachment, each an item of its own).
public struct IndexDocument: Sendable, Equatable {
    /// The item's id: the document's unique term, so indexing it again replaces it.
    public var itemID: String
    /// The item this one was extracted from (an attachment's message, a message's mbox).
    public var parentID: String?
    /// The case's id (random), and its human reference ("OP-LANTERN-24").
    public var caseID: String
    public var caseReference: String
    /// "exhibit", "statement", "email", "attachment", … (free-form, matched case-insensitively).
    public var kind: String
    /// The exhibit reference written on the label ("JS/1"); matched case-insensitively.
    public var exhibitRef: String?
    /// Who seized the exhibit, or else who added the item.
    public var officer: String?
    public var fileName: String?
    /// "application/pdf"; parameters (";charset=…") are dropped for the filter and facet.
    public var mediaType: String
    /// The item's security classification ("OFFICIAL", "OFFICIAL-SENSITIVE", "SECRET").
    public var classification: String
    /// Sensitive material (MG6D).
    public var sensitive: Bool
    /// Disclosure status ("undecided", "disclose", "withhold", …).
    public var disclosureStatus: String
    /// SHA-256 of the original bytes, hex (any case; stored lowercase).
    public var sha256: String
    /// The item's relevant date in milliseconds since 1970 UTC: when it was seized, else the
    /// email's date, else when it was added. Days and months are UTC.
    public var date: Int64
    /// The document's own title (email subject, HTML title).
    public var title: String?
    /// Body text.
    public var text: String
    /// Named fields from extraction: "from", "to", "cc", "subject" are searchable with
    /// `from:`, `to:`, `cc:`, `subject:`; every field is also part of the plain text.
    public var fields: [String: String]
    /// How text extraction went (`extraction:` filters on it; `.unsupported` items are
    /// indexed by their metadata only), and why, for partial and failed outcomes.
    public var extraction: ExtractedDocument.Outcome
    public var extractionReason: String?
    /// When OCR recognised the text: how (`OCRProvenance.summary`), shown with the item.
    public var ocr: String?

    public init(itemID: String, parentID: String? = nil, caseID: String, caseReference: String, kind: String,
                exhibitRef: String? = nil, officer: String? = nil, fileName: String? = nil,
                mediaType: String = "application/octet-stream", classification: String = "OFFICIAL",
                sensitive: Bool = false, disclosureStatus: String = "undecided", sha256: String, date: Int64,
                title: String? = nil, text: String = "", fields: [String: String] = [:],
                extraction: ExtractedDocument.Outcome = .ok, extractionReason: String? = nil, ocr: String? = nil) {
        self.itemID = itemID
        self.parentID = parentID
        self.caseID = caseID
        self.caseReference = caseReference
        self.kind = kind
        self.exhibitRef = exhibitRef
        self.officer = officer
        self.fileName = fileName
        self.mediaType = mediaType
        self.classification = classification
        self.sensitive = sensitive
        self.disclosureStatus = disclosureStatus
        self.sha256 = sha256
        self.date = date
        self.title = title
        self.text = text
        self.fields = fields
        self.extraction = extraction
        self.extractionReason = extractionReason
        self.ocr = ocr
    }
}

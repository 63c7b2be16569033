/// What text extraction produced for one file: the contract between the extractors, the
/// extraction child process and the index.
public struct ExtractedDocument: Sendable, Equatable {
    /// How extraction went; recorded per item and shown by `evidence show` and
    /// `evidence extraction-report`.
    public enum Outcome: String, Sendable, Equatable, Codable {
        /// All text was extracted.
        case ok
        /// Some text was extracted, but not all (a limit was reached, part was damaged).
        case partial
        /// Nothing could be extracted; `reason` says why.
        case failed
        /// A format with text that has none here (a scanned PDF without a text layer).
        case noTextLayer = "no-text-layer"
        /// A format we do not extract text from (indexed by metadata only).
        case unsupported
    }

    public var outcome: Outcome
    /// For partial and failed outcomes: one plain sentence.
    public var reason: String?
    /// The document's own title (HTML <title>, email Subject, document properties).
    public var title: String?
    /// Body text, UTF-8, with paragraphs separated by newlines.
    public var text: String
    /// Named fields worth indexing separately: "from", "to", "cc", "subject", "author", …
    public var fields: [String: String]
    /// The document's own date (an email's Date header), milliseconds since 1970 UTC.
    public var dateMilliseconds: Int64?
    /// Parts that become child items of their own: email attachments, mbox messages.
    public var children: [ExtractedChild]
    /// When some or all of the text was recognised by OCR: how, so that it can be repeated.
    public var ocr: OCRProvenance? = nil

    public init(outcome: Outcome, reason: String? = nil, title: String? = nil, text: String = "",
                fields: [String: String] = [:], dateMilliseconds: Int64? = nil, children: [ExtractedChild] = []) {
        self.outcome = outcome
        self.reason = reason
        self.title = title
        self.text = text
        self.fields = fields
        self.dateMilliseconds = dateMilliseconds
        self.children = children
    }
}

/// A part of a file that is an item in its own right (stored with its original bytes and
/// linked to its parent): an attachment of an email, a message of an mbox, a member of an
/// archive.
public struct ExtractedChild: Sendable, Equatable {
    /// What kind of part it is, which names it in the ledger: `part` is "\(kind) N", N
    /// counting the parent's parts of that kind from 1 in the order of the file (FORMAT §7).
    public enum Part: String, Sendable, Equatable, Codable {
        /// An attachment of an email (an attached email too): "attachment 2".
        case attachment
        /// A message of a mailbox: "message 3".
        case message
        /// A file inside an archive, its name being its path there: "member 5".
        case member
    }

    /// The part's file name (an attachment's filename, a member's path) or a label ("message 3").
    public var name: String
    public var mediaType: String
    /// The part's own bytes, decoded from its transfer encoding: what the child item stores.
    public var bytes: [UInt8]
    /// The extraction of those bytes, where the parent's extractor already did it.
    public var document: ExtractedDocument?
    public var part: Part

    public init(name: String, mediaType: String, bytes: [UInt8], document: ExtractedDocument? = nil,
                part: Part = .attachment) {
        self.name = name
        self.mediaType = mediaType
        self.bytes = bytes
        self.document = document
        self.part = part
    }
}

/// Bounds every extractor honours, so that a hostile or broken file cannot exhaust memory
/// or time (zip and compression bombs, deep nesting, huge attachments).
public struct ExtractionLimits: Sendable, Equatable {
    /// Largest input handed to an extractor at all; bigger files are indexed by metadata.
    public var maxInputBytes = 256 << 20
    /// Most text kept per document (the rest: outcome partial).
    public var maxTextBytes = 16 << 20
    /// Most bytes any decompression (ZIP entries, base64/quoted-printable parts) may produce in total.
    public var maxExpandedBytes = 512 << 20
    /// Largest ratio of expanded to compressed size of any one ZIP entry.
    public var maxCompressionRatio = 200
    /// Deepest nesting of MIME parts, XML elements or archives.
    public var maxDepth = 32
    /// Most child items one file may produce (mbox messages, attachments).
    public var maxChildren = 10_000
    /// OCR's languages and bounds (pages, time, pixels) for images and PDF pages without text.
    public var ocr = OCRSettings()

    public init() {}
}

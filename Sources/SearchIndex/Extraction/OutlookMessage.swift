/// An email as Outlook stores it (a .msg file, a message of a PST), reduced to what the index
/// needs: the header fields an .eml would give, the bodies, and the attachments. Read by
/// `OutlookMessage+MSG.swift` and `PSTExtractor`, turned into an `ExtractedDocument` by
/// `OutlookMessage+Document.swift`, and into RFC 822 bytes (for child items that must be read
/// again from their own bytes) by `OutlookMessage+RFC822.swift`.
struct OutlookMessage {
    struct Attachment {
        enum Content {
            case bytes([UInt8])
            case message(OutlookMessage)
        }

        var name: String?
        var mediaType: String?
        var contentID: String?
        var content: Content
    }

    var subject: String?
    var from: String?
    var to: String?
    var cc: String?
    var bcc: String?
    var replyTo: String?
    var messageID: String?
    var inReplyTo: String?
    /// The Date header as sent, where the transport headers kept it.
    var dateHeader: String?
    var dateMilliseconds: Int64?
    /// PR_TRANSPORT_MESSAGE_HEADERS: the message's Internet headers, for a received mail.
    var transportHeaders: String?
    var messageClass: String?
    var plainBody: String?
    /// The HTML body's bytes and the charset they are in.
    var htmlBody: [UInt8]?
    var htmlCharset: String?
    /// The body as RTF, decompressed from PR_RTF_COMPRESSED.
    var rtfBody: [UInt8]?
    var attachments: [Attachment] = []
    /// What could not be read (an attachment over the limits, an OLE object, damaged RTF).
    var notes = TextExtractionNotes()
    /// Extra fields for the document ("folder" for a PST message).
    var extraFields: [String: String] = [:]
}

/// Email (.eml, RFC 5322 with MIME): header fields from/to/cc/subject/date/message-id (and a
/// few more worth searching), the subject as title, the Date as milliseconds, the body text
/// (text/plain preferred to text/html within an alternative; html text when there is no plain
/// part), and attachments as child items with their decoded bytes.
public enum EmailExtractor {
    public static func extract(_ bytes: [UInt8], limits: ExtractionLimits) -> ExtractedDocument {
        if let tooBig = TextExtractors.rejectOversized(bytes.count, limits: limits) { return tooBig }
        return extract(bytes[...], context: TextExtractionContext(limits: limits), depth: 0)
    }

    /// Header fields kept, and how repeated ones are joined.
    private static let keptFields: [(name: String, joiner: String)] = [
        ("from", ", "), ("to", ", "), ("cc", ", "), ("bcc", ", "), ("reply-to", ", "), ("sender", ", "),
        ("subject", "\n"), ("date", "\n"), ("message-id", "\n"), ("in-reply-to", "\n"),
        ("comments", "\n"), ("keywords", "\n"),
    ]
    /// Longest field value kept (a To: of thousands of addresses is still searchable in full).
    static let maxFieldBytes = 256 << 10

    static func extract(_ bytes: ArraySlice<UInt8>, context: TextExtractionContext, depth: Int) -> ExtractedDocument {
        let (headers, body) = MIMEHeaders.parse(bytes, message: true)
        var walker = EmailWalker(context: context)
        var fields: [String: String] = [:]
        for (name, joiner) in keptFields {
            let values = headers.all(name).map { MIMEEncodedWords.decode($0, unknownCharsets: &walker.unknownCharsets) }
                .filter { !$0.isEmpty }
            guard !values.isEmpty else { continue }
            var value = values.joined(separator: joiner)
            if name == "message-id" && value.hasPrefix("<") && value.hasSuffix(">") && value.count > 2 {
                value = String(value.dropFirst().dropLast())
            }
            if value.utf8.count > maxFieldBytes {
                value = TextNormalisation.prefix(value, maxBytes: maxFieldBytes)
                walker.notes.add("the \(name) field was cut at \(maxFieldBytes) bytes")
            }
            fields[name] = value
        }
        if let envelope = headers.envelope {
            fields["envelope-from"] = TextNormalisation.collapseWhitespace(String(decoding: UTF8Lenient.decoded(envelope), as: UTF8.self))
        }
        let subject = headers.first("subject").map { MIMEEncodedWords.decode($0) }
        let date = headers.first("date").flatMap { MIMEDate.milliseconds(MIMEEncodedWords.decode($0)) }

        walker.walk(headers: headers, body: body, depth: depth, target: .body, defaultType: "text/plain")
        if !walker.differingAlternatives.isEmpty {
            fields["alternative-text"] = walker.differingAlternatives.string
        }

        var notes = walker.notes
        if walker.text.truncated { notes.add(walker.text.truncationNote) }
        for label in walker.unknownCharsets {
            notes.add("unknown charset \(HTMLExtractor.sanitisedLabel(label)) read as UTF-8")
        }
        return ExtractedDocument(outcome: notes.isEmpty ? .ok : .partial, reason: notes.reason,
                                 title: (subject?.isEmpty ?? true) ? nil : subject, text: walker.text.string,
                                 fields: fields, dateMilliseconds: date, children: walker.children)
    }
}

extension UTF8Lenient {
    static func decoded(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        append(bytes[...], into: &out)
        return out
    }
}

/// Walks a message's MIME tree, collecting its text and its attachments.
struct EmailWalker {
    /// Where a part's text goes: the body, the alternative being compared with the chosen
    /// one, or nowhere (an alternative inside an alternative that was not chosen).
    enum TextTarget {
        case body, alternative, none
    }

    let context: TextExtractionContext
    var text: TextBuilder
    /// The text of the alternatives not chosen whose words the chosen one lacks (an HTML
    /// part that says more than its plain-text twin): kept so no word goes unsearched.
    var differingAlternatives: TextBuilder
    private var alternative: TextBuilder
    var children: [ExtractedChild] = []
    var notes = TextExtractionNotes()
    var unknownCharsets: [String] = []
    private var partNumber = 0

    init(context: TextExtractionContext) {
        self.context = context
        self.text = TextBuilder(limit: context.limits.maxTextBytes)
        self.differingAlternatives = TextBuilder(limit: context.limits.maxTextBytes)
        self.alternative = TextBuilder(limit: context.limits.maxTextBytes)
    }

    private var limits: ExtractionLimits { context.limits }

    mutating func walk(part: ArraySlice<UInt8>, depth: Int, target: TextTarget, defaultType: String) {
        let (headers, body) = MIMEHeaders.parse(part, message: false)
        walk(headers: headers, body: body, depth: depth, target: target, defaultType: defaultType)
    }

    /// Attachments count wherever they are (the images of an HTML alternative too); text
    /// goes to `target`.
    mutating func walk(headers: MIMEHeaders, body: ArraySlice<UInt8>, depth: Int, target: TextTarget, defaultType: String) {
        guard context.enterEntity() else {
            notes.add("parts after the first \(TextExtractionContext.maxEntities) MIME parts were not read")
            return
        }
        partNumber += 1
        let contentType = headers.first("content-type").map(MIMEParameterizedValue.init)
        var type = contentType?.value ?? defaultType
        if !type.contains("/") || type.hasPrefix("/") || type.hasSuffix("/") { type = "text/plain" }  // RFC 2045 §5.2
        let disposition = headers.first("content-disposition").map(MIMEParameterizedValue.init)
        let filename = Self.sanitisedName(disposition?["filename"] ?? contentType?["name"])
        let encoding = headers.first("content-transfer-encoding")
            .map { TextNormalisation.collapseWhitespace(String(decoding: $0, as: UTF8.self)).lowercased() } ?? ""

        if type.hasPrefix("multipart/") {
            multipart(type: type, boundary: contentType?["boundary"], body: body, depth: depth, target: target)
            return
        }
        if type == "message/rfc822" || type == "message/global" {
            message(body: body, encoding: encoding, filename: filename, depth: depth)
            return
        }
        let textLike = type.hasPrefix("text/") || type == "message/delivery-status"
            || type == "message/disposition-notification" || type == "message/external-body"
        let isBodyText = disposition?.value != "attachment"
            && (type == "text/plain" || type == "text/html" || (textLike && filename == nil))
        guard isBodyText else {
            attachment(body: body, encoding: encoding, type: Self.typeWithCharset(type, contentType?["charset"]),
                       filename: filename, depth: depth)
            return
        }
        guard target != .none, !(target == .body ? text : alternative).isFull else { return }
        guard let decoded = decode(body, encoding: encoding) else { return }
        let label = contentType?["charset"]
        let charset = label.flatMap { Charset.named($0) }
        if let label, charset == nil, unknownCharsets.count < 8, !unknownCharsets.contains(label) { unknownCharsets.append(label) }
        if label == nil && TextNormalisation.bom(decoded[...]) == nil && TextNormalisation.looksBinary(decoded[...]) {
            // Binary data labelled as text: keep it as an attachment rather than as garbage text.
            attachmentBytes(decoded, type: "application/octet-stream", filename: filename, depth: depth)
            return
        }
        let partText: [UInt8]
        if type == "text/html" {
            let doc = HTMLExtractor.extract(decoded[...], context: context, charsetLabel: label)
            partText = Array(doc.text.utf8)
        } else {
            partText = TextNormalisation.decodeText(decoded[...], charset: charset, maxOutput: limits.maxTextBytes + 1)
        }
        appendText(partText, to: target)
    }

    private mutating func appendText(_ part: [UInt8], to target: TextTarget) {
        var s = part[...]
        while let l = s.last, l == 0x0A || l == 0x20 || l == 0x09 { s = s.dropLast() }
        while let f = s.first, f == 0x0A { s = s.dropFirst() }
        guard !s.isEmpty else { return }
        switch target {
        case .body:
            if !text.isEmpty { text.append([0x0A, 0x0A]) }
            text.append(s)
        case .alternative:
            if !alternative.isEmpty { alternative.append([0x0A, 0x0A]) }
            alternative.append(s)
        case .none:
            break
        }
    }

    private mutating func multipart(type: String, boundary: String?, body: ArraySlice<UInt8>, depth: Int, target: TextTarget) {
        guard depth < context.maxDepth else {
            notes.add("MIME parts nested deeper than \(context.maxDepth) levels were not read")
            return
        }
        guard let boundary, !boundary.isEmpty, boundary.utf8.count <= 256 else {
            // No usable boundary: the body is all there is to read.
            if !TextNormalisation.looksBinary(body) {
                appendText(TextNormalisation.decodeText(body, charset: nil, maxOutput: limits.maxTextBytes + 1), to: target)
            }
            notes.add("a multipart part has no boundary")
            return
        }
        let split = MIMEMultipart.split(body, boundary: Array(boundary.utf8), maxParts: TextExtractionContext.maxEntities)
        if split.truncated { notes.add("parts after the first \(TextExtractionContext.maxEntities) MIME parts were not read") }
        if split.parts.isEmpty {
            // No delimiter at all: rather than lose the text as "preamble", read it.
            if !TextNormalisation.looksBinary(body) {
                appendText(TextNormalisation.decodeText(body, charset: nil, maxOutput: limits.maxTextBytes + 1), to: target)
            }
            return
        }
        let childDefault = type == "multipart/digest" ? "message/rfc822" : "text/plain"
        guard type == "multipart/alternative", let chosen = Self.chooseAlternative(split.parts) else {
            for part in split.parts { walk(part: part, depth: depth + 1, target: target, defaultType: childDefault) }
            return
        }
        guard target == .body else {
            for (k, part) in split.parts.enumerated() {
                walk(part: part, depth: depth + 1, target: k == chosen ? target : .none, defaultType: childDefault)
            }
            return
        }
        let before = text.bytes.count
        walk(part: split.parts[chosen], depth: depth + 1, target: .body, defaultType: childDefault)
        let chosenWords = TextNormalisation.words(text.bytes[before...])
        for (k, part) in split.parts.enumerated() where k != chosen {
            let saved = alternative
            alternative = TextBuilder(limit: limits.maxTextBytes)
            walk(part: part, depth: depth + 1, target: .alternative, defaultType: childDefault)
            if !TextNormalisation.words(alternative.bytes[...]).isSubset(of: chosenWords) {
                if !differingAlternatives.isEmpty { differingAlternatives.append([0x0A, 0x0A]) }
                differingAlternatives.append(alternative.bytes)
            }
            alternative = saved
        }
    }

    /// The alternative to read: the first text/plain, else the first multipart (an HTML part
    /// with its images, usually), else the first text/html; nil (read all) when none is.
    static func chooseAlternative(_ parts: [ArraySlice<UInt8>]) -> Int? {
        var best: (rank: Int, index: Int)?
        for (k, part) in parts.enumerated() {
            let headers = MIMEHeaders.parse(part, message: false).headers
            let type = headers.first("content-type").map { MIMEParameterizedValue($0).value } ?? "text/plain"
            let attached = headers.first("content-disposition").map { MIMEParameterizedValue($0).value } == "attachment"
            let rank = attached ? 0 : type == "text/plain" ? 3 : type.hasPrefix("multipart/") ? 2 : type == "text/html" ? 1 : 0
            if rank > 0 && rank > (best?.rank ?? 0) { best = (rank, k) }
        }
        return best?.index
    }

    private mutating func message(body: ArraySlice<UInt8>, encoding: String, filename: String?, depth: Int) {
        guard let decoded = decode(body, encoding: encoding) else { return }
        guard context.reserveChild() else {
            notes.add("attachments beyond the limit of \(limits.maxChildren) child items were not kept")
            return
        }
        guard encoding == "base64" || encoding == "quoted-printable" || context.reserveExpanded(decoded.count) else {
            notes.add("attachments beyond the expansion limit of \(limits.maxExpandedBytes) bytes were not kept")
            return
        }
        var document: ExtractedDocument?
        if depth + 1 <= context.maxDepth {
            document = EmailExtractor.extract(decoded[...], context: context, depth: depth + 1)
        } else {
            notes.add("messages nested deeper than \(context.maxDepth) levels were not read")
        }
        let name = filename ?? Self.sanitisedName((document?.title ?? "message") + ".eml") ?? "message.eml"
        children.append(ExtractedChild(name: name, mediaType: "message/rfc822", bytes: decoded, document: document))
    }

    private mutating func attachment(body: ArraySlice<UInt8>, encoding: String, type: String, filename: String?, depth: Int) {
        guard let decoded = decode(body, encoding: encoding) else { return }
        guard encoding == "base64" || encoding == "quoted-printable" || context.reserveExpanded(decoded.count) else {
            notes.add("attachments beyond the expansion limit of \(limits.maxExpandedBytes) bytes were not kept")
            return
        }
        attachmentBytes(decoded, type: type, filename: filename, depth: depth)
    }

    private mutating func attachmentBytes(_ bytes: [UInt8], type: String, filename: String?, depth: Int) {
        guard context.reserveChild() else {
            notes.add("attachments beyond the limit of \(limits.maxChildren) child items were not kept")
            return
        }
        let name = filename ?? "part \(partNumber).\(Self.fileExtension(type))"
        let document = depth + 1 <= context.maxDepth
            ? TextExtractors.extractChild(bytes[...], name: name, mediaType: type, context: context, depth: depth + 1)
            : nil
        children.append(ExtractedChild(name: name, mediaType: type, bytes: bytes, document: document))
    }

    /// The body decoded from its transfer encoding, within the expansion budget; nil when the
    /// budget is spent (the part is then skipped, with a note, rather than kept damaged).
    private mutating func decode(_ body: ArraySlice<UInt8>, encoding: String) -> [UInt8]? {
        let decoded: MIMETransferEncoding.Decoded
        switch encoding {
        case "base64":
            decoded = MIMETransferEncoding.decodeBase64(body, maxOutput: context.expandedBudgetLeft)
        case "quoted-printable":
            decoded = MIMETransferEncoding.decodeQuotedPrintable(body, maxOutput: context.expandedBudgetLeft)
        default:
            return Array(body)  // 7bit, 8bit, binary, and unknown encodings: as they are
        }
        _ = context.reserveExpanded(decoded.bytes.count)
        if decoded.truncated {
            notes.add("parts beyond the expansion limit of \(limits.maxExpandedBytes) bytes were not decoded")
            return nil
        }
        return decoded.bytes
    }

    /// A text attachment's media type with its charset: the item made of the part keeps the
    /// part's bytes as they came, so it needs the label to read them as the mail did (UTF-16
    /// without a byte order mark, a legacy code page). Labels that are not a plain token are
    /// left out rather than carried into the item's record.
    static func typeWithCharset(_ type: String, _ label: String?) -> String {
        guard type.hasPrefix("text/"), let label, !label.isEmpty, label.utf8.count <= 40,
              label.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_.:".unicodeScalars.contains($0)) })
        else { return type }
        return "\(type); charset=\(label.lowercased())"
    }

    /// A file name safe to show and to use as one: its last path component, without control
    /// characters, at most 255 bytes; nil when nothing usable is left.
    static func sanitisedName(_ raw: String?) -> String? {
        guard let raw else { return nil }
        let last = raw.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let name = TextNormalisation.collapseWhitespace(last)
        guard !name.isEmpty, name != ".", name != ".." else { return nil }
        return TextNormalisation.prefix(name, maxBytes: 255)
    }

    static func fileExtension(_ type: String) -> String {
        switch type.split(separator: ";", maxSplits: 1).first.map(String.init) ?? type {
        case "text/plain": return "txt"
        case "text/html": return "html"
        case "text/csv": return "csv"
        case "text/calendar": return "ics"
        case "text/x-vcard", "text/vcard": return "vcf"
        case "image/jpeg": return "jpg"
        case "image/png": return "png"
        case "image/gif": return "gif"
        case "image/tiff": return "tif"
        case "application/pdf": return "pdf"
        case "application/zip": return "zip"
        case "application/pgp-signature": return "asc"
        case "application/pkcs7-signature", "application/x-pkcs7-signature": return "p7s"
        case "message/delivery-status": return "txt"
        default: return "bin"
        }
    }
}

import CivilCalendar

/// An Outlook message as the index sees an email: the same fields as `EmailExtractor` (from,
/// to, cc, bcc, reply-to, subject, date, message-id, in-reply-to), the subject as title, the
/// body (plain text, else the HTML body's text, else the RTF body's), and the attachments as
/// child items; an embedded message becomes a message/rfc822 child, written out as RFC 822
/// so that the child item reads like any attached .eml.
extension OutlookMessage {
    func document(context: TextExtractionContext, depth: Int) -> ExtractedDocument {
        var notes = notes
        var fields = extraFields
        let values: [(String, String?)] = [
            ("from", from), ("to", to), ("cc", cc), ("bcc", bcc), ("reply-to", replyTo), ("subject", subject),
            ("date", dateField), ("message-id", Self.bareID(messageID)), ("in-reply-to", inReplyTo),
        ]
        for (name, value) in values {
            guard var value, !value.isEmpty else { continue }
            if value.utf8.count > EmailExtractor.maxFieldBytes {
                value = TextNormalisation.prefix(value, maxBytes: EmailExtractor.maxFieldBytes)
                notes.add("the \(name) field was cut at \(EmailExtractor.maxFieldBytes) bytes")
            }
            fields[name] = value
        }
        var text = TextBuilder(limit: context.limits.maxTextBytes)
        text.append(bodyText(context: context, notes: &notes))
        if text.truncated { notes.add(text.truncationNote) }

        var children: [ExtractedChild] = []
        for (k, attachment) in attachments.enumerated() {
            guard context.reserveChild() else {
                notes.add("attachments beyond the limit of \(context.limits.maxChildren) child items were not kept")
                break
            }
            switch attachment.content {
            case .bytes(let bytes):
                guard context.reserveExpanded(bytes.count) else {
                    notes.add("attachments beyond the expansion limit of \(context.limits.maxExpandedBytes) bytes were not kept")
                    continue
                }
                let name = EmailWalker.sanitisedName(attachment.name) ?? "attachment \(k + 1).bin"
                let type = Self.mediaType(attachment.mediaType, name: name)
                let document = depth + 1 <= context.maxDepth
                    ? TextExtractors.extractChild(bytes[...], name: name, mediaType: type, context: context, depth: depth + 1)
                    : nil
                children.append(ExtractedChild(name: name, mediaType: type, bytes: bytes, document: document))
            case .message(let message):
                let bytes = message.rfc822()
                guard context.reserveExpanded(bytes.count) else {
                    notes.add("attachments beyond the expansion limit of \(context.limits.maxExpandedBytes) bytes were not kept")
                    continue
                }
                var name = EmailWalker.sanitisedName(attachment.name ?? message.subject) ?? "message"
                if !name.lowercased().hasSuffix(".eml") { name += ".eml" }
                let document = depth + 1 <= context.maxDepth
                    ? EmailExtractor.extract(bytes[...], context: context, depth: depth + 1) : nil
                children.append(ExtractedChild(name: name, mediaType: "message/rfc822", bytes: bytes, document: document))
            }
        }
        let title = subject.map { TextNormalisation.collapseWhitespace($0) }.flatMap { $0.isEmpty ? nil : $0 }
        return ExtractedDocument(outcome: notes.isEmpty ? .ok : .partial, reason: notes.reason, title: title,
                                 text: text.string, fields: fields, dateMilliseconds: dateMilliseconds, children: children)
    }

    /// The Date header as sent, else the MAPI time written as RFC 5322 (UTC).
    var dateField: String? {
        dateHeader ?? dateMilliseconds.map(Self.rfc5322Date)
    }

    /// The body as text: the plain body, else the HTML body's text, else the RTF body's.
    func bodyText(context: TextExtractionContext, notes: inout TextExtractionNotes) -> String {
        if let plain = plainBody, plain.contains(where: { !$0.isWhitespace }) {
            var text = String(decoding: TextNormalisation.clean(Array(plain.utf8)), as: UTF8.self)
            while let last = text.last, last.isWhitespace { text.removeLast() }
            return text
        }
        if let html = htmlBody, !html.isEmpty {
            return HTMLExtractor.extract(html[...], context: context, charsetLabel: htmlCharset).text
        }
        if let rtf = rtfBody, RTFText.isRTF(rtf) {
            let parsed = RTFText(rtf, maxTextBytes: context.limits.maxTextBytes)
            for page in parsed.unknownCodePages { notes.add("code page \(page) is not known and was read as Windows-1252") }
            return parsed.string
        }
        return ""
    }

    static func bareID(_ id: String?) -> String? {
        guard var id = id.map({ TextNormalisation.collapseWhitespace($0) }), !id.isEmpty else { return nil }
        if id.hasPrefix("<") && id.hasSuffix(">") && id.count > 2 { id = String(id.dropFirst().dropLast()) }
        return id
    }

    static func rfc5322Date(_ milliseconds: Int64) -> String {
        let seconds = milliseconds >= 0 ? milliseconds / 1000 : (milliseconds - 999) / 1000
        let days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400
        let rest = seconds - days * 86400
        let (year, month, day) = CivilDate.civil(fromDays: days)
        let weekday = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][Int(((days % 7) + 7) % 7)]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(weekday), \(day) \(months[Int(month) - 1]) \(year) \(two(rest / 3600)):\(two(rest / 60 % 60)):\(two(rest % 60)) +0000"
    }

    /// The attachment's declared type, else one from its name's extension.
    static func mediaType(_ declared: String?, name: String) -> String {
        if let declared = declared.map({ TextNormalisation.collapseWhitespace($0).lowercased() }),
           declared.contains("/"), declared != "application/octet-stream", declared.utf8.count <= 128 {
            return declared
        }
        let ext = name.split(separator: ".").last.map { $0.lowercased() } ?? ""
        return byExtension[ext] ?? "application/octet-stream"
    }

    private static let byExtension: [String: String] = [
        "pdf": "application/pdf", "txt": "text/plain", "htm": "text/html", "html": "text/html", "csv": "text/csv",
        "rtf": "application/rtf", "eml": "message/rfc822", "msg": "application/vnd.ms-outlook",
        "doc": "application/msword", "xls": "application/vnd.ms-excel", "ppt": "application/vnd.ms-powerpoint",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "odt": "application/vnd.oasis.opendocument.text", "zip": "application/zip",
        "jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png", "gif": "image/gif", "tif": "image/tiff",
        "tiff": "image/tiff", "bmp": "image/bmp", "wav": "audio/wav", "mp3": "audio/mpeg", "mp4": "video/mp4",
        "wpd": "application/vnd.wordperfect", "ics": "text/calendar", "vcf": "text/vcard",
    ]
}

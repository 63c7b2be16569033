/// Reading an Outlook .msg (MS-OXMSG): the message's properties, its recipients
/// (`__recip_version1.0_#XXXXXXXX`) and attachments (`__attach_version1.0_#XXXXXXXX`), an
/// embedded message being a storage of the same layout under its attachment.
extension OutlookMessage {
    /// Property ids (MS-OXPROPS) read here.
    enum Tag {
        static let messageClass: UInt16 = 0x001A, subject: UInt16 = 0x0037, clientSubmitTime: UInt16 = 0x0039
        static let sentRepresentingName: UInt16 = 0x0042, sentRepresentingAddressType: UInt16 = 0x0064
        static let sentRepresentingAddress: UInt16 = 0x0065, replyRecipientNames: UInt16 = 0x0050
        static let transportHeaders: UInt16 = 0x007D
        static let senderName: UInt16 = 0x0C1A, senderAddressType: UInt16 = 0x0C1E, senderAddress: UInt16 = 0x0C1F
        static let recipientType: UInt16 = 0x0C15
        static let displayBcc: UInt16 = 0x0E02, displayCc: UInt16 = 0x0E03, displayTo: UInt16 = 0x0E04
        static let deliveryTime: UInt16 = 0x0E06
        static let body: UInt16 = 0x1000, rtfCompressed: UInt16 = 0x1009, html: UInt16 = 0x1013
        static let internetMessageID: UInt16 = 0x1035, inReplyTo: UInt16 = 0x1042
        static let displayName: UInt16 = 0x3001, addressType: UInt16 = 0x3002, emailAddress: UInt16 = 0x3003
        static let attachData: UInt16 = 0x3701, attachFilename: UInt16 = 0x3704, attachMethod: UInt16 = 0x3705
        static let attachLongFilename: UInt16 = 0x3707, attachMimeTag: UInt16 = 0x370E, attachContentID: UInt16 = 0x3712
        static let smtpAddress: UInt16 = 0x39FE, internetCodePage: UInt16 = 0x3FDE, messageCodePage: UInt16 = 0x3FFD
        static let senderSMTPAddress: UInt16 = 0x5D01, sentRepresentingSMTPAddress: UInt16 = 0x5D02
    }

    /// Whether a compound file is an Outlook message: a property stream and a message class
    /// or recipient/attachment storages at the root.
    static func isMessage(_ file: OLECompoundFile) -> Bool {
        let root = file.children(of: OLECompoundFile.root).compactMap { file.entries[$0]?.name.lowercased() }
        return root.contains("__properties_version1.0")
            && root.contains { $0.hasPrefix("__substg1.0_001a") || $0.hasPrefix("__recip_version1.0_")
                || $0.hasPrefix("__attach_version1.0_") || $0.hasPrefix("__substg1.0_0037") }
    }

    /// The message stored at `storage` (the root for a .msg file).
    init(file: OLECompoundFile, storage: Int, owner: OutlookProperties.Owner, context: TextExtractionContext, depth: Int) {
        let maxBytes = context.limits.maxInputBytes
        var props = OutlookProperties(file: file, storage: storage, owner: owner, maxStreamBytes: maxBytes)
        let codePage = props.int32(Tag.messageCodePage) ?? props.int32(Tag.internetCodePage)
        if let codePage {
            if let charset = WindowsCodePage.charset(codePage) {
                props.charset = charset
            } else if props.hasString8Properties || props.binarySize(Tag.html) != nil {
                notes.add("code page \(codePage) is not known and was read as Windows-1252")
            }
        }
        messageClass = props.string(Tag.messageClass)
        subject = props.string(Tag.subject)
        transportHeaders = props.string(Tag.transportHeaders)
        messageID = props.string(Tag.internetMessageID)
        inReplyTo = props.string(Tag.inReplyTo)
        dateMilliseconds = props.time(Tag.clientSubmitTime) ?? props.time(Tag.deliveryTime)

        let senderAddress = props.string(Tag.senderSMTPAddress)
            ?? Self.smtp(props.string(Tag.senderAddress), type: props.string(Tag.senderAddressType))
            ?? props.string(Tag.sentRepresentingSMTPAddress)
            ?? Self.smtp(props.string(Tag.sentRepresentingAddress), type: props.string(Tag.sentRepresentingAddressType))
            ?? props.string(Tag.senderAddress) ?? props.string(Tag.sentRepresentingAddress)
        from = Self.mailbox(name: props.string(Tag.senderName) ?? props.string(Tag.sentRepresentingName), address: senderAddress)

        var lists: [Int: [String]] = [:]
        for recipient in props.storages(prefixed: "__recip_version1.0_#") {
            var r = OutlookProperties(file: file, storage: recipient, owner: .recipientOrAttachment, maxStreamBytes: 1 << 20,
                                      charset: props.charset)
            r.charset = props.charset
            let address = r.string(Tag.smtpAddress) ?? Self.smtp(r.string(Tag.emailAddress), type: r.string(Tag.addressType))
                ?? r.string(Tag.emailAddress)
            guard let entry = Self.mailbox(name: r.string(Tag.displayName), address: address) else { continue }
            lists[r.int32(Tag.recipientType) ?? 1, default: []].append(entry)
        }
        to = lists[1].map { $0.joined(separator: ", ") } ?? props.string(Tag.displayTo)
        cc = lists[2].map { $0.joined(separator: ", ") } ?? props.string(Tag.displayCc)
        bcc = lists[3].map { $0.joined(separator: ", ") } ?? props.string(Tag.displayBcc)
        replyTo = props.string(Tag.replyRecipientNames)
        if let headers = transportHeaders { applyTransportHeaders(headers) }

        plainBody = props.string(Tag.body)
        if let html = props.binary(Tag.html) {
            htmlBody = html
            htmlCharset = codePage.flatMap { WindowsCodePage.charset($0) }?.name
        } else if let html = props.string(Tag.html) {
            htmlBody = Array(html.utf8)
            htmlCharset = "utf-8"
        }
        if let compressed = props.binary(Tag.rtfCompressed) {
            do {
                rtfBody = try CompressedRTF.decompress(compressed, maxBytes: context.limits.maxTextBytes * 4)
            } catch {
                if plainBody == nil && htmlBody == nil { notes.add("the RTF body is damaged (\(error.reason))") }
            }
        }

        for storage in props.storages(prefixed: "__attach_version1.0_#") {
            readAttachment(file: file, storage: storage, charset: props.charset, context: context, depth: depth)
        }
    }

    private mutating func readAttachment(file: OLECompoundFile, storage: Int, charset: Charset,
                                         context: TextExtractionContext, depth: Int) {
        let props = OutlookProperties(file: file, storage: storage, owner: .recipientOrAttachment,
                                      maxStreamBytes: context.limits.maxInputBytes, charset: charset)
        let name = props.string(Tag.attachLongFilename) ?? props.string(Tag.attachFilename) ?? props.string(Tag.displayName)
        let mediaType = props.string(Tag.attachMimeTag)
        let contentID = props.string(Tag.attachContentID)
        if let bytes = props.binary(Tag.attachData) {
            attachments.append(Attachment(name: name, mediaType: mediaType, contentID: contentID, content: .bytes(bytes)))
        } else if let object = props.object(Tag.attachData) {
            let inner = OutlookProperties(file: file, storage: object, owner: .embeddedMessage, maxStreamBytes: 1 << 20)
            guard inner.hasPropertyStream else {
                notes.add("an embedded OLE object\(name.map { " (\($0))" } ?? "") was not extracted")
                return
            }
            guard depth < context.maxDepth else {
                notes.add("messages nested deeper than \(context.maxDepth) levels were not read")
                return
            }
            let message = OutlookMessage(file: file, storage: object, owner: .embeddedMessage, context: context, depth: depth + 1)
            attachments.append(Attachment(name: name, mediaType: "message/rfc822", contentID: contentID, content: .message(message)))
        } else if let size = props.binarySize(Tag.attachData), size > 0 {
            notes.add("an attachment of \(size) bytes could not be read (damaged, or over the limit)")
        }
    }

    /// From, To, Cc, Date and the ids as the Internet headers have them, where MAPI lacks them
    /// (the transport headers are what an .eml of the same mail would show).
    mutating func applyTransportHeaders(_ text: String) {
        let headers = MIMEHeaders.parse(Array(text.utf8)[...], message: true).headers
        func value(_ name: String) -> String? {
            let joined = headers.all(name).map { MIMEEncodedWords.decode($0) }.filter { !$0.isEmpty }.joined(separator: ", ")
            return joined.isEmpty ? nil : joined
        }
        if let header = value("from") { from = header }
        if let header = value("to") { to = header }
        if let header = value("cc") { cc = header }
        if let header = value("reply-to") { replyTo = header }
        if messageID == nil { messageID = value("message-id") }
        if inReplyTo == nil { inReplyTo = value("in-reply-to") }
        if let date = headers.first("date").map({ MIMEEncodedWords.decode($0) }), !date.isEmpty {
            dateHeader = date
            if dateMilliseconds == nil { dateMilliseconds = MIMEDate.milliseconds(date) }
        }
    }

    /// An address that is an Internet one: SMTP, or one that looks like it.
    static func smtp(_ address: String?, type: String?) -> String? {
        guard let address, !address.isEmpty else { return nil }
        if let type, type.uppercased() == "SMTP" { return address }
        return type == nil && address.contains("@") && !address.hasPrefix("/") ? address : nil
    }

    /// "Name <address>", or either alone.
    static func mailbox(name: String?, address: String?) -> String? {
        let name = name.map { TextNormalisation.collapseWhitespace($0) }.flatMap { $0.isEmpty ? nil : $0 }
        let address = address.map { TextNormalisation.collapseWhitespace($0) }.flatMap { $0.isEmpty ? nil : $0 }
        guard let address else { return name }
        guard let name, name != address, name != "'\(address)'" else { return address }
        let quoted = name.contains(where: { ",;<>@\"".contains($0) })
            ? "\"" + String(name.map { $0 == "\"" ? "'" : $0 }) + "\"" : name
        return "\(quoted) <\(address)>"
    }
}

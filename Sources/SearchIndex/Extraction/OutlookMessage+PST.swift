import CPFF
import Glibc

/// Reading a message of a PST through libpff: the same properties as from a .msg
/// (`OutlookMessage+MSG.swift`), libpff giving strings as UTF-8 and the RTF body decompressed.
extension OutlookMessage {
    init(pff item: PFF.Item, context: TextExtractionContext, depth: Int) {
        let maxBytes = context.limits.maxInputBytes
        messageClass = PFF.string(item, Tag.messageClass)
        subject = PFF.string(item, Tag.subject)
        transportHeaders = PFF.string(item, Tag.transportHeaders)
        messageID = PFF.string(item, Tag.internetMessageID)
        inReplyTo = PFF.string(item, Tag.inReplyTo)
        dateMilliseconds = PFF.time(item, Tag.clientSubmitTime) ?? PFF.time(item, Tag.deliveryTime)
        let senderAddress = PFF.string(item, Tag.senderSMTPAddress)
            ?? Self.smtp(PFF.string(item, Tag.senderAddress), type: PFF.string(item, Tag.senderAddressType))
            ?? PFF.string(item, Tag.sentRepresentingSMTPAddress)
            ?? PFF.string(item, Tag.senderAddress)
        from = Self.mailbox(name: PFF.string(item, Tag.senderName) ?? PFF.string(item, Tag.sentRepresentingName),
                            address: senderAddress)

        var lists: [Int: [String]] = [:]
        var recipients: PFF.Item?
        if libpff_message_get_recipients(item, &recipients, nil) == 1, let recipients {
            var count: Int32 = 0
            if libpff_item_get_number_of_record_sets(recipients, &count, nil) == 1 {
                for set in 0..<min(count, 100_000) {
                    let address = PFF.string(recipients, Tag.smtpAddress, set: set)
                        ?? Self.smtp(PFF.string(recipients, Tag.emailAddress, set: set),
                                     type: PFF.string(recipients, Tag.addressType, set: set))
                        ?? PFF.string(recipients, Tag.emailAddress, set: set)
                    guard let entry = Self.mailbox(name: PFF.string(recipients, Tag.displayName, set: set), address: address)
                    else { continue }
                    lists[PFF.int32(recipients, Tag.recipientType, set: set) ?? 1, default: []].append(entry)
                }
            }
            var free: PFF.Item? = recipients
            libpff_item_free(&free, nil)
        }
        to = lists[1].map { $0.joined(separator: ", ") } ?? PFF.string(item, Tag.displayTo)
        cc = lists[2].map { $0.joined(separator: ", ") } ?? PFF.string(item, Tag.displayCc)
        bcc = lists[3].map { $0.joined(separator: ", ") } ?? PFF.string(item, Tag.displayBcc)
        if let headers = transportHeaders { applyTransportHeaders(headers) }

        if let plain = PFF.body(item, maxBytes: maxBytes, size: libpff_message_get_plain_text_body_size,
                                read: libpff_message_get_plain_text_body) {
            plainBody = String(decoding: plain, as: UTF8.self)
        }
        htmlBody = PFF.body(item, maxBytes: maxBytes, size: libpff_message_get_html_body_size, read: libpff_message_get_html_body)
        if htmlBody != nil {
            htmlCharset = (PFF.int32(item, Tag.internetCodePage)).flatMap { WindowsCodePage.charset($0) }?.name
        }
        rtfBody = PFF.body(item, maxBytes: maxBytes, size: libpff_message_get_rtf_body_size, read: libpff_message_get_rtf_body)

        var count: Int32 = 0
        guard libpff_message_get_number_of_attachments(item, &count, nil) == 1 else { return }
        for index in 0..<count {
            var attachment: PFF.Item?
            guard libpff_message_get_attachment(item, index, &attachment, nil) == 1, let attachment else {
                notes.add("an attachment could not be read")
                continue
            }
            readAttachment(pff: attachment, context: context, depth: depth)
            var free: PFF.Item? = attachment
            libpff_item_free(&free, nil)
        }
    }

    private mutating func readAttachment(pff attachment: PFF.Item, context: TextExtractionContext, depth: Int) {
        let name = PFF.string(attachment, Tag.attachLongFilename) ?? PFF.string(attachment, Tag.attachFilename)
            ?? PFF.string(attachment, Tag.displayName)
        let mediaType = PFF.string(attachment, Tag.attachMimeTag)
        let contentID = PFF.string(attachment, Tag.attachContentID)
        var type: Int32 = 0
        _ = libpff_attachment_get_type(attachment, &type, nil)
        if type == Int32(LIBPFF_ATTACHMENT_TYPE_ITEM.rawValue) {
            guard depth < context.maxDepth else {
                notes.add("messages nested deeper than \(context.maxDepth) levels were not read")
                return
            }
            var embedded: PFF.Item?
            guard libpff_attachment_get_item(attachment, &embedded, nil) == 1, let embedded else {
                notes.add("an embedded message could not be read")
                return
            }
            let message = OutlookMessage(pff: embedded, context: context, depth: depth + 1)
            var free: PFF.Item? = embedded
            libpff_item_free(&free, nil)
            attachments.append(Attachment(name: name, mediaType: "message/rfc822", contentID: contentID, content: .message(message)))
            return
        }
        guard type == Int32(LIBPFF_ATTACHMENT_TYPE_DATA.rawValue) else { return }
        var size: size64_t = 0
        guard libpff_attachment_get_data_size(attachment, &size, nil) == 1 else { return }
        guard size <= UInt64(context.limits.maxInputBytes), size <= UInt64(context.expandedBudgetLeft) else {
            notes.add("an attachment of \(size) bytes is over the limits and was not kept")
            return
        }
        var bytes = [UInt8](repeating: 0, count: Int(size))
        let read = bytes.withUnsafeMutableBufferPointer { pointer -> Int in
            guard let base = pointer.baseAddress, pointer.count > 0 else { return 0 }
            _ = libpff_attachment_data_seek_offset(attachment, 0, SEEK_SET, nil)
            return Int(libpff_attachment_data_read_buffer(attachment, base, pointer.count, nil))
        }
        guard read == Int(size) else {
            notes.add("an attachment could not be read in full")
            return
        }
        attachments.append(Attachment(name: name, mediaType: mediaType, contentID: contentID, content: .bytes(bytes)))
    }
}

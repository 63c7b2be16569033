/// An Outlook message written as RFC 822 (MIME, UTF-8, base64 parts): how an embedded message
/// or a PST message becomes a child item that `EmailExtractor` reads like any .eml. The body is
/// the text the message's own extraction gives (plain, else from HTML, else from RTF), and
/// each attachment is a part with its bytes; an embedded message nests as message/rfc822.
extension OutlookMessage {
    func rfc822(context: TextExtractionContext? = nil) -> [UInt8] {
        let context = context ?? TextExtractionContext(limits: ExtractionLimits())
        var out: [UInt8] = []
        func header(_ name: String, _ value: String?) {
            guard let value = value.map({ TextNormalisation.collapseWhitespace($0) }), !value.isEmpty else { return }
            out.append(contentsOf: Array("\(name): ".utf8))
            out.append(contentsOf: Self.encodedWords(value))
            out.append(contentsOf: [0x0D, 0x0A])
        }
        header("From", from)
        header("To", to)
        header("Cc", cc)
        header("Bcc", bcc)
        header("Reply-To", replyTo)
        header("Subject", subject)
        header("Date", dateField)
        header("Message-ID", Self.bareID(messageID).map { "<\($0)>" })
        header("In-Reply-To", inReplyTo)
        for (name, value) in extraFields.sorted(by: { $0.key < $1.key }) {
            header("X-Outlook-" + name.prefix(1).uppercased() + name.dropFirst(), value)
        }
        header("MIME-Version", "1.0")
        var notes = TextExtractionNotes()
        let body = Array(bodyText(context: context, notes: &notes).utf8)
        let textPart = "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n"
        guard !attachments.isEmpty else {
            out.append(contentsOf: Array(textPart.utf8) + [0x0D, 0x0A])
            out.append(contentsOf: Self.base64Lines(body))
            return out
        }
        let boundary = "=_outlook_part_\(Self.boundaryToken(body.count, attachments.count))"
        out.append(contentsOf: Array("Content-Type: multipart/mixed; boundary=\"\(boundary)\"\r\n\r\n".utf8))
        out.append(contentsOf: Array("--\(boundary)\r\n\(textPart)\r\n".utf8))
        out.append(contentsOf: Self.base64Lines(body))
        for attachment in attachments {
            out.append(contentsOf: Array("--\(boundary)\r\n".utf8))
            let name = EmailWalker.sanitisedName(attachment.name)
            let nameParameter = name.map { "; filename*=utf-8''" + Self.percentEncoded($0) } ?? ""
            switch attachment.content {
            case .bytes(let bytes):
                let type = Self.mediaType(attachment.mediaType, name: name ?? "")
                out.append(contentsOf: Array("Content-Type: \(type)\r\nContent-Transfer-Encoding: base64\r\n".utf8))
                out.append(contentsOf: Array("Content-Disposition: attachment\(nameParameter)\r\n\r\n".utf8))
                out.append(contentsOf: Self.base64Lines(bytes))
            case .message(let message):
                out.append(contentsOf: Array("Content-Type: message/rfc822\r\n".utf8))
                out.append(contentsOf: Array("Content-Disposition: attachment\(nameParameter)\r\n\r\n".utf8))
                out.append(contentsOf: message.rfc822(context: context))
                out.append(contentsOf: [0x0D, 0x0A])
            }
        }
        out.append(contentsOf: Array("--\(boundary)--\r\n".utf8))
        return out
    }

    /// A header value as it is when ASCII, else as RFC 2047 UTF-8 base64 words of at most 45
    /// bytes each (whole characters), folded one word a line.
    static func encodedWords(_ value: String) -> [UInt8] {
        let utf8 = Array(value.utf8)
        guard utf8.contains(where: { $0 >= 0x80 || $0 < 0x20 }) else { return utf8 }
        var out: [UInt8] = []
        var chunk: [UInt8] = []
        func flush() {
            guard !chunk.isEmpty else { return }
            if !out.isEmpty { out.append(contentsOf: [0x0D, 0x0A, 0x20]) }
            out.append(contentsOf: Array("=?utf-8?B?".utf8) + base64(chunk) + Array("?=".utf8))
            chunk.removeAll()
        }
        for ch in value {
            let bytes = Array(String(ch).utf8)
            if chunk.count + bytes.count > 45 { flush() }
            chunk.append(contentsOf: bytes)
        }
        flush()
        return out
    }

    static func percentEncoded(_ s: String) -> String {
        var out = ""
        for b in s.utf8 {
            if (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || "-._~".utf8.contains(b) {
                out.unicodeScalars.append(Unicode.Scalar(b))
            } else {
                let digits = Array("0123456789ABCDEF".utf8)
                out += "%" + String(decoding: [digits[Int(b >> 4)], digits[Int(b & 15)]], as: UTF8.self)
            }
        }
        return out
    }

    private static func boundaryToken(_ a: Int, _ b: Int) -> String {
        String(UInt64(truncatingIfNeeded: a &* 2_654_435_761 &+ b), radix: 36)
    }

    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    static func base64(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var i = 0
        while i + 2 < bytes.count {
            let v = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2])
            out += [alphabet[Int(v >> 18)], alphabet[Int(v >> 12 & 63)], alphabet[Int(v >> 6 & 63)], alphabet[Int(v & 63)]]
            i += 3
        }
        let rest = bytes.count - i
        if rest == 1 {
            let v = UInt32(bytes[i]) << 16
            out += [alphabet[Int(v >> 18)], alphabet[Int(v >> 12 & 63)], 0x3D, 0x3D]
        } else if rest == 2 {
            let v = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8
            out += [alphabet[Int(v >> 18)], alphabet[Int(v >> 12 & 63)], alphabet[Int(v >> 6 & 63)], 0x3D]
        }
        return out
    }

    /// Base64 in lines of 76 characters, each ended by CRLF.
    static func base64Lines(_ bytes: [UInt8]) -> [UInt8] {
        let encoded = base64(bytes)
        var out: [UInt8] = []
        out.reserveCapacity(encoded.count + encoded.count / 76 * 2 + 2)
        var start = 0
        while start < encoded.count {
            let end = min(start + 76, encoded.count)
            out.append(contentsOf: encoded[start..<end])
            out.append(contentsOf: [0x0D, 0x0A])
            start = end
        }
        return out
    }
}

/// mbox (mboxo and mboxrd): each message, split at the "From " lines that start a line, is a
/// child item (name "message N - subject", media type message/rfc822, bytes the message as
/// delivered: without its envelope line and with one level of ">From " quoting removed, and
/// its email extraction). The mbox's own text is the list of subjects, one per line.
public enum MboxExtractor {
    public static func extract(_ bytes: [UInt8], limits: ExtractionLimits) -> ExtractedDocument {
        if let tooBig = TextExtractors.rejectOversized(bytes.count, limits: limits) { return tooBig }
        return extract(bytes[...], context: TextExtractionContext(limits: limits), depth: 0)
    }

    private static let fromPrefix: [UInt8] = Array("From ".utf8)

    struct Message {
        /// The envelope line after "From " ("sender date"), if the message had one.
        var envelope: ArraySlice<UInt8>?
        var bytes: ArraySlice<UInt8>
    }

    static func extract(_ bytes: ArraySlice<UInt8>, context: TextExtractionContext, depth: Int) -> ExtractedDocument {
        var notes = TextExtractionNotes()
        var text = TextBuilder(limit: context.limits.maxTextBytes)
        var children: [ExtractedChild] = []
        let messages = split(bytes)
        for (k, message) in messages.enumerated() {
            guard context.reserveChild() else {
                notes.add("messages after the first \(children.count) were not split out (the limit is \(context.limits.maxChildren) child items)")
                break
            }
            let raw = unquote(message.bytes)
            var document = depth + 1 <= context.maxDepth
                ? EmailExtractor.extract(raw[...], context: context, depth: depth + 1)
                : nil
            if let envelope = message.envelope {
                document?.fields["envelope-from"] = TextNormalisation.collapseWhitespace(
                    String(decoding: UTF8Lenient.decoded(Array(envelope)), as: UTF8.self))
            }
            let subject = document?.title ?? ""
            var name = "message \(k + 1)"
            if !subject.isEmpty { name += " - " + TextNormalisation.prefix(subject, maxBytes: 160) }
            children.append(ExtractedChild(name: name, mediaType: "message/rfc822", bytes: raw, document: document,
                                           part: .message))
            if !text.isEmpty { text.append(byte: 0x0A) }
            text.append(subject.isEmpty ? "(no subject)" : subject)
        }
        if text.truncated { notes.add(text.truncationNote) }
        return ExtractedDocument(outcome: notes.isEmpty ? .ok : .partial, reason: notes.reason, text: text.string,
                                 fields: ["messages": String(children.count)], children: children)
    }

    /// Messages at each line that starts with "From ". Text before the first such line, if
    /// not blank, is kept as a message of its own rather than dropped. The blank line that
    /// separates a message from the next "From " line is not part of the message.
    static func split(_ bytes: ArraySlice<UInt8>) -> [Message] {
        var messages: [Message] = []
        var current: (envelope: ArraySlice<UInt8>?, start: Int)?
        var ls = bytes.startIndex
        let end = bytes.endIndex
        if !bytes.starts(with: fromPrefix) {
            current = (nil, ls)
        }
        func finish(at stop: Int) {
            guard let c = current else { return }
            var e = stop
            // Drop the separating empty line ("\n" or "\r\n") before the next "From ".
            if e > c.start && bytes[e - 1] == 0x0A {
                e -= 1
                if e > c.start && bytes[e - 1] == 0x0D { e -= 1 }
                if !(e > c.start && bytes[e - 1] == 0x0A) {
                    // That line break ended the last line of the message: keep it.
                    e = stop
                }
            }
            let body = bytes[c.start..<e]
            if c.envelope != nil || body.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }) {
                messages.append(Message(envelope: c.envelope, bytes: body))
            }
        }
        while ls < end {
            let newline = bytes[ls...].firstIndex(of: 0x0A)
            let next = newline.map { $0 + 1 } ?? end
            if bytes[ls...].starts(with: fromPrefix) {
                finish(at: ls)
                var lineEnd = newline ?? end
                if lineEnd > ls && bytes[lineEnd - 1] == 0x0D { lineEnd -= 1 }
                current = (bytes[(ls + 5)..<max(ls + 5, lineEnd)], next)
            }
            ls = next
        }
        finish(at: end)
        return messages
    }

    /// mboxrd: a line of ">From ", ">>From ", … loses one ">" (in mboxo only ">From " was
    /// quoted, and unquoting it is right there too).
    static func unquote(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var ls = bytes.startIndex
        while ls < bytes.endIndex {
            let next = bytes[ls...].firstIndex(of: 0x0A).map { $0 + 1 } ?? bytes.endIndex
            var p = ls
            while p < next && bytes[p] == UInt8(ascii: ">") { p += 1 }
            if p > ls && bytes[p..<next].starts(with: fromPrefix) {
                out.append(contentsOf: bytes[(ls + 1)..<next])
            } else {
                out.append(contentsOf: bytes[ls..<next])
            }
            ls = next
        }
        return out
    }
}

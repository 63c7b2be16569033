/// A passage of a hit's text with the words that matched the query marked (Xapian's
/// MSet::snippet: stemmed variants of query words are marked too, "…" where text was left out).
public struct Snippet: Sendable, Equatable, Codable {
    public struct Segment: Sendable, Equatable, Codable {
        public var text: String
        public var highlighted: Bool

        public init(text: String, highlighted: Bool) {
            self.text = text
            self.highlighted = highlighted
        }
    }

    public var segments: [Segment]

    public init(segments: [Segment]) { self.segments = segments }

    /// The passage without marks.
    public var text: String { segments.map(\.text).joined() }

    /// The highlighted words, in order.
    public var highlightedWords: [String] { segments.filter(\.highlighted).map(\.text) }

    /// Plain text with each highlighted run between `open` and `close` (e.g. "[" "]", or
    /// terminal escapes).
    public func marked(open: String, close: String) -> String {
        segments.map { $0.highlighted ? open + $0.text + close : $0.text }.joined()
    }

    /// HTML: the text escaped, highlighted runs in <mark>.
    public var html: String {
        segments.map { $0.highlighted ? "<mark>" + Self.escape($0.text) + "</mark>" : Self.escape($0.text) }.joined()
    }

    /// Parses MSet::snippet output: HTML-escaped text (Xapian escapes &, < and >) with
    /// highlights between the scalars `start` and `end`.
    static func parse(_ raw: String, start: Unicode.Scalar, end: Unicode.Scalar) -> Snippet {
        var segments: [Segment] = []
        var current = String.UnicodeScalarView()
        var highlighted = false
        func emit() {
            guard !current.isEmpty else { return }
            let text = unescape(String(current))
            if let last = segments.last, last.highlighted == highlighted {
                segments[segments.count - 1].text += text
            } else {
                segments.append(Segment(text: text, highlighted: highlighted))
            }
            current = String.UnicodeScalarView()
        }
        for scalar in raw.unicodeScalars {
            if scalar == start {
                emit()
                highlighted = true
            } else if scalar == end {
                emit()
                highlighted = false
            } else {
                current.append(scalar)
            }
        }
        emit()
        return Snippet(segments: segments)
    }

    /// Undoes HTML escaping (&amp; &lt; &gt; &quot; &#39;), working on UTF-8 bytes.
    static func unescape(_ s: String) -> String {
        let bytes = Array(s.utf8)
        guard bytes.contains(UInt8(ascii: "&")) else { return s }
        let entities: [([UInt8], UInt8)] = [
            (Array("&amp;".utf8), UInt8(ascii: "&")), (Array("&lt;".utf8), UInt8(ascii: "<")),
            (Array("&gt;".utf8), UInt8(ascii: ">")), (Array("&quot;".utf8), UInt8(ascii: "\"")),
            (Array("&#39;".utf8), UInt8(ascii: "'")),
        ]
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        outer: while i < bytes.count {
            if bytes[i] == UInt8(ascii: "&") {
                for (entity, replacement) in entities
                where i + entity.count <= bytes.count && bytes[i..<(i + entity.count)].elementsEqual(entity) {
                    out.append(replacement)
                    i += entity.count
                    continue outer
                }
            }
            out.append(bytes[i])
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func escape(_ s: String) -> String {
        var out = ""
        for ch in s {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(ch)
            }
        }
        return out
    }
}

/// Finds the text of the string literals in Swift source, and whether each sits inside an
/// `EvidenceError(...)` call, so a test can hold library messages to naming no CLI flag.
/// It knows just enough Swift for that: comments, escapes, `\(...)` interpolation (whose code,
/// strings included, is scanned in turn), multi-line `"""` and raw `#"..."#` literals.
struct SwiftStringLiteralScanner {
    /// One run of literal text (interpolations split a literal into several), with the line it starts on.
    struct Piece: Equatable {
        let line: Int
        let text: String
        let inErrorCall: Bool
    }

    private let bytes: [UInt8]
    private var index = 0
    private var line = 1
    private var depth = 0
    /// The parenthesis depths at which `EvidenceError(` calls opened.
    private var callDepths: [Int] = []
    private var lastIdentifier: String?
    private(set) var pieces: [Piece] = []

    static func scan(_ source: String) -> [Piece] {
        var scanner = SwiftStringLiteralScanner(bytes: Array(source.utf8))
        scanner.scanCode(closingDepth: nil)
        return scanner.pieces
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    private func peek(_ offset: Int = 0) -> UInt8? {
        index + offset < bytes.count ? bytes[index + offset] : nil
    }

    private func starts(with text: String) -> Bool {
        let pattern = Array(text.utf8)
        guard index + pattern.count <= bytes.count else { return false }
        return Array(bytes[index..<index + pattern.count]) == pattern
    }

    private mutating func advance(_ count: Int = 1) {
        for _ in 0..<count where index < bytes.count {
            if bytes[index] == UInt8(ascii: "\n") { line += 1 }
            index += 1
        }
    }

    private static func isIdentifier(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x5F
    }

    /// Code, up to the `)` that closes depth `closingDepth` (an interpolation) or the end.
    private mutating func scanCode(closingDepth: Int?) {
        while let byte = peek() {
            if starts(with: "//") {
                while let next = peek(), next != UInt8(ascii: "\n") { advance() }
            } else if starts(with: "/*") {
                skipBlockComment()
            } else if byte == UInt8(ascii: "#") || byte == UInt8(ascii: "\"") {
                var hashes = 0
                while peek(hashes) == UInt8(ascii: "#") { hashes += 1 }
                guard peek(hashes) == UInt8(ascii: "\"") else {
                    advance(max(hashes, 1))
                    lastIdentifier = nil
                    continue
                }
                advance(hashes)
                scanString(hashes: hashes)
                lastIdentifier = nil
            } else if byte == UInt8(ascii: "(") {
                depth += 1
                if lastIdentifier == "EvidenceError" { callDepths.append(depth) }
                lastIdentifier = nil
                advance()
            } else if byte == UInt8(ascii: ")") {
                if let closingDepth, depth == closingDepth {
                    depth -= 1
                    advance()
                    return
                }
                if callDepths.last == depth { callDepths.removeLast() }
                depth -= 1
                lastIdentifier = nil
                advance()
            } else if Self.isIdentifier(byte) {
                let start = index
                while let next = peek(), Self.isIdentifier(next) { advance() }
                lastIdentifier = String(decoding: bytes[start..<index], as: UTF8.self)
            } else {
                if byte != UInt8(ascii: " ") && byte != UInt8(ascii: "\n") && byte != UInt8(ascii: "\t") { lastIdentifier = nil }
                advance()
            }
        }
    }

    private mutating func skipBlockComment() {
        var nesting = 0
        while peek() != nil {
            if starts(with: "/*") {
                nesting += 1
                advance(2)
            } else if starts(with: "*/") {
                nesting -= 1
                advance(2)
                if nesting == 0 { return }
            } else {
                advance()
            }
        }
    }

    /// A literal from just before its opening quote(s) to just after its closing delimiter.
    private mutating func scanString(hashes: Int) {
        let multiline = starts(with: "\"\"\"")
        advance(multiline ? 3 : 1)
        let closing = (multiline ? "\"\"\"" : "\"") + String(repeating: "#", count: hashes)
        let escape = "\\" + String(repeating: "#", count: hashes)
        var text: [UInt8] = []
        var textLine = line
        func flush(_ scanner: inout SwiftStringLiteralScanner) {
            if !text.isEmpty {
                scanner.pieces.append(Piece(line: textLine, text: String(decoding: text, as: UTF8.self),
                                            inErrorCall: !scanner.callDepths.isEmpty))
            }
            text = []
        }
        while let byte = peek() {
            if starts(with: closing) {
                advance(closing.utf8.count)
                flush(&self)
                return
            }
            if starts(with: escape) {
                advance(escape.utf8.count)
                if peek() == UInt8(ascii: "(") {
                    flush(&self)
                    depth += 1
                    advance()
                    scanCode(closingDepth: depth)
                    textLine = line
                } else if let escaped = peek() {
                    // Keep the escaped character's place, so "\-\-x" is not mistaken for a flag either way.
                    text.append(escaped == UInt8(ascii: "n") ? UInt8(ascii: " ") : escaped)
                    advance()
                }
                continue
            }
            if !multiline && byte == UInt8(ascii: "\n") { break }
            text.append(byte)
            advance()
        }
        flush(&self)
    }
}

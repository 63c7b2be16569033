/// Splits a multipart body (RFC 2046 §5.1.1) at its delimiter lines: `--boundary`, or
/// `--boundary--` for the close, each followed only by white space. The preamble and epilogue
/// are not parts. As Python's parser, a missing close delimiter ends the last part at the end
/// of the body; unlike a strict reader, a delimiter after the close starts a part again, so
/// parts that a broken mailer put after a premature close are not lost.
enum MIMEMultipart {
    struct Split {
        var parts: [ArraySlice<UInt8>] = []
        var closed = false
        /// More parts than `maxParts` were present.
        var truncated = false
    }

    static func split(_ body: ArraySlice<UInt8>, boundary: [UInt8], maxParts: Int) -> Split {
        var result = Split()
        let delimiter = Array("--".utf8) + boundary
        var partStart: Int?
        var ls = body.startIndex  // the start of the current line
        let end = body.endIndex
        while ls < end {
            let newline = body[ls...].firstIndex(of: 0x0A)
            let next = newline.map { $0 + 1 } ?? end
            if let close = delimiterKind(body, lineStart: ls, lineEnd: newline ?? end, delimiter: delimiter) {
                if let start = partStart {
                    // The line break before a delimiter belongs to the delimiter.
                    var partEnd = ls
                    if partEnd > start && body[partEnd - 1] == 0x0A { partEnd -= 1 }
                    if partEnd > start && body[partEnd - 1] == 0x0D { partEnd -= 1 }
                    if result.parts.count >= maxParts {
                        result.truncated = true
                        return result
                    }
                    result.parts.append(body[start..<max(start, partEnd)])
                }
                if close {
                    result.closed = true
                    partStart = nil
                } else {
                    partStart = next
                }
            }
            ls = next
        }
        if let start = partStart, start <= end {
            if result.parts.count >= maxParts {
                result.truncated = true
            } else {
                result.parts.append(body[start..<end])
            }
        }
        return result
    }

    /// nil: not a delimiter line; false: a delimiter; true: the close delimiter.
    private static func delimiterKind(_ b: ArraySlice<UInt8>, lineStart: Int, lineEnd: Int, delimiter: [UInt8]) -> Bool? {
        guard lineEnd - lineStart >= delimiter.count, b[lineStart..<(lineStart + delimiter.count)].elementsEqual(delimiter) else {
            return nil
        }
        var p = lineStart + delimiter.count
        var close = false
        if p + 2 <= lineEnd && b[p] == UInt8(ascii: "-") && b[p + 1] == UInt8(ascii: "-") {
            close = true
            p += 2
        }
        while p < lineEnd {
            let c = b[p]
            guard c == 0x20 || c == 0x09 || c == 0x0D else { return nil }
            p += 1
        }
        return close
    }
}

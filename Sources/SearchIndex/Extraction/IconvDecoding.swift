#if canImport(Glibc)
import Glibc
#endif

/// Decoding through glibc's iconv, for the charsets that have no table here: the multi-byte
/// Chinese, Japanese and Korean ones above all (GB18030, Big5-HKSCS, Shift_JIS, EUC-JP,
/// ISO-2022-JP, EUC-KR), and every other charset iconv knows (EBCDIC code pages, VISCII, …).
///
/// Like every decoder here it never fails: a byte sequence the charset does not define
/// becomes U+FFFD and decoding goes on at the next byte; an incomplete sequence at the end
/// becomes one U+FFFD.
enum IconvDecoding {
    /// Whether iconv can decode `name` into UTF-8.
    static func isAvailable(_ name: String) -> Bool {
        let converter = iconv_open("UTF-8", name)
        guard let converter, !isFailure(converter) else { return false }
        iconv_close(converter)
        return true
    }

    /// Appends the UTF-8 decoding of `bytes`; appends them read as lenient UTF-8 should
    /// iconv refuse the charset after all (a label is checked with `isAvailable` first).
    static func append(_ bytes: ArraySlice<UInt8>, from name: String, into out: inout [UInt8]) {
        guard let converter = iconv_open("UTF-8", name), !isFailure(converter) else {
            UTF8Lenient.append(bytes, into: &out)
            return
        }
        defer { iconv_close(converter) }
        out.reserveCapacity(out.count + bytes.count * 3 / 2)
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        var input = Array(bytes)
        input.withUnsafeMutableBufferPointer { source in
            guard let base = source.baseAddress else { return }
            var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(base).assumingMemoryBound(to: CChar.self)
            var inLeft = source.count
            chunk.withUnsafeMutableBufferPointer { target in
                guard let targetBase = target.baseAddress else { return }
                while true {
                    var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(targetBase).assumingMemoryBound(to: CChar.self)
                    var outLeft = target.count
                    // At the end of the input, a null input flushes a stateful charset's
                    // pending shift sequence.
                    let result = inLeft > 0 ? iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft)
                                            : iconv(converter, nil, nil, &outPointer, &outLeft)
                    let failure = result == -1 ? errno : 0
                    out.append(contentsOf: UnsafeBufferPointer(start: targetBase, count: target.count - outLeft))
                    if failure == E2BIG { continue }
                    if failure == EILSEQ, inLeft > 0 {
                        UTF8Lenient.appendScalar(0xFFFD, to: &out)
                        inPointer = inPointer.map { $0 + 1 }
                        inLeft -= 1
                        continue
                    }
                    if failure == EINVAL || (failure != 0 && inLeft > 0) {
                        // An incomplete sequence at the end, or an error iconv does not name.
                        UTF8Lenient.appendScalar(0xFFFD, to: &out)
                        return
                    }
                    if inLeft == 0 {
                        if result != -1 && outLeft == target.count { return }  // flushed, nothing pending
                        if failure != 0 { return }
                    }
                }
            }
        }
    }

    /// The scalars of bytes 0x80...0xFF in the single-byte charset `name`, 0xFFFD where it
    /// leaves a byte undefined; nil when iconv does not know it. Tables built so once per
    /// process decode byte by byte without a call into iconv.
    static func upperHalf(of name: String) -> [UInt16]? {
        guard let converter = iconv_open("UTF-32LE", name), !isFailure(converter) else { return nil }
        defer { iconv_close(converter) }
        var table: [UInt16] = []
        table.reserveCapacity(128)
        for byte in UInt8(0x80)...UInt8(0xFF) {
            var input = [CChar(bitPattern: byte)]
            var output = [UInt8](repeating: 0, count: 16)
            var produced = 0
            input.withUnsafeMutableBufferPointer { source in
                output.withUnsafeMutableBytes { target in
                    var inPointer = source.baseAddress
                    var inLeft = 1
                    var outPointer = target.baseAddress?.assumingMemoryBound(to: CChar.self)
                    var outLeft = target.count
                    // Windows-1255 and -1258 hold a letter back to combine it with a following
                    // accent: the flush (null input) writes it out.
                    if iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft) != -1, inLeft == 0,
                       iconv(converter, nil, nil, &outPointer, &outLeft) != -1 {
                        produced = target.count - outLeft
                    }
                }
            }
            iconv(converter, nil, nil, nil, nil)  // back to the initial state after a failure
            let scalar = produced == 4 ? UInt32(output[0]) | UInt32(output[1]) << 8 | UInt32(output[2]) << 16 | UInt32(output[3]) << 24 : 0xFFFD
            table.append(scalar <= 0xFFFF ? UInt16(scalar) : 0xFFFD)
        }
        return table
    }

    private static func isFailure(_ converter: iconv_t) -> Bool {
        Int(bitPattern: converter) == -1
    }
}

/// PR_RTF_COMPRESSED (MS-OXRTFCP): an Outlook message body in RTF, compressed with LZFu (an
/// LZ77 over a 4096-byte ring pre-filled with common RTF words) or stored ("MELA").
enum CompressedRTF {
    enum Failure: Error, Equatable {
        case damaged(String)

        var reason: String {
            switch self {
            case .damaged(let why): why
            }
        }
    }

    private static let compressed: UInt32 = 0x7546_5A4C  // "LZFu"
    private static let uncompressed: UInt32 = 0x414C_454D  // "MELA"
    private static let prefill = Array(("{\\rtf1\\ansi\\mac\\deff0\\deftab720{\\fonttbl;}{\\f0\\fnil \\froman \\fswiss "
        + "\\fmodern \\fscript \\fdecor MS Sans SerifSymbolArialTimes New RomanCourier{\\colortbl\\red0\\green0\\blue0"
        + "\r\n\\par \\pard\\plain\\f0\\fs20\\b\\i\\u\\tab\\tx").utf8)

    /// The RTF, at most `maxBytes` of it (the header's raw size is only a hint: a forged one
    /// cannot make the output larger than that).
    static func decompress(_ bytes: [UInt8], maxBytes: Int) throws(Failure) -> [UInt8] {
        guard bytes.count >= 16 else { throw .damaged("it is shorter than its header") }
        let compressedSize = Int(OLECompoundFile.uint32(bytes, 0))
        let rawSize = Int(OLECompoundFile.uint32(bytes, 4))
        let type = OLECompoundFile.uint32(bytes, 8)
        let end = min(bytes.count, compressedSize + 4)
        if type == uncompressed {
            return Array(bytes[16..<max(16, min(end, 16 + min(rawSize, maxBytes)))])
        }
        guard type == compressed else { throw .damaged("its compression type is unknown") }
        var ring = [UInt8](repeating: 0, count: 4096)
        ring.replaceSubrange(0..<prefill.count, with: prefill)
        var write = prefill.count
        var out: [UInt8] = []
        out.reserveCapacity(min(rawSize, maxBytes, 64 << 20))
        var at = 16
        while at < end {
            let control = bytes[at]
            at += 1
            for bit in 0..<8 {
                guard at < end, out.count < maxBytes else { return out }
                if control & (1 << bit) == 0 {
                    let byte = bytes[at]
                    at += 1
                    out.append(byte)
                    ring[write] = byte
                    write = (write + 1) & 0xFFF
                    continue
                }
                guard at + 1 < end else { throw .damaged("it ends inside a reference") }
                let word = Int(bytes[at]) << 8 | Int(bytes[at + 1])
                at += 2
                let offset = word >> 4
                // A reference to the write position itself marks the end.
                if offset == write { return out }
                let length = (word & 0xF) + 2
                for k in 0..<length {
                    let byte = ring[(offset + k) & 0xFFF]
                    out.append(byte)
                    ring[write] = byte
                    write = (write + 1) & 0xFFF
                }
            }
        }
        return out
    }
}

/// The value formats of EXIF, decoded from untrusted bytes without Foundation: strings
/// (UTF-8 where valid, else Latin-1), UTF-16 captions, "YYYY:MM:DD HH:MM:SS" dates, "+HH:MM"
/// offsets, and coordinates printed as decimal degrees.
enum ExifText {
    /// UTF-8 when the bytes are valid UTF-8 (modern phones write it), else Latin-1.
    static func decode<Bytes: Collection>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        if let utf8 = String(validating: bytes, as: UTF8.self) { return utf8 }
        var scalars = String.UnicodeScalarView()
        for byte in bytes { scalars.append(Unicode.Scalar(byte)) }
        return String(scalars)
    }

    static func utf16LE(_ bytes: [UInt8]) -> String { utf16(bytes, bigEndian: false) }
    static func utf16BE(_ bytes: [UInt8]) -> String { utf16(bytes, bigEndian: true) }

    /// Up to the first NUL unit.
    private static func utf16(_ bytes: [UInt8], bigEndian: Bool) -> String {
        var units: [UInt16] = []
        var index = 0
        while index + 1 < bytes.count {
            let unit = bigEndian ? UInt16(bytes[index]) << 8 | UInt16(bytes[index + 1]) : UInt16(bytes[index + 1]) << 8 | UInt16(bytes[index])
            if unit == 0 { break }
            units.append(unit)
            index += 2
        }
        return String(decoding: units, as: UTF16.self)
    }

    /// Without control characters (C0, DEL, C1; line ends and tabs become spaces), runs of
    /// white space made one, trimmed, and at most `limit` characters.
    static func clean(_ text: String, limit: Int) -> String? {
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        var count = 0
        for scalar in text.unicodeScalars {
            let value = scalar.value
            let isControl = value < 0x20 || (0x7F...0x9F).contains(value) || value == 0xFFFD
                || (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value)
            if isControl || scalar == " " || scalar.properties.isWhitespace {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace {
                out.append(" ")
                count += 1
                pendingSpace = false
            }
            guard count < limit else { break }
            out.append(scalar)
            count += 1
        }
        let result = String(out)
        return result.isEmpty ? nil : result
    }

    struct CivilDateTime {
        var year, month, day, hour, minute, second: Int
        /// "YYYY-MM-DDTHH:MM:SS".
        var text: String
    }

    /// "YYYY:MM:DD HH:MM:SS" (some writers use "-" in the date or "T" between); nil for the
    /// blank and all-zero dates cameras write when their clock was never set.
    static func dateTime(_ text: String) -> CivilDateTime? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 19 else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for byte in bytes[range] {
                guard (0x30...0x39).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        let separators: [(Int, Set<UInt8>)] = [(4, [0x3A, 0x2D]), (7, [0x3A, 0x2D]), (10, [0x20, 0x54]), (13, [0x3A]), (16, [0x3A])]
        guard separators.allSatisfy({ $0.1.contains(bytes[$0.0]) }),
              let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
              year >= 1800, (1...12).contains(month), hour <= 23, minute <= 59, second <= 60
        else { return nil }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard (1...lengths[month - 1]).contains(day) else { return nil }
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let textForm = "\(year)-\(two(month))-\(two(day))T\(two(hour)):\(two(minute)):\(two(second))"
        return CivilDateTime(year: year, month: month, day: day, hour: hour, minute: minute, second: second, text: textForm)
    }

    /// "+01:00" / "-05:30" to minutes east of UTC, with its canonical text.
    static func offsetMinutes(_ text: String) -> (minutes: Int, text: String)? {
        let bytes = Array(text.utf8)
        guard bytes.count == 6, bytes[0] == 0x2B || bytes[0] == 0x2D, bytes[3] == 0x3A,
              let hours = Int(String(decoding: bytes[1..<3], as: UTF8.self)),
              let minutes = Int(String(decoding: bytes[4..<6], as: UTF8.self)),
              hours <= 14, minutes <= 59 else { return nil }
        let sign = bytes[0] == 0x2D ? -1 : 1
        return (sign * (hours * 60 + minutes), text)
    }

    static func uint32(_ bytes: [UInt8], at offset: Int, bigEndian: Bool) -> UInt32 {
        let b = bytes[offset..<(offset + 4)].map(UInt32.init)
        return bigEndian ? b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3] : b[3] << 24 | b[2] << 16 | b[1] << 8 | b[0]
    }

    /// Degrees to six decimal places (about 0.1 m), "-33.865143".
    static func decimal(_ value: Double) -> String {
        let micro = Int64((abs(value) * 1_000_000).rounded())
        let fraction = String(micro % 1_000_000)
        let padded = String(repeating: "0", count: 6 - fraction.count) + fraction
        return (value < 0 && micro > 0 ? "-" : "") + "\(micro / 1_000_000).\(padded)"
    }
}

import CivilCalendar

/// Dates of document properties: W3CDTF / ISO 8601 (`2020-07-11T09:17:00Z`, ODF's
/// `2020-06-02T09:01:53.064315750` without a zone, taken as UTC) to milliseconds since 1970,
/// and back to a canonical `yyyy-MM-ddTHH:mm:ssZ` for the fields. No Foundation: the
/// formats are small and a hostile value must simply fail to parse.
enum OfficeDate {
    static func milliseconds(_ text: String) -> Int64? {
        let bytes = Array(text.utf8.prefix(64))
        var index = 0
        func number(_ digits: Int) -> Int? {
            guard index + digits <= bytes.count else { return nil }
            var value = 0
            for byte in bytes[index..<(index + digits)] {
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            index += digits
            return value
        }
        func take(_ character: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == character else { return false }
            index += 1
            return true
        }
        guard let year = number(4) else { return nil }
        var month = 1, day = 1, hour = 0, minute = 0, second = 0, millisecond = 0, offsetMinutes = 0
        if take(UInt8(ascii: "-")) {
            guard let m = number(2) else { return nil }
            month = m
            if take(UInt8(ascii: "-")) {
                guard let d = number(2) else { return nil }
                day = d
            }
        }
        if take(UInt8(ascii: "T")) || take(UInt8(ascii: " ")) {
            guard let h = number(2), take(UInt8(ascii: ":")), let mi = number(2) else { return nil }
            hour = h
            minute = mi
            if take(UInt8(ascii: ":")) {
                guard let s = number(2) else { return nil }
                second = s
                if take(UInt8(ascii: ".")) || take(UInt8(ascii: ",")) {
                    var scale = 100, digits = 0
                    while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
                        if digits < 3 { millisecond += Int(bytes[index] - 0x30) * scale; scale /= 10 }
                        digits += 1
                        index += 1
                    }
                }
            }
            if take(UInt8(ascii: "Z")) {
                offsetMinutes = 0
            } else if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                let sign = bytes[index] == UInt8(ascii: "-") ? -1 : 1
                index += 1
                guard let oh = number(2) else { return nil }
                _ = take(UInt8(ascii: ":"))
                let om = number(2) ?? 0
                offsetMinutes = sign * (oh * 60 + om)
            }
        }
        // Trailing text other than white space means this is not a date we understand.
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09 {
            index += 1
        }
        guard index == bytes.count, (1...12).contains(month), (1...31).contains(day), hour <= 24,
              minute <= 59, second <= 60, abs(offsetMinutes) <= 18 * 60 else { return nil }
        let days = CivilDate.days(fromCivil: Int64(year), Int64(month), Int64(day))
        let seconds = days * 86_400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offsetMinutes * 60)
        return seconds * 1000 + Int64(millisecond)
    }

    /// `yyyy-MM-ddTHH:mm:ssZ` (UTC), for the created/modified fields; nil outside the years
    /// 0000-9999, where a date from a file is nonsense anyway.
    static func iso8601(milliseconds: Int64) -> String? {
        guard milliseconds >= -62_167_219_200_000, milliseconds < 253_402_300_800_000 else { return nil }
        let seconds = milliseconds >= 0 ? milliseconds / 1000 : (milliseconds - 999) / 1000
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = Int(seconds - days * 86_400)
        let civil = CivilDate.civil(fromDays: days)
        let (year, month, day) = (Int(civil.year), Int(civil.month), Int(civil.day))
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let yearText = String(repeating: "0", count: max(0, 4 - String(abs(year)).count)) + String(abs(year))
        return "\(year < 0 ? "-" : "")\(yearText)-\(two(month))-\(two(day))T\(two(secondOfDay / 3600)):\(two(secondOfDay / 60 % 60)):\(two(secondOfDay % 60))Z"
    }
}

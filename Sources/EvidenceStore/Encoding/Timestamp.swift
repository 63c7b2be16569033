import CivilCalendar
import Foundation

/// RFC 3339 UTC times with millisecond precision, e.g. `2026-03-14T02:13:47.120Z`:
/// the one form every recorded time takes, so that string order is time order.
public struct Timestamp: Comparable, Hashable, Sendable, CustomStringConvertible {
    /// Milliseconds since 1970-01-01T00:00:00Z.
    public let milliseconds: Int64

    public init(milliseconds: Int64) { self.milliseconds = milliseconds }

    /// Truncates to the millisecond (a time is never recorded later than it was), allowing a
    /// microsecond for binary floating point, so a `Date` made from a millisecond value comes
    /// back to exactly that value.
    public init(_ date: Date) { milliseconds = Int64((date.timeIntervalSince1970 * 1000 + 0.001).rounded(.down)) }

    public static func now() -> Timestamp { Timestamp(Date()) }

    public var date: Date { Date(timeIntervalSince1970: Double(milliseconds) / 1000) }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.milliseconds < rhs.milliseconds }

    public var description: String {
        let (seconds, millis) = milliseconds.quotientAndRemainderFlooring(dividingBy: 1000)
        let (days, secondOfDay) = seconds.quotientAndRemainderFlooring(dividingBy: 86_400)
        let (year, month, day) = CivilDate.civil(fromDays: days)
        guard (0...9999).contains(year) else {
            return String(format: "%04lld-%02lld-%02lldT%02lld:%02lld:%02lld.%03lldZ", year, month, day,
                          secondOfDay / 3600, secondOfDay / 60 % 60, secondOfDay % 60, millis)
        }
        // Written digit by digit: ledger checks format every entry's time, and String(format:)
        // made that a measurable part of `verify`.
        var text: [UInt8] = []
        text.reserveCapacity(24)
        func digits(_ value: Int64, _ count: Int) {
            var divisor: Int64 = 1
            for _ in 1..<count { divisor *= 10 }
            while divisor > 0 {
                text.append(0x30 + UInt8(value / divisor % 10))
                divisor /= 10
            }
        }
        digits(year, 4); text.append(0x2D); digits(month, 2); text.append(0x2D); digits(day, 2)
        text.append(0x54); digits(secondOfDay / 3600, 2); text.append(0x3A); digits(secondOfDay / 60 % 60, 2)
        text.append(0x3A); digits(secondOfDay % 60, 2); text.append(0x2E); digits(millis, 3); text.append(0x5A)
        return String(decoding: text, as: UTF8.self)
    }

    /// Parses exactly the form `description` writes.
    public init?(canonical text: String) {
        let chars = Array(text.utf8)
        guard chars.count == 24, chars[4] == 0x2D, chars[7] == 0x2D, chars[10] == 0x54, chars[13] == 0x3A,
              chars[16] == 0x3A, chars[19] == 0x2E, chars[23] == 0x5A else { return nil }
        func number(_ range: Range<Int>) -> Int64? {
            var value: Int64 = 0
            for index in range {
                guard (0x30...0x39).contains(chars[index]) else { return nil }
                value = value * 10 + Int64(chars[index] - 0x30)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
              let millis = number(20..<23), (1...12).contains(month), (1...31).contains(day), hour < 24,
              minute < 60, second < 60 else { return nil }
        let days = CivilDate.days(fromCivil: year, month, day)
        guard CivilDate.civil(fromDays: days) == (year, month, day) else { return nil }
        milliseconds = ((days * 86_400 + hour * 3600 + minute * 60 + second) * 1000) + millis
    }

    /// Accepts the ISO 8601 forms a user types: a date (`2026-03-14`, taken as midnight
    /// UTC), or a date and time with seconds, optional fractional seconds, and `Z` or an
    /// offset (`2026-03-14T02:40:00Z`, `2026-03-14T03:40:00.5+01:00`). Anything else,
    /// including dates that do not exist, is refused rather than guessed.
    public init?(userInput text: String) {
        let chars = Array(text.utf8)
        func digits(_ range: Range<Int>) -> Int64? {
            guard range.upperBound <= chars.count else { return nil }
            var value: Int64 = 0
            for index in range {
                guard (0x30...0x39).contains(chars[index]) else { return nil }
                value = value * 10 + Int64(chars[index] - 0x30)
            }
            return value
        }
        guard chars.count >= 10, chars[4] == 0x2D, chars[7] == 0x2D, let year = digits(0..<4),
              let month = digits(5..<7), let day = digits(8..<10), (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        let days = CivilDate.days(fromCivil: year, month, day)
        guard CivilDate.civil(fromDays: days) == (year, month, day) else { return nil }
        if chars.count == 10 {
            milliseconds = days * 86_400_000
            return
        }
        guard chars.count >= 20, chars[10] == 0x54 || chars[10] == 0x74, chars[13] == 0x3A, chars[16] == 0x3A,
              let hour = digits(11..<13), let minute = digits(14..<16), let second = digits(17..<19),
              hour < 24, minute < 60, second < 60 else { return nil }
        var position = 19
        var millis: Int64 = 0
        if chars[position] == 0x2E {
            position += 1
            var scale: Int64 = 100
            let start = position
            while position < chars.count, (0x30...0x39).contains(chars[position]) {
                millis += Int64(chars[position] - 0x30) * scale
                scale /= 10
                position += 1
            }
            guard position > start, position - start <= 9 else { return nil }
        }
        var offsetMinutes: Int64 = 0
        if position == chars.count - 1, chars[position] == 0x5A || chars[position] == 0x7A {
            offsetMinutes = 0
        } else if position == chars.count - 6, chars[position] == 0x2B || chars[position] == 0x2D,
                  chars[position + 3] == 0x3A, let offsetHours = digits((position + 1)..<(position + 3)),
                  let offsetRest = digits((position + 4)..<(position + 6)), offsetHours < 24, offsetRest < 60 {
            offsetMinutes = (offsetHours * 60 + offsetRest) * (chars[position] == 0x2D ? -1 : 1)
        } else {
            return nil
        }
        let local = ((days * 86_400 + hour * 3600 + minute * 60 + second) * 1000) + millis
        let utc = local - offsetMinutes * 60_000
        // The canonical form has four-digit years; an offset must not push a time outside them.
        guard utc >= CivilDate.days(fromCivil: 0, 1, 1) * 86_400_000,
              utc < CivilDate.days(fromCivil: 10000, 1, 1) * 86_400_000 else { return nil }
        milliseconds = utc
    }
}

extension Int64 {
    fileprivate func quotientAndRemainderFlooring(dividingBy divisor: Int64) -> (Int64, Int64) {
        let (q, r) = quotientAndRemainder(dividingBy: divisor)
        return r < 0 ? (q - 1, r + divisor) : (q, r)
    }
}

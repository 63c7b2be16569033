import CivilCalendar
import Testing

/// The one civil-date conversion every timestamp, document date and index date goes through.
@Suite struct UnitCivilDateTests {
    /// Days since 1970-01-01 computed by Python's `datetime.date` (an independent proleptic
    /// Gregorian implementation), years 0 and -1 by counting back from 0001-01-01.
    @Test func knownDays() {
        let known: [(Int64, Int64, Int64, Int64)] = [
            (1970, 1, 1, 0), (1969, 12, 31, -1), (1900, 1, 1, -25_567), (2000, 3, 1, 11_017),
            (2024, 2, 29, 19_782), (1600, 2, 29, -135_081), (1, 1, 1, -719_162), (9999, 12, 31, 2_932_896),
            (0, 1, 1, -719_528), (-1, 12, 31, -719_529),
        ]
        for (year, month, day, days) in known {
            #expect(CivilDate.days(fromCivil: year, month, day) == days, "\(year)-\(month)-\(day)")
            #expect(Self.civil(days) == [year, month, day], "\(days)")
        }
    }

    /// Walks day by day from 1 January of year -2000 (astronomical years: year 0 is 1 BC) to
    /// 4000-12-31 with a plain calendar that counts month lengths, so that every date of six
    /// thousand years, on both sides of 1970 and of each 400-year era boundary, agrees both ways.
    @Test func roundTripEveryDayOverSixThousandYears() {
        var (year, month, day): (Int64, Int64, Int64) = (-2000, 1, 1)
        var days = CivilDate.days(fromCivil: year, month, day)
        var mismatches: [String] = []
        while year <= 4000, mismatches.count < 5 {
            let civil = CivilDate.civil(fromDays: days)
            if civil.year != year || civil.month != month || civil.day != day
                || CivilDate.days(fromCivil: year, month, day) != days {
                mismatches.append("\(days): \(civil) for \(year)-\(month)-\(day)")
            }
            days += 1
            day += 1
            if day > Self.length(ofMonth: month, year: year) {
                day = 1
                month += 1
                if month > 12 { month = 1; year += 1 }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches)")
        #expect(days == CivilDate.days(fromCivil: 4001, 1, 1))
    }

    /// 1900 is not a leap year (divisible by 100), 2000 is (by 400), 2024 is (by 4).
    @Test func leapYears() {
        for (year, leap) in [(Int64(1900), false), (2000, true), (2024, true), (2100, false), (0, true)] {
            let february28 = CivilDate.days(fromCivil: year, 2, 28)
            let march1 = CivilDate.days(fromCivil: year, 3, 1)
            #expect(march1 - february28 == (leap ? 2 : 1), "\(year)")
            #expect(CivilDate.days(fromCivil: year + 1, 1, 1) - CivilDate.days(fromCivil: year, 1, 1) == (leap ? 366 : 365))
            // A caller refuses 29 February of a common year because it does not come back.
            let february29 = Self.civil(CivilDate.days(fromCivil: year, 2, 29))
            #expect(february29 == (leap ? [year, 2, 29] : [year, 3, 1]), "\(year)")
        }
    }

    @Test func negativeDays() {
        #expect(Self.civil(-1) == [1969, 12, 31])
        #expect(Self.civil(-365) == [1969, 1, 1])
        #expect(Self.civil(-366) == [1968, 12, 31])
        #expect(Self.civil(-25_567) == [1900, 1, 1])
        #expect(Self.civil(-719_528) == [0, 1, 1])
        #expect(Self.civil(-719_529) == [-1, 12, 31])
        // Around an era start (0000-03-01, 2000-03-01 ...), where the arithmetic changes era.
        let eraStart = CivilDate.days(fromCivil: -400, 3, 1)
        #expect(Self.civil(eraStart - 1) == [-400, 2, 29])
        #expect(Self.civil(eraStart) == [-400, 3, 1])
        #expect(eraStart == -719_468 - 146_097)
    }

    /// Year, month and day as an array, which `#expect` can compare and print.
    private static func civil(_ days: Int64) -> [Int64] {
        let civil = CivilDate.civil(fromDays: days)
        return [civil.year, civil.month, civil.day]
    }

    private static func length(ofMonth month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

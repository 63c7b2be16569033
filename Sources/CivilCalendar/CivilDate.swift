/// Conversions between a day count since 1970-01-01 and a year, month and day of the proleptic
/// Gregorian calendar (Howard Hinnant's public-domain days_from_civil / civil_from_days), shared
/// by the store's timestamps and the index's dates so that both count days the same way.
/// Pure integer arithmetic, exact for every day and on both sides of 1970, with no Foundation
/// calendar (whose time zone and locale would have to be pinned on every call).
public enum CivilDate {
    /// Days since 1970-01-01 of `year`-`month`-`day`. `month` must be 1...12; `day` is not
    /// checked against the month's length, so a caller that must refuse impossible dates checks
    /// that `civil(fromDays:)` gives back the same date.
    // Inlinable, as the copies it replaces were: verify formats every ledger entry's time.
    @inlinable
    public static func days(fromCivil year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
        // Years start on 1 March, so that the leap day is the last day of its year.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The date `days` days after 1970-01-01 (before it when negative).
    @inlinable
    public static func civil(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

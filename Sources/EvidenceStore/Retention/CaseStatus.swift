/// The stages of a case that decide its minimum retention under the CPIA 1996 Code of
/// Practice (para. 5.7–5.10): material is kept at least until a decision whether to
/// prosecute; if the accused is convicted, at least until they are released from custody
/// (or discharged from hospital) or six months from the conviction, whichever is later;
/// and while an appeal is pending.
public enum CaseStatus: String, CaseIterable, Sendable, Codable {
    case underInvestigation = "under-investigation"
    case noFurtherAction = "no-further-action"
    case charged
    case convicted
    case acquitted
    case appealPending = "appeal-pending"

    /// Months after a conviction before disposal may be considered.
    public static let monthsAfterConviction = 6

    /// Why this status forbids disposing of the case's material on `today`, or nil when it
    /// does not. `date` is the date recorded with the status (for a conviction, its date);
    /// `released` the day the convicted person was released or discharged (for a sentence
    /// without custody, the day of sentence), which must be known before a conviction's
    /// material may go.
    public func disposalBlock(date: CalendarDate?, released: CalendarDate? = nil, today: CalendarDate) -> ErrorText? {
        switch self {
        case .underInvestigation:
            return "it is under investigation, and the CPIA Code of Practice requires material to be retained until a decision whether to prosecute"
        case .charged:
            return "it is charged, and the CPIA Code of Practice requires material to be retained until the proceedings end"
        case .appealPending:
            return "an appeal is pending, and the CPIA Code of Practice requires material to be retained until it is determined"
        case .convicted:
            guard let date else {
                return "it records a conviction without a date, so six months from the conviction cannot be counted"
            }
            let sixMonths = date.adding(months: Self.monthsAfterConviction)
            guard let released else {
                return "it records a conviction on \(date) but no release, and the CPIA Code of Practice requires material to be retained until the convicted person is released (or discharged) and at least six months from the conviction; record the release\(cli: " with evidence case status REF convicted \(name: .date) \(date) \(option: .released)", plain: " date") (for a sentence without custody, the day of sentence)"
            }
            let earliest = max(sixMonths, released)
            if today < earliest {
                return "it records a conviction on \(date) and a release on \(released), and the CPIA Code of Practice requires material to be retained until the later of the release and six months from the conviction (until \(earliest))"
            }
            return nil
        case .noFurtherAction, .acquitted:
            return nil
        }
    }
}

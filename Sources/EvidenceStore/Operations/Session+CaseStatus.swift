import Foundation

extension Session {
    /// `evidence case status`: records the stage a case has reached (`case.status`), which
    /// decides whether its material may be disposed of (CaseStatus). A `record-disclosure`
    /// decision, like holds: the officer who disposes does not also declare the case closed.
    public func setCaseStatus(reference: String, status: CaseStatus, date: CalendarDate, released: CalendarDate? = nil,
                              reason: String?, wait: Double) throws -> CaseRecord {
        guard date <= CalendarDate.today() else {
            throw EvidenceError(.usage, field: .date, "\(name: .date) \(date) is in the future; record a status on or after the day it happened.")
        }
        if let released {
            guard status == .convicted else {
                throw EvidenceError(.usage, field: .released, "\(name: .released) belongs to a conviction: the day the convicted person was released or discharged.")
            }
            guard released >= date, released <= CalendarDate.today() else {
                throw EvidenceError(.usage, field: .released, "\(name: .released) \(released) must be on or after the conviction (\(date)) and not in the future.")
            }
        }
        if let reason { try Self.validateText(reason, field: .reason, limit: 2000) }
        let caseRecord = try findCase(reference, for: .recordDisclosure, reason: reason, wait: wait)
        let transaction = try LedgerTransaction(session: self, wait: wait)
        do {
            let facts = CaseStatusEvent.Facts(status: status.rawValue, date: date.description,
                                              released: released?.description)
            // Public too: whether a disposal was allowed must be checkable with no key (§7.10).
            try transaction.append(CaseStatusEvent(publicPart: facts, sealedPart: facts,
                                                   audit: audit(facts, reason: reason)).draft(caseID: caseRecord.id))
            try transaction.finish()
        } catch {
            transaction.abandon()
            throw error
        }
        return try currentCase(caseRecord.id) ?? caseRecord
    }
}

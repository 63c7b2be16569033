import Foundation

extension Session {
    /// `evidence case status`: records the stage a case has reached (`case.status`), which
    /// decides whether its material may be disposed of (CaseStatus). A `record-disclosure`
    /// decision, like holds: the officer who disposes does not also declare the case closed.
    public func setCaseStatus(reference: String, status: CaseStatus, date: CalendarDate, reason: String?,
                              wait: Double) throws -> CaseRecord {
        guard date <= CalendarDate.today() else {
            throw EvidenceError(.usage, "--date \(date) is in the future; record a status on or after the day it happened.")
        }
        if let reason { try Self.validateText(reason, name: "--reason", limit: 2000) }
        let caseRecord = try findCase(reference, for: .recordDisclosure, reason: reason, wait: wait)
        let transaction = try LedgerTransaction(session: self, wait: wait)
        do {
            var audit = auditBase(reason: reason)
            audit["status"] = .string(status.rawValue)
            audit["date"] = .string(date.description)
            try transaction.append(EventDraft(type: EventType.caseStatus, caseID: caseRecord.id, auditPart: audit,
                                              sealedPart: ["status": .string(status.rawValue),
                                                           "date": .string(date.description)]))
            try transaction.finish()
        } catch {
            transaction.abandon()
            throw error
        }
        return try currentCase(caseRecord.id) ?? caseRecord
    }
}

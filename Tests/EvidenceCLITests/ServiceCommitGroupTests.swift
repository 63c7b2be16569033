import EvidenceStore
import Foundation
import Testing

/// The group commit itself, step by step: two sessions of one process append into one batch
/// and one checkpoint covers both; a lone writer waits for the batch to end.
@Suite("Service: group commits")
struct ServiceCommitGroupTests {
    static func refusal(_ session: Session, _ target: String) -> EventDraft {
        var audit = session.auditBase(reason: nil)
        audit["action"] = .string("read-content")
        audit["target"] = .string(target)
        audit["outcome"] = .string("invisible")
        audit["rule"] = .string("nothing visible is named \(target)")
        return EventDraft(type: EventType.accessDenied, auditPart: audit)
    }

    @Test("two sessions' shareable transactions share one checkpoint; a lone transaction waits for them and commits alone")
    func twoSessionsOneCheckpoint() throws {
        try CLITestbed.run { bed in
            try bed.repositoryWithCase("CR-1")
            try bed.addUser("ann", roles: ["investigator"])
            let group = CommitGroup()
            let officer = try Session.open(repositoryPath: bed.repo, stateRoot: bed.state, userName: "officer",
                                           passphrase: bed.passphrase)
            let ann = try Session.open(repositoryPath: bed.repo, stateRoot: bed.state, userName: "ann", passphrase: bed.passphrase)
            officer.commitGroup = group
            ann.commitGroup = group
            let before = officer.view.checkpoint.size

            let first = try LedgerTransaction(session: officer, wait: 10, shareable: true)
            try first.append(Self.refusal(officer, "itm_one"))
            let second = try LedgerTransaction(session: ann, wait: 10, shareable: true)
            try second.append(Self.refusal(ann, "itm_two"))
            // The first commit covers the second's entry too (it was appended before it).
            try first.finish()
            #expect(!second.hasPending)
            try second.finish()
            #expect(group.counts == (checkpoints: 1, entries: 2))

            // A transaction that must run alone waits until the open batch has ended.
            let third = try LedgerTransaction(session: officer, wait: 10, shareable: true)
            try third.append(Self.refusal(officer, "itm_three"))
            let lone = LockedFlag()
            let thread = Thread {
                do {
                    let alone = try LedgerTransaction(session: ann, wait: 10)
                    lone.set()
                    try alone.append(Self.refusal(ann, "itm_four"))
                    try alone.finish()
                } catch {
                    Issue.record("the lone transaction failed: \(error)")
                }
                lone.finish()
            }
            thread.start()
            Thread.sleep(forTimeInterval: 0.3)
            #expect(!lone.isSet, "a lone transaction ran while a shared batch was open")
            try third.finish()
            lone.waitUntilFinished()
            #expect(lone.isSet)
            #expect(group.counts == (checkpoints: 3, entries: 4))

            // Every entry is in the ledger, in order, and it verifies.
            try officer.refresh()
            #expect(officer.view.checkpoint.size == before + 4)
            try bed.ok(["verify"])
            let refusals = try bed.logEntries(as: "officer").filter { $0["type"] as? String == EventType.accessDenied }
            #expect(refusals.compactMap { ($0["seq"] as? NSNumber)?.uint64Value } == Array(before..<(before + 4)))
        }
    }
}

/// A flag one thread sets and another reads, and a wait for the setter to finish.
final class LockedFlag: @unchecked Sendable {
    private let condition = NSCondition()
    private var value = false
    private var done = false

    var isSet: Bool {
        condition.lock()
        defer { condition.unlock() }
        return value
    }

    func set() {
        condition.lock()
        value = true
        condition.unlock()
    }

    func finish() {
        condition.lock()
        done = true
        condition.broadcast()
        condition.unlock()
    }

    func waitUntilFinished() {
        condition.lock()
        while !done { condition.wait() }
        condition.unlock()
    }
}

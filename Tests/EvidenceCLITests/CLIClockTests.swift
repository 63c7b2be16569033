import Foundation
import Testing

/// A clock 50 years fast must not stamp every later entry, by anyone, in 2076 after one add:
/// times never go backwards, so writers refuse to follow an entry stamped more than five
/// minutes after their own clock, and verify and audit flag every such entry.
@Suite("CLI: clocks")
struct CLIClockTests {
    /// Seconds in 50 years of 365.25 days.
    static let fiftyYears = 50 * 36_525 * 864

    private func times(_ bed: CLITestbed) throws -> [(seq: Int, time: String)] {
        try bed.ok(["log", "--json"]).jsonLines().compactMap { entry in
            guard let seq = entry["seq"] as? Int, let time = entry["time"] as? String else { return nil }
            return (seq, time)
        }
    }

    @Test("an add with a clock 50 years fast: later writers refuse (65) naming the entry and its time, and write nothing; verify and audit flag it")
    func fastClock() throws {
        try CLITestbed.run { bed in
            try bed.repositoryWithCase()
            try bed.addOne(try bed.write("in/before.txt", "before"))
            let key = try bed.verifierKey()
            let fast: [String: String?] = ["EVIDENCE_FAULT_CLOCK_OFFSET_SECONDS": String(Self.fiftyYears)]

            // The fast host cannot know: its add succeeds, and the hook says on stderr that it is set.
            let added = try bed.ok(["add", "--case", "CR-1", "--json", try bed.write("in/future.txt", "future")], environment: fast)
            #expect(added.err.contains("warning: EVIDENCE_FAULT_CLOCK_OFFSET_SECONDS is set"), "\(added)")
            let futureID = try #require(try added.jsonLines().first?["id"] as? String)
            let seq = try bed.addedSeq(of: futureID)
            let stamped = try #require(try times(bed).first { $0.seq == seq }?.time)
            let thisYear = Calendar(identifier: .gregorian).component(.year, from: Date())
            #expect(stamped.hasPrefix(String(thisYear + 50)) || stamped.hasPrefix(String(thisYear + 49)), "\(stamped)")
            let size = try #require(try bed.ok(["checkpoint", "--json"]).json()["size"] as? Int)

            // Every writer with a correct clock refuses, naming the entry, its time and what to check.
            for command in [["add", "--case", "CR-1", try bed.write("in/after.txt", "after")],
                            ["amend", futureID, "--description", "x"], ["case", "create", "CR-2", "--title", "x"]] {
                let refused = try bed.fails(65, command)
                let sentence = refused.errorLine ?? ""
                #expect(sentence.contains("ledger entry \(seq) is stamped \(stamped)"), "\(refused)")
                #expect(sentence.contains("more than 5 minutes after this computer's clock"), "\(refused)")
                #expect(sentence.contains("check this computer's clock"), "\(refused)")
            }
            #expect(try bed.ok(["checkpoint", "--json"]).json()["size"] as? Int == size, "nothing was written")
            // So does one whose clock is an hour slow, in a repository whose newest entry is from now.
            let other = bed.path("other-repo")
            let otherEnvironment: [String: String?] = ["EVIDENCE_REPO": other, "EVIDENCE_STATE": bed.path("other-state")]
            try bed.ok(["init", "--kdf-cost", "10"], environment: otherEnvironment.merging(["EVIDENCE_USER": "admin"]) { $1 })
            let slow = try bed.fails(65, ["user", "add", "someone", "--role", "investigator", "--kdf-cost", "10"],
                                     environment: otherEnvironment.merging(
                                         ["EVIDENCE_USER": "admin", "EVIDENCE_FAULT_CLOCK_OFFSET_SECONDS": "-3600"]) { $1 })
            #expect(slow.errorLine?.contains("more than 5 minutes after this computer's clock") == true, "\(slow)")

            // No entry but the fast one is stamped in the future: nobody copied its time.
            let now = Date()
            for entry in try times(bed) where entry.seq != seq {
                #expect(entry.time < ISO8601DateFormatter().string(from: now.addingTimeInterval(300)), "entry \(entry.seq) at \(entry.time)")
            }
            // verify and audit, with correct clocks, flag the entry.
            expectNamed(try bed.verifyFails(), "ledger entry \(seq) is stamped \(stamped), more than 5 minutes after this computer's clock")
            expectNamed(try bed.auditFails(key), "ledger entry \(seq) is stamped \(stamped), more than 5 minutes after this computer's clock")
        }
    }
}

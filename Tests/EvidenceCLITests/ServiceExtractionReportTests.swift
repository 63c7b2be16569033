import EvidenceService
import EvidenceStore
import Foundation
import Testing

/// The extraction report through the service, a page at a time: every item of a searchable
/// case once, in the order of the item list, each with its outcome; a case the user may not
/// search is refused.
@Suite("Service: the extraction report in pages")
struct ServiceExtractionReportTests {
    @Test("pages cover every item once, in list order, with its outcome; a bad limit and an unsearchable case are refused")
    func pages() async throws {
        try await CLITestbed.runAsync { bed in
            try bed.repositoryWithCase()
            var paths: [String] = []
            for number in 0..<5 { paths.append(try bed.write("in/note\(number).txt", "statement number \(number)\n")) }
            paths.append(try bed.write("in/photo.bin", Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 * 37 + 11) })))
            try bed.add(["--no-index"] + paths)
            let service = try bed.service()
            let officer = try await service.signIn(userName: "officer", passphrase: bed.passphrase)

            // The cases are named after their indexes have caught up.
            let cases = try await service.extractionReportCases(officer)
            #expect(cases.map(\.reference) == ["CR-1"])
            let caseID = try #require(cases.first?.id)
            var rows: [ExtractionOutcome] = []
            var after: String?
            var pages = 0
            repeat {
                let page = try await service.extractionReport(officer, caseID: caseID, after: after, limit: 2)
                #expect(page.rows.count <= 2)
                rows += page.rows
                after = page.nextAfter
                pages += 1
            } while after != nil && pages < 10
            #expect(pages == 3)
            let listed = try await service.items(officer, caseReference: "CR-1").items.map(\.id)
            #expect(rows.map(\.itemID) == listed)
            #expect(rows.allSatisfy { $0.caseReference == "CR-1" })
            let byName = Dictionary(rows.compactMap { row in row.name.map { ($0, row) } }, uniquingKeysWith: { first, _ in first })
            #expect((0..<5).allSatisfy { byName["note\($0).txt"]?.outcome == "ok" }, "\(rows)")
            #expect(byName["photo.bin"]?.outcome == "unsupported", "\(rows)")

            let badLimit = await serviceError { try await service.extractionReport(officer, caseID: caseID, limit: 0) }
            #expect(badLimit?.kind == .invalidRequest && badLimit?.field == "limit")

            // A user with no role in the case may not search it, so gets no page of it.
            try bed.addUser("analyst", roles: ["investigator"])
            let analyst = try await service.signIn(userName: "analyst", passphrase: bed.passphrase)
            let refused = await serviceError { try await service.extractionReport(analyst, caseID: caseID) }
            #expect(refused?.kind == .denied || refused?.kind == .notFound, "\(String(describing: refused))")
        }
    }
}

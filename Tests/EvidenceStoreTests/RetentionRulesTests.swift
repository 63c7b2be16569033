import EvidenceStore
import Testing

/// The day arithmetic and the CPIA stages that decide when disposal is allowed.
@Suite("Retention rules")
struct RetentionRulesTests {
    @Test("CalendarDate parses exactly YYYY-MM-DD naming a real day")
    func parsing() {
        #expect(CalendarDate(parsing: "2024-02-29")?.description == "2024-02-29")
        for bad in ["2023-02-29", "2024-13-01", "2024-00-10", "2024-1-01", "24-01-01", "2024-01-01T00:00:00Z", "",
                    "2024/01/01", "２０２４-01-01", "1899-12-31", "2024-04-31"] {
            #expect(CalendarDate(parsing: bad) == nil, "\(bad)")
        }
    }

    @Test("six calendar months later, clamped to the end of a shorter month")
    func addingMonths() throws {
        func plusSix(_ text: String) throws -> String {
            try #require(CalendarDate(parsing: text)).adding(months: 6).description
        }
        #expect(try plusSix("2024-01-15") == "2024-07-15")
        #expect(try plusSix("2023-08-31") == "2024-02-29")
        #expect(try plusSix("2022-08-31") == "2023-02-28")
        #expect(try plusSix("2024-07-01") == "2025-01-01")
        #expect(try #require(CalendarDate(parsing: "2024-12-31")) > #require(CalendarDate(parsing: "2024-12-30")))
    }

    @Test("which stages block disposal, and the conviction's six months to the day")
    func stages() throws {
        let today = try #require(CalendarDate(parsing: "2025-03-10"))
        for status in [CaseStatus.underInvestigation, .charged, .appealPending] {
            #expect(status.disposalBlock(date: today, today: today) != nil, "\(status)")
        }
        for status in [CaseStatus.noFurtherAction, .acquitted] {
            #expect(status.disposalBlock(date: today, today: today) == nil, "\(status)")
        }
        let released = try #require(CalendarDate(parsing: "2024-09-10"))
        #expect(CaseStatus.convicted.disposalBlock(date: CalendarDate(parsing: "2024-09-10"), released: released,
                                                   today: today) == nil)
        let early = CaseStatus.convicted.disposalBlock(date: CalendarDate(parsing: "2024-09-11"), released: released, today: today)?.cli
        #expect(early?.contains("until 2025-03-11") == true, "\(early ?? "")")
        #expect(CaseStatus.convicted.disposalBlock(date: nil, released: released, today: today) != nil)
        // The release decides when it is later than six months from the conviction.
        let late = CaseStatus.convicted.disposalBlock(date: CalendarDate(parsing: "2023-01-10"),
                                                      released: CalendarDate(parsing: "2025-03-11"), today: today)?.cli
        #expect(late?.contains("until 2025-03-11") == true, "\(late ?? "")")
        #expect(CaseStatus.convicted.disposalBlock(date: CalendarDate(parsing: "2023-01-10"),
                                                   released: CalendarDate(parsing: "2025-03-10"), today: today) == nil)
        // Without a recorded release, a conviction's material stays, however old.
        let unknown = CaseStatus.convicted.disposalBlock(date: CalendarDate(parsing: "2015-01-10"), today: today)?.cli
        #expect(unknown?.contains("no release") == true, "\(unknown ?? "")")
        #expect(Set(CaseStatus.allCases.map(\.rawValue)) == ["under-investigation", "no-further-action", "charged",
                                                              "convicted", "acquitted", "appeal-pending"])
    }
}

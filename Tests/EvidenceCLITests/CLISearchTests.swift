import Foundation
import Testing

/// `evidence search`: the query language a disclosure officer uses, what each hit shows,
/// the record of every search in the ledger, and refusals of bad queries and options.
@Suite("CLI: search")
struct CLISearchTests {
    @Test("words, phrases, NEAR, wildcards, fields and date ranges find the expected items, with highlighted snippets")
    func queryLanguage() throws {
        try CLITestbed.run { bed in
            try bed.caseWithMaterial()

            let window = try bed.search("window")
            #expect(total(window) == 4, "\(window)")
            #expect(Set(hitNames(window)) == Set(try SearchFixtures.statementFiles().map { ($0 as NSString).lastPathComponent }))
            for hit in window["hits"] as? [[String: Any]] ?? [] {
                let highlights = hit["highlights"] as? [[String: Any]] ?? []
                let matched = highlights.filter { $0["match"] as? Bool == true }.compactMap { $0["text"] as? String }
                #expect(!matched.isEmpty && matched.allSatisfy { $0.lowercased().hasPrefix("window") }, "\(hit)")
                #expect(hit["caseReference"] as? String == "CR-1" && hit["kind"] as? String == "exhibit")
                #expect((hit["id"] as? String)?.hasPrefix("itm_") == true && hit["score"] != nil)
            }
            // Capitalised words are stemmed like lower-case ones.
            #expect(searchFigures(try bed.search("Window")) == searchFigures(window))
            #expect(Set(hitIDs(try bed.search("windows"))) == Set(hitIDs(window)))

            #expect(hitNames(try bed.search("\"double-glazed unit\"")).count == 2)
            #expect(hitNames(try bed.search("casement NEAR handle")) == ["MG11_03_PC2417-James-SHAW_attending-officer.txt"])
            #expect(total(try bed.search("burg*")) >= 4)
            #expect(total(try bed.search("window NOT casement")) == 2)
            #expect(total(try bed.search("(shuffle OR casement) AND mapper")) >= 1)

            // The three messages of the mailbox are dated 2009; everything else in 2026.
            let messages = try bed.search("kind:email")
            #expect(total(messages) == 3, "\(messages)")
            #expect(searchFigures(try bed.search("2009-01-01..2009-12-31")) == searchFigures(messages))
            // In 2026 only the mailbox itself (added today) holds the word.
            #expect(hitNames(try bed.search("shuffle 2026-01-01..2099-12-31")) == ["complex.mbox"])
            let attachment = try bed.search("name:stolen-property-27-Wrenfield-Rd.csv")
            #expect(hitNames(attachment) == ["stolen-property-27-Wrenfield-Rd.csv"], "\(attachment)")
            let hash = try bed.listItems().first { $0["name"] as? String == "MG11_02_Graham-TOLLEY_neighbour.txt" }?["sha256"]
            #expect(hitNames(try bed.search("hash:\(try #require(hash as? String))")) == ["MG11_02_Graham-TOLLEY_neighbour.txt"])

            // A spelling suggestion comes from the case's own words.
            let misspelt = try bed.search("windoe")
            #expect(total(misspelt) == 0 && misspelt["spellingSuggestion"] as? String == "window", "\(misspelt)")

            // Text output: one line per hit with the item id, and the snippet with «» marks.
            let text = try bed.ok(["search", "casement NEAR handle", "--facets"]).out
            #expect(text.hasPrefix("1 item matches in CR-1"), "\(text)")
            #expect(text.contains("«casement»") && text.contains("Kinds: exhibit 1"), "\(text)")
        }
    }

    @Test("facets count by case, kind, media type, officer and month; paging and date sorting")
    func facetsPagingSorting() throws {
        try CLITestbed.run { bed in
            try bed.caseWithMaterial()
            let all = try bed.search("", ["--limit", "500"])
            let items = try bed.listItems()
            #expect(total(all) == items.count, "an empty query lists everything: \(all)")
            let facets = try #require(all["facets"] as? [String: Any])
            func counts(_ name: String) -> [String: Int] {
                var result: [String: Int] = [:]
                for entry in facets[name] as? [[String: Any]] ?? [] {
                    if let value = entry["value"] as? String, let count = entry["count"] as? Int { result[value] = count }
                }
                return result
            }
            #expect(counts("cases") == ["CR-1": items.count])
            #expect(counts("kinds")["email"] == 3)
            #expect(counts("mediaTypes")["message/rfc822"] == 4 && counts("mediaTypes")["text/csv"] == 1, "\(facets)")
            #expect(counts("officers") == ["officer": items.count])
            #expect(counts("months")["2009-06"] == 3, "\(facets)")

            // Pages: offset and limit walk the same order without gaps or repeats.
            let ordered = hitIDs(try bed.search("", ["--sort", "date", "--limit", "500"]))
            var paged: [String] = []
            for offset in stride(from: 0, to: items.count, by: 3) {
                paged += hitIDs(try bed.search("", ["--sort", "date", "--limit", "3", "--offset", String(offset)]))
            }
            #expect(paged == ordered && ordered.count == items.count)
            let dates = (try bed.search("", ["--sort", "date", "--limit", "500"])["hits"] as? [[String: Any]] ?? [])
                .compactMap { $0["date"] as? String }
            #expect(dates == dates.sorted() && dates.first?.hasPrefix("2009") == true, "\(dates)")
            let descending = hitIDs(try bed.search("", ["--sort", "date-descending", "--limit", "500"]))
            #expect(Set(descending) == Set(ordered) && descending.last.map { ordered.prefix(3).contains($0) } == true)
        }
    }

    @Test("every search is recorded in the ledger with its query, filters, hit counts and the index state")
    func searchesAreRecorded() throws {
        try CLITestbed.run { bed in
            try bed.caseWithMaterial()
            try bed.ok(["search", "window", "--limit", "2", "--reason", "disclosure review of statements"])
            let records = try bed.events("search.run")
            try #require(records.count == 1, "\(records)")
            let details = try #require(records[0]["details"] as? [String: Any])
            #expect(details["query"] as? String == "window")
            #expect(details["totalHits"] as? Int == 4 && details["hits"] as? Int == 4, "\(details)")
            #expect((details["shown"] as? [String])?.count == 2)
            let filters = try #require(details["filters"] as? [String: Any])
            #expect(filters["limit"] as? Int == 2 && filters["sort"] as? String == "relevance")
            #expect(details["indexWatermark"] is Int && details["pendingEvents"] as? Int == 0, "\(details)")
            #expect(records[0]["case"] as? String == (try bed.caseID("CR-1")))
            // The reason is in the audit part of the event (sealed to the audit key), not the readable part.
            #expect(!"\(records[0])".contains("disclosure review of statements"))

            // The log of a case lists its searches.
            let text = try bed.ok(["log", "--case", "CR-1", "--type", "search.run"]).out
            #expect(text.split(separator: "\n").count == 1 && text.contains("\"window\": 4 hits"), "\(text)")
            // Named by its reference, as the user knows it, not by its id.
            let caseID = try bed.caseID("CR-1")
            #expect(text.contains("searched case CR-1 for") && !text.contains(caseID), "\(text)")
            try bed.fails(66, ["log", "--case", "CR-404"])
            try bed.verifyIntact()
        }
    }

    @Test("a malformed query or bad option is refused with 64; nothing is recorded and nothing committed is lost")
    func badQueries() throws {
        try CLITestbed.run { bed in
            try bed.caseWithMaterial()
            let before = try bed.ledgerEntryCount()
            let items = try bed.listItems()
            for query in ["window AND", "NOT", "a..b", "2026-99-01..2026-01-01", String(repeating: "x", count: 5000)] {
                let result = try bed.fails(64, ["search", query])
                #expect(result.err.contains("query"), "\(result)")
            }
            for options in [["--limit", "0"], ["--limit", "501"], ["--offset", "-1"], ["--sort", "sideways"]] {
                try bed.usageError(["search", "window"] + options)
            }
            try bed.usageError(["search"])
            #expect(try bed.ledgerEntryCount() == before, "a refused search left entries behind")
            // A case that does not exist is refused as one the user may not see: recorded.
            let unknown = try bed.fails(66, ["search", "window", "--case", "CR-404"])
            #expect(unknown.err.contains("CR-404"), "\(unknown)")
            #expect(try bed.events("access.denied").count == 1)
            #expect(try bed.events("search.run").isEmpty)
            #expect(try bed.listItems().count == items.count)
            try bed.verifyIntact()
        }
    }
}

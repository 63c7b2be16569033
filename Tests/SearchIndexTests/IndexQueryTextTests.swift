import Testing
@testable import SearchIndex

@Suite struct IndexQueryTextTests {
    @Test(arguments: [
        ("Burglary AND Jewellery", "burglary AND jewellery"),
        ("Burglary and Jewellery OR Van NOT Car XOR Boat", "burglary and jewellery OR van NOT car XOR boat"),
        ("Alice NEAR Bob", "alice NEAR bob"),
        ("Alice NEAR/5 Bob ADJ/2 Carol", "alice NEAR/5 bob ADJ/2 carol"),
        ("\"Breaking Glass\" AND (Van OR Car)", "\"breaking glass\" AND (van OR car)"),
        ("ref:JS/1 Burglar", "ref:js/1 burglar"),
        ("Ref:JS/1", "ref:js/1"),
        ("hash:ABCDEF0123", "hash:abcdef0123"),
        ("by:\"DC  Jane Smith\" Window", "by:\"dc jane smith\" window"),
        ("title:\"Witness Statement\"", "title:\"witness statement\""),
        ("Title:Meeting", "title:meeting"),
        ("-Kind:Email +Jewellery", "-kind:email +jewellery"),
        ("type:Text/Plain;charset=UTF-8", "type:text/plain"),
        ("sensitive:TRUE", "sensitive:yes"),
        ("Burg*", "burg*"),
        ("2024-01-01..2024-03-31 Date:2024-01-01..", "2024-01-01..2024-03-31 date:2024-01-01.."),
        ("Unknown:Field", "unknown:field"),
        ("\"Unclosed Phrase", "\"unclosed phrase"),
        ("ÉCOLE Straße", "école straße"),
        ("", ""),
    ])
    func preparedQueries(_ input: String, _ expected: String) {
        #expect(QueryText.prepare(input) == expected)
    }

    @Test func dateRangeChecks() {
        #expect(QueryText.dateRangeProblem("2024-01-01..2024-03-31") == nil)
        #expect(QueryText.dateRangeProblem("date:2024-02-29..") == nil)
        #expect(QueryText.dateRangeProblem("..2023-12-31") == nil)
        #expect(QueryText.dateRangeProblem("01/02/2024..29/02/2024") == nil)
        #expect(QueryText.dateRangeProblem("\"2024-13-01..2024-14-01\"") == nil)  // a phrase, not a range
        #expect(QueryText.dateRangeProblem("10..20") == nil)  // not dates: Xapian's business
        #expect(QueryText.dateRangeProblem("2023-02-29..2023-03-01") != nil)
        #expect(QueryText.dateRangeProblem("2024-13-01..") != nil)
        #expect(QueryText.dateRangeProblem("31/04/2024..") != nil)
        #expect(QueryText.dateRangeProblem("x 2024-03-31..2024-01-01") == "the range 2024-03-31..2024-01-01 ends before it starts.")
    }

    @Test func wordsSpellingMayCorrect() {
        func words(_ q: String) -> [String] { QueryText.wordRanges(q).map { String(q[$0]) } }
        #expect(words("burglar NEAR/3 windw AND (van OR car)") == ["burglar", "windw", "van", "car"])
        #expect(words("\"breaking glas\" -kind:email +title:meetng") == ["breaking", "glas", "meetng"])
        #expect(words("by:\"dc jane smith\" burg* 2024-01-01..2024-02-01 date:2024.. 1234 o'brien")
                == ["o'brien"])
    }

    @Test func storedItemRoundTrip() throws {
        let item = StoredItem(
            id: "i-1", parent: nil, caseID: "c", caseRef: "OP \"QUOTE\" / 1", kind: "email", ref: "JS/1\\2",
            name: "naïve ☃ file\n\tname.txt", title: "emoji 😀 and \u{1} control", type: "text/plain",
            date: -1_234_567, officer: nil, classification: "OFFICIAL", sensitive: true, status: "undecided",
            extraction: "failed", extractionReason: "The PDF is damaged: \"xref\" not found.")
        let data = try StoredItem.encode(item)
        #expect(!data.contains("\n"))
        #expect(try StoredItem.decode(data) == item)
        // Written by another JSON writer: spaces, escaped slashes, \u escapes with surrogates.
        let other = #"{ "id" : "x", "case":"c", "cref":"R\/1", "kind":"k", "type":"t", "date": 5, "class":"o", "#
            + #""sens": false, "status":"s", "title": "\ud83d\ude00\u00e9", "ref": null }"#
        let decoded = try StoredItem.decode(other)
        #expect(decoded.caseRef == "R/1")
        #expect(decoded.title == "😀é")
        #expect(decoded.ref == nil)
        #expect(decoded.extraction == "ok" && decoded.extractionReason == nil)
        for bad in ["", "{", "{\"id\":1}", "{\"id\":\"x\"} trailing", #"{"id":"x","date":"5"}"#, "[1]"] {
            #expect(throws: (any Error).self, "\(bad)") { try StoredItem.decode(bad) }
        }
    }

    @Test func normalForms() {
        #expect(IndexSchema.normalise("  JS / 1 ") == "js / 1")
        #expect(IndexSchema.booleanTerm(IndexSchema.Prefix.exhibitRef, "JS/1") == "XREFjs/1")
        let long = IndexSchema.booleanTerm(IndexSchema.Prefix.fileName, String(repeating: "é", count: 300))
        #expect(long.utf8.count <= IndexSchema.maxTermBytes)
        #expect(long.hasPrefix("XFILEéé"))
        #expect(long != IndexSchema.booleanTerm(IndexSchema.Prefix.fileName, String(repeating: "é", count: 301)))
        #expect(IndexSchema.shardName(classification: "OFFICIAL", sensitive: false) == "official")
        #expect(IndexSchema.shardName(classification: "Official-Sensitive", sensitive: true) == "official-sensitive.sensitive")
        #expect(IndexSchema.shardName(classification: "TOP SECRET", sensitive: false).hasPrefix("top_secret-"))
        #expect(IndexSchema.shardName(classification: "../x", sensitive: false).allSatisfy { $0.isLetter || $0.isNumber || "-_".contains($0) })
    }
}

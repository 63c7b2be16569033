import Foundation
import Testing
@testable import SearchIndex

/// Query features over the shared corpus, as a user who sees both cases, OFFICIAL only,
/// no sensitive material (so a6, a7, a8 never appear).
@Suite struct IndexSearchTests {
    func ids(_ query: String, cases: Set<String> = [IndexCorpus.caseA, IndexCorpus.caseB]) throws -> Set<String> {
        IndexCorpus.ids(try SharedIndexCorpus.search(IndexCorpus.request(query, cases: cases)))
    }

    @Test func wordsAndStemming() throws {
        #expect(try ids("jewellery") == ["a1", "a2", "a4", "a5", "b1"])
        // "burglary" stems like "burglaries" (a5) and "burglary" (b2), not "burglar".
        #expect(try ids("burglary") == ["a5", "b2"])
        // Capitalised: still stemmed, because free text is lower-cased before parsing.
        #expect(try ids("Burglary") == ["a5", "b2"])
        #expect(try ids("BURGLARIES") == ["a5", "b2"])
        // Title, file name words and extracted fields are plain text too.
        #expect(try ids("witness") == ["a1"])
        #expect(try ids("mailbox") == ["a3"])
        #expect(try ids("archer") == ["a2"])
        // Every word must match by default.
        #expect(try ids("jewellery garage") == ["a2"])
    }

    @Test func booleanOperatorsAndParentheses() throws {
        #expect(try ids("jewellery AND garage") == ["a2"])
        #expect(try ids("garage OR van") == ["a2", "a4", "b2"])
        #expect(try ids("jewellery NOT garage") == ["a1", "a4", "a5", "b1"])
        #expect(try ids("jewellery AND NOT garage") == ["a1", "a4", "a5", "b1"])
        #expect(try ids("(garage OR van) AND harbour") == ["a4", "b2"])
        #expect(try ids("warehouse XOR van") == ["b1"])
        #expect(try ids("NOT jewellery") == ["a3", "b2"])
        #expect(try ids("jewellery -garage +cash") == ["a5"])
        // Lower-case "and"/"or" are words, not operators ("and" occurs in a1, a4, a5, b1...).
        #expect(try ids("van and harbour") == ["a4"])
    }

    @Test func phrasesAndNear() throws {
        #expect(try ids("\"breaking glass\"") == ["a1"])
        #expect(try ids("\"glass breaking\"").isEmpty)
        #expect(try ids("\"Breaking Glass\"") == ["a1"])
        #expect(try ids("burglar NEAR window") == ["a1"])
        #expect(try ids("burglar NEAR midnight").isEmpty)  // 19 words apart
        #expect(try ids("burglar NEAR/20 midnight") == ["a1"])
        #expect(try ids("window ADJ burglar").isEmpty)  // ADJ keeps the order
        #expect(try ids("burglar ADJ window") == ["a1"])
    }

    @Test func wildcards() throws {
        #expect(try ids("burg*") == ["a1", "a5", "b2"])
        #expect(try ids("Burg*") == ["a1", "a5", "b2"])
        #expect(try ids("ware* AND van") == ["a4", "b2"])
        #expect(try ids("title:meet*") == ["a2"])
    }

    @Test func filterFields() throws {
        #expect(try ids("ref:JS/1") == ["a1"])
        #expect(try ids("ref:js/1") == ["a1"])
        #expect(try ids("Ref:JS/2") == ["a3"])
        #expect(try ids("ref:JS/1 OR ref:PH/7") == ["a1", "a4"])
        #expect(try ids("(ref:JS/1 OR ref:PH/7) jewellery") == ["a1", "a4"])
        #expect(try ids("kind:email") == ["a2"])
        #expect(try ids("kind:Exhibit") == ["a3", "a4", "b1"])
        #expect(try ids("kind:exhibit -kind:statement harbour") == ["a4", "b1"])
        #expect(try ids("by:\"DC Jane Smith\"") == ["a1", "a2", "a3"])
        #expect(try ids("by:\"dc  jane SMITH\"") == ["a1", "a2", "a3"])
        #expect(try ids("case:OP-HARBOUR") == ["b1", "b2"])
        #expect(try ids("case:op-lantern jewellery") == ["a1", "a2", "a4", "a5"])
        #expect(try ids("type:application/pdf") == ["a5", "b1"])
        #expect(try ids("type:text/plain") == ["a1", "a4", "b2"])  // a1's charset parameter dropped
        #expect(try ids("hash:\(IndexCorpus.hashA1)") == ["a1"])
        #expect(try ids("hash:\(IndexCorpus.hashA1.lowercased())") == ["a1"])
        #expect(try ids("status:disclose") == ["a5"])
        #expect(try ids("status:undecided harbour") == ["a4", "b1", "b2"])
        #expect(try ids("file:statement-smith.txt") == ["a1"])
        #expect(try ids("parent:a3") == ["a2"])
        #expect(try ids("class:official kind:email") == ["a2"])
        #expect(try ids("sensitive:yes").isEmpty)
    }

    @Test func freeTextFields() throws {
        #expect(try ids("title:jewellery") == ["a2"])
        #expect(try ids("subject:meeting") == ["a2"])
        #expect(try ids("from:alice") == ["a2"])
        #expect(try ids("from:Archer") == ["a2"])
        #expect(try ids("to:bob") == ["a2"])
        #expect(try ids("from:bob").isEmpty)
        #expect(try ids("name:statement") == ["a1"])
        #expect(try ids("name:report.pdf") == ["a5"])
        #expect(try ids("title:\"witness statement\"") == ["a1"])
    }

    @Test func dateRanges() throws {
        #expect(try ids("2024-01-01..2024-03-31") == ["a1", "a2", "a3", "a4", "b2"])  // a4 at 23:00 on the 31st
        #expect(try ids("date:2024-02-01..2024-02-29") == ["a2", "a3"])
        #expect(try ids("2024-04-01..") == ["a5"])
        #expect(try ids("..2023-12-31") == ["b1"])
        #expect(try ids("jewellery 2024-01-01..2024-02-29") == ["a1", "a2"])
        #expect(try ids("01/02/2024..29/02/2024") == ["a2", "a3"])  // day/month/year
    }

    @Test func sortingAndPaging() throws {
        var request = IndexCorpus.request("")
        request.sort = .date
        let ascending = try SharedIndexCorpus.search(request)
        #expect(ascending.hits.map(\.itemID) == ["b1", "a1", "b2", "a3", "a2", "a4", "a5"])
        #expect(ascending.total.exact == 7)
        request.sort = .dateDescending
        #expect(try SharedIndexCorpus.search(request).hits.map(\.itemID) == ["a5", "a4", "a2", "a3", "b2", "a1", "b1"])

        request.sort = .date
        request.limit = 3
        var pages: [String] = []
        for offset in stride(from: 0, to: 9, by: 3) {
            request.offset = offset
            let page = try SharedIndexCorpus.search(request)
            #expect(page.hits.map(\.rank) == Array(offset + 1 ... offset + page.hits.count))
            pages += page.hits.map(\.itemID)
        }
        #expect(pages == ascending.hits.map(\.itemID))

        // Relevance: a5 says "jewellery" once in 14 words, a2 says it once in a longer text with a title.
        let relevant = try SharedIndexCorpus.search(IndexCorpus.request("harbour warehouse"))
        #expect(relevant.hits.count == 3)
        #expect(relevant.hits.map(\.score) == relevant.hits.map(\.score).sorted(by: >))
        #expect(relevant.hits.first?.percent == 100)
    }

    @Test func hitsCarryWhatTheyDisplay() throws {
        let hit = try #require(try SharedIndexCorpus.search(IndexCorpus.request("ref:JS/1")).hits.first)
        #expect(hit.itemID == "a1")
        #expect(hit.caseID == IndexCorpus.caseA)
        #expect(hit.caseReference == "OP-LANTERN")
        #expect(hit.kind == "statement")
        #expect(hit.exhibitRef == "JS/1")
        #expect(hit.name == "statement-smith.txt")
        #expect(hit.title == "Witness statement of Mary Jones")
        #expect(hit.mediaType == "text/plain")
        #expect(hit.officer == "DC Jane Smith")
        #expect(hit.date == (try indexMillis("2024-01-15T10:00:00Z")))
        #expect(hit.rank == 1)
        let email = try #require(try SharedIndexCorpus.search(IndexCorpus.request("kind:email")).hits.first)
        #expect(email.parentID == "a3")
    }

    @Test func facets() throws {
        var request = IndexCorpus.request("jewellery OR van")
        request.wantFacets = true
        request.limit = 1
        let result = try SharedIndexCorpus.search(request)
        #expect(result.total.exact == 6)
        let facets = try #require(result.facets)
        #expect(facets.cases == [FacetCount(value: "OP-LANTERN", count: 4), FacetCount(value: "OP-HARBOUR", count: 2)])
        #expect(facets.kinds == [FacetCount(value: "exhibit", count: 2), FacetCount(value: "statement", count: 2),
                                 FacetCount(value: "document", count: 1), FacetCount(value: "email", count: 1)])
        #expect(facets.mediaTypes == [FacetCount(value: "text/plain", count: 3), FacetCount(value: "application/pdf", count: 2),
                                      FacetCount(value: "message/rfc822", count: 1)])
        #expect(facets.officers == [FacetCount(value: "DC Jane Smith", count: 2), FacetCount(value: "DC Tom Brown", count: 2),
                                    FacetCount(value: "PC Ali Khan", count: 2)])
        let months: [FacetCount] = [FacetCount(value: "2024-01", count: 2), FacetCount(value: "2023-12", count: 1),
                                    FacetCount(value: "2024-02", count: 1), FacetCount(value: "2024-03", count: 1),
                                    FacetCount(value: "2024-04", count: 1)]
        #expect(facets.months == months)
        // Facets follow the filters.
        var one = IndexCorpus.request("jewellery", cases: [IndexCorpus.caseB])
        one.wantFacets = true
        #expect(try SharedIndexCorpus.search(one).facets?.cases == [FacetCount(value: "OP-HARBOUR", count: 1)])
    }

    @Test func snippetsHighlightMatches() throws {
        let a5 = try #require(try SharedIndexCorpus.search(IndexCorpus.request("burglary")).hits.first { $0.itemID == "a5" })
        #expect(a5.snippet.highlightedWords == ["Burglaries"])  // a stemmed variant of the query word
        #expect(a5.snippet.text.contains("rose sharply"))

        let a1 = try #require(try SharedIndexCorpus.search(IndexCorpus.request("window OR glass")).hits.first { $0.itemID == "a1" })
        #expect(a1.snippet.highlightedWords == ["window", "glass"])
        // Xapian's HTML escaping is undone in the text and redone in `html`.
        #expect(a1.snippet.text.contains("midnight <and> a car drove off & away"))
        #expect(a1.snippet.html.contains("<mark>window</mark>"))
        #expect(a1.snippet.html.contains("&lt;and&gt;"))
        #expect(a1.snippet.marked(open: "[", close: "]").contains("rear [window] and"))

        let phrase = try #require(try SharedIndexCorpus.search(IndexCorpus.request("\"breaking glass\"")).hits.first)
        #expect(phrase.snippet.highlightedWords.joined(separator: " ").contains("breaking glass"))

        // An item without text shows its metadata.
        let mbox = try #require(try SharedIndexCorpus.search(IndexCorpus.request("ref:JS/2")).hits.first)
        #expect(mbox.snippet.text == "mailbox.mbox")
    }

    @Test func snippetsCanBeLeftOut() throws {
        var request = IndexCorpus.request("jewellery")
        request.wantSnippets = false
        let result = try SharedIndexCorpus.search(request)
        #expect(result.hits.count == 5)
        #expect(result.hits.allSatisfy { $0.snippet.segments.isEmpty })
    }

    @Test func longSnippetIsCutAroundTheMatch() throws {
        let fixture = try IndexFixture()
        let filler = Array(repeating: "lorem ipsum dolor sit amet", count: 200).joined(separator: " ")
        let doc = IndexDocument(itemID: "long", caseID: "c", caseReference: "R", kind: "document", sha256: "00",
                                date: 0, text: filler + " the getaway car was a blue hatchback " + filler)
        let indexes = try fixture.build([doc])
        let hit = try #require(try Searcher().search(IndexCorpus.request("hatchback", cases: ["c"]), indexes: indexes).hits.first)
        #expect(hit.snippet.highlightedWords == ["hatchback"])
        #expect(hit.snippet.text.utf8.count < 400)
        #expect(hit.snippet.text.hasPrefix("…"))
    }

    @Test func spellingSuggestions() throws {
        var request = IndexCorpus.request("jewelery")
        request.wantSpelling = true
        let result = try SharedIndexCorpus.search(request)
        #expect(result.hits.isEmpty)
        #expect(result.spellingSuggestion == "jewellery")
        request.query = "Harbor AND ref:JS/1"
        #expect(try SharedIndexCorpus.search(request).spellingSuggestion == "harbour AND ref:js/1")
        request.query = "jewellery"
        #expect(try SharedIndexCorpus.search(request).spellingSuggestion == nil)  // known word
        // A known word is left alone even where a more frequent neighbour exists.
        request.query = "burglar NEAR windw"
        #expect(try SharedIndexCorpus.search(request).spellingSuggestion == "burglar NEAR window")
        request.query = "\"brekaing glass\" kind:emial title:meetng"
        #expect(try SharedIndexCorpus.search(request).spellingSuggestion == "\"breaking glass\" kind:emial title:meeting")
        request.query = "jewelery"
        request.wantSpelling = false
        #expect(try SharedIndexCorpus.search(request).spellingSuggestion == nil)  // not asked for
    }

    @Test func malformedQueriesThrow() throws {
        for query in ["jewellery AND", "OR burglar", "NOT", "AND", "a AND (", "burglar XOR", "foo..bar",
                      "2024-13-01..2024-14-01", "2024-03-31..2024-01-01", "2024-02-30..2024-03-01"] {
            #expect(throws: IndexError.self, "\(query)") { try SharedIndexCorpus.search(IndexCorpus.request(query)) }
            do {
                _ = try SharedIndexCorpus.search(IndexCorpus.request(query))
            } catch let error as IndexError {
                guard case .malformedQuery(let q, let reason) = error else {
                    Issue.record("\(query): \(error)")
                    continue
                }
                #expect(q == query)
                #expect(reason.hasSuffix("."))
                #expect(!error.description.isEmpty)
            }
        }
        do {
            _ = try SharedIndexCorpus.search(IndexCorpus.request("jewellery AND"))
        } catch {
            #expect("\(error)" == "The search query \"jewellery AND\" cannot be understood: AND needs a search term on each side (write operators in capitals only when you mean them).")
        }
        // Lenient where Xapian is: an unclosed quote or bracket still searches.
        #expect(try ids("\"breaking glass") == ["a1"])
        #expect(try ids("(garage OR van") == ["a2", "a4", "b2"])
    }

    @Test func requestBoundsAreChecked() throws {
        var request = IndexCorpus.request("jewellery")
        request.limit = SearchRequest.maxLimit + 1
        #expect(throws: IndexError.self) { try SharedIndexCorpus.search(request) }
        request.limit = 10
        request.offset = -1
        #expect(throws: IndexError.self) { try SharedIndexCorpus.search(request) }
        request.offset = 100
        #expect(try SharedIndexCorpus.search(request).hits.isEmpty)
        request.offset = 0
        request.limit = 0
        let counted = try SharedIndexCorpus.search(request)
        #expect(counted.hits.isEmpty)
        #expect(counted.total.estimated == 5)
    }

    @Test func kindFilterAndNoCases() throws {
        var request = IndexCorpus.request("jewellery")
        request.kinds = ["Exhibit", "email"]
        #expect(IndexCorpus.ids(try SharedIndexCorpus.search(request)) == ["a2", "a4", "b1"])
        // No visible case: nothing, and no error.
        let none = try SharedIndexCorpus.search(IndexCorpus.request("jewellery", cases: []))
        #expect(none.hits.isEmpty && none.total.exact == 0)
        // A malformed query is reported even then.
        #expect(throws: IndexError.self) { try SharedIndexCorpus.search(IndexCorpus.request("a AND", cases: [])) }
        // A case id without an index is skipped.
        #expect(try ids("jewellery", cases: ["case-z", IndexCorpus.caseB]) == ["b1"])
    }

    @Test func severalCaseDatabasesSearchedAsOne() throws {
        var request = IndexCorpus.request("warehouse", cases: [IndexCorpus.caseA, IndexCorpus.caseB])
        request.wantFacets = true
        let both = try SharedIndexCorpus.search(request)
        #expect(IndexCorpus.ids(both) == ["a4", "b1", "b2"])
        #expect(both.facets?.cases.map(\.value).sorted() == ["OP-HARBOUR", "OP-LANTERN"])
        // One ranking across both: percentages relative to the best hit of either case.
        #expect(both.hits.filter { $0.percent == 100 }.count >= 1)
        request.caseIDs = [IndexCorpus.caseB]
        #expect(IndexCorpus.ids(try SharedIndexCorpus.search(request)) == ["b1", "b2"])
    }
}

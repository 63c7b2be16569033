import EvidenceSearch
import EvidenceService
import EvidenceStore
import Foundation
import SearchIndex

/// How `evidence search` shows what it found.
enum SearchOutput {
    /// Marks around matched words in text output (plain characters: the output may go to a
    /// file or a pipe, and terminal escapes are never printed).
    static let open = "«"
    static let close = "»"

    static func print(_ outcome: SearchResults, showFacets: Bool, query: String) {
        let result = outcome.result
        let total = result.total.exact ?? result.total.estimated
        let caseList = outcome.cases.joined(separator: ", ")
        if result.hits.isEmpty {
            Output.line(total == 0 ? "No items match in \(caseList)."
                                   : "\(matching(total)) in \(caseList); none on this page.")
        } else {
            let first = result.hits.first?.rank ?? 1
            let last = result.hits.last?.rank ?? first
            Output.line("\(matching(total)) in \(caseList) (showing \(first)-\(last)).")
        }
        if let suggestion = result.spellingSuggestion {
            Output.line("Did you mean: \(suggestion)")
        }
        for hit in result.hits {
            let label = hit.name ?? hit.title ?? "(no name)"
            let parent = hit.parentID.map { "  part of \($0)" } ?? ""
            Output.line(String(format: "%3d. ", hit.rank) + "\(hit.itemID)  \(hit.caseReference)  \(hit.kind)  \(hit.exhibitRef ?? "-")  \(label)  score \(String(format: "%.2f", hit.score))\(parent)")
            let snippet = flatten(hit.snippet.marked(open: open, close: close))
            if !snippet.isEmpty { Output.line("     " + snippet) }
            if hit.extraction != "ok" {
                Output.line("     (text extraction: \(hit.extraction)\(hit.extractionReason.map { ": \($0)" } ?? ""))")
            }
        }
        if showFacets, let facets = result.facets {
            Output.line("")
            for (label, counts) in [("Cases", facets.cases), ("Kinds", facets.kinds), ("Media types", facets.mediaTypes),
                                    ("Officers", facets.officers), ("Months", facets.months),
                                    ("Camera makes", facets.cameraMakes), ("Camera models", facets.cameraModels)] where !counts.isEmpty {
                Output.line("\(label): " + counts.map { "\($0.value) \($0.count)" }.joined(separator: ", "))
            }
        }
    }

    static func matching(_ total: Int) -> String {
        total == 1 ? "1 item matches" : "\(total) items match"
    }

    /// One line: runs of white space (line breaks included) become one space.
    static func flatten(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    static func json(_ outcome: SearchResults) -> JSONValue {
        let result = outcome.result
        func facetList(_ counts: [FacetCount]) -> JSONValue {
            .array(counts.map { .object(["value": .string($0.value), "count": .int(Int64($0.count))]) })
        }
        var object: [String: JSONValue] = [
            "query": .string(result.preparedQuery),
            "total": .int(Int64(result.total.exact ?? result.total.estimated)),
            "hits": .array(result.hits.map(hitJSON)),
            "cases": .array(outcome.searched.map { searched in
                .object([
                    "id": .string(searched.id), "reference": .string(searched.reference),
                    "hits": .int(Int64(searched.hits)),
                    "indexWatermark": searched.indexWatermark.map { .int(Int64(clamping: $0)) } ?? .null,
                    "ledgerSize": .int(Int64(clamping: searched.ledgerSize)),
                    "pendingEvents": .int(Int64(searched.pendingEvents)),
                    "indexCurrent": .bool(searched.indexCurrent),
                ])
            }),
            "spellingSuggestion": result.spellingSuggestion.map(JSONValue.string) ?? .null,
        ]
        if let facets = result.facets {
            object["facets"] = .object([
                "cases": facetList(facets.cases), "kinds": facetList(facets.kinds),
                "mediaTypes": facetList(facets.mediaTypes), "officers": facetList(facets.officers),
                "months": facetList(facets.months), "cameraMakes": facetList(facets.cameraMakes),
                "cameraModels": facetList(facets.cameraModels),
            ])
        }
        return .object(object)
    }

    static func hitJSON(_ hit: SearchHit) -> JSONValue {
        var object: [String: JSONValue] = [
            "rank": .int(Int64(hit.rank)), "id": .string(hit.itemID), "case": .string(hit.caseID),
            "caseReference": .string(hit.caseReference), "kind": .string(hit.kind),
            "mediaType": .string(hit.mediaType), "classification": .string(hit.classification),
            "sensitive": .bool(hit.sensitive), "disclosureStatus": .string(hit.disclosureStatus),
            "extraction": .string(hit.extraction), "date": .string(Timestamp(milliseconds: hit.date).description),
            "score": .string(String(format: "%.4f", hit.score)), "percent": .int(Int64(hit.percent)),
            "snippet": .string(hit.snippet.text),
            "highlights": .array(hit.snippet.segments.map { .object(["text": .string($0.text), "match": .bool($0.highlighted)]) }),
        ]
        for (key, value) in [("exhibitRef", hit.exhibitRef), ("name", hit.name), ("title", hit.title),
                             ("officer", hit.officer), ("parent", hit.parentID), ("extractionReason", hit.extractionReason)] {
            if let value { object[key] = .string(value) }
        }
        return .object(object)
    }
}

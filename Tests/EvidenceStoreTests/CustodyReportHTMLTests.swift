import Foundation
import Testing
@testable import EvidenceStore

/// The custody report's HTML: every value escaped, nothing external, and the proofs
/// readable back out of the page by the classes docs/VERIFICATION.md §4 names.
@Suite struct CustodyReportHTMLTests {
    @Test func escapingNeutralisesMarkupAndControlCharacters() {
        #expect(HTMLText.escape(#"<script>alert("x") & 'y'</script>"#)
            == "&lt;script&gt;alert(&quot;x&quot;) &amp; &#39;y&#39;&lt;/script&gt;")
        #expect(HTMLText.escape("line one\nline\ttwo") == "line one\nline\ttwo")
        #expect(HTMLText.escape("bell\u{7} escape\u{1B}[2J del\u{7F}") == "bell\\u{7} escape\\u{1b}[2J del\\u{7f}")
        #expect(HTMLText.escape("Zoë — ✓") == "Zoë — ✓")
    }

    /// A report over a real two-entry ledger, with hostile text wherever a person typed something.
    static func report() throws -> (CustodyReport, UnitLedger) {
        let ledger = try UnitLedger()
        let writer = try ledger.freshWriter()
        for index in 0..<3 { try writer.append(UnitLedger.entry(index)) }
        let (checkpoint, signed) = try writer.commit(origin: UnitLedger.origin, signer: ledger.signer)
        let hostile = "<img src=x onerror=alert(1)> \"quoted\" & 'single'"
        let item = ItemRecord(id: "itm_K", caseID: "case_C", addedSeq: 1, addedAt: "2026-03-14T09:12:44.120Z",
                              addedBy: "usr_A", kind: "exhibit", exhibitRef: "KNF/<1>", description: hostile,
                              seizedBy: hostile, physical: true, seal: "EV</td>1")
        let entries = try [1, 2].map { seq in
            let proof = try ledger.store.inclusionProof(index: UInt64(seq), checkpoint: checkpoint)
            let record = EntryRecord(seq: Int64(seq), type: seq == 1 ? EventType.physicalItemAdded : EventType.custodyTransferred,
                                     time: "2026-03-14T09:12:4\(seq).000Z", actor: "usr_A", caseID: "case_C", itemID: "itm_K",
                                     signer: "usr_A", leafHash: Hex.encode(proof.leafHash), sealedState: "open",
                                     auditState: "locked")
            return CustodyReport.Event(entry: record, actorName: hostile, summary: hostile, proof: proof)
        }
        let continuity = ContinuityRecord.build(item: item, transfers: [], events: [], names: ["usr_A": hostile])
        let report = CustodyReport(
            generatedAt: Timestamp(milliseconds: 0), generatedBy: hostile, repositoryID: "repo_X", item: item,
            caseReference: "CR-<1>", caseTitle: hostile, continuity: continuity, events: entries, checkpoint: checkpoint,
            signedCheckpoint: String(decoding: signed, as: UTF8.self), verifierKey: ledger.verifier)
        return (report, ledger)
    }

    @Test func noMarkupFromUsersAndNothingExternal() throws {
        let html = CustodyReportHTML.render(try Self.report().0)
        #expect(!html.contains("<img"))
        #expect(!html.contains("<script"))
        #expect(!html.contains("EV</td>1"))
        #expect(html.contains("&lt;img src=x onerror=alert(1)&gt; &quot;quoted&quot; &amp; &#39;single&#39;"))
        #expect(html.contains("KNF/&lt;1&gt;"))
        for external in ["http://", "https://", "src=\"", "<link", "@import", "url("] {
            #expect(!html.contains(external), "the report must be self-contained: found \(external)")
        }
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">") && html.hasSuffix("</body>\n</html>\n"))
    }

    @Test func theProofsReadBackOutOfThePageAndVerify() throws {
        let (report, ledger) = try Self.report()
        let html = CustodyReportHTML.render(report)
        let pre = try #require(html.range(of: "<pre class=\"checkpoint\">"))
        let preEnd = try #require(html.range(of: "</pre>", range: pre.upperBound..<html.endIndex))
        let note = String(html[pre.upperBound..<preEnd.lowerBound])
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
        #expect(note == report.signedCheckpoint)
        let checkpoint = try SignedCheckpoint.open(Array(note.utf8), verifier: ledger.verifier).checkpoint
        let sections = html.components(separatedBy: "<section class=\"proof\"").dropFirst()
        #expect(sections.count == 2)
        for section in sections {
            func value(_ pattern: String) throws -> String {
                let regex = try NSRegularExpression(pattern: pattern)
                let match = try #require(regex.firstMatch(in: section, range: NSRange(section.startIndex..., in: section)))
                return String(section[try #require(Range(match.range(at: 1), in: section))])
            }
            let index = try #require(UInt64(try value(#"class="leaf-index">(\d+)<"#)))
            let size = try #require(UInt64(try value(#"class="tree-size">(\d+)<"#)))
            let leaf = try #require(Hex.decode(try value(#"class="leaf-hash">([0-9a-f]{64})<"#)))
            let entry = try #require(Base64.decode(try value(#"class="entry">([A-Za-z0-9+/=]+)<"#)))
            let pathHTML = try value(#"<ol class="audit-path">(.*?)</ol>"#)
            let path = try NSRegularExpression(pattern: "<li><code>([0-9a-f]{64})</code></li>")
                .matches(in: pathHTML, range: NSRange(pathHTML.startIndex..., in: pathHTML))
                .compactMap { Range($0.range(at: 1), in: pathHTML).flatMap { Hex.decode(String(pathHTML[$0])) } }
            #expect(try Merkle.leafHash(entry) == leaf)
            try Merkle.verifyInclusion(leafIndex: index, treeSize: size, leafHash: leaf, proof: path, root: checkpoint.rootHash)
        }
    }
}

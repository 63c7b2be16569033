import Foundation
import Testing
@testable import EvidenceStore

/// docs/DEFAULT-POLICY.md holds the default policy for readers of FORMAT.md who have no
/// sources: its text and hash must be the ones `evidence init` records.
@Suite struct DefaultPolicyDocTests {
    static let document = PolicyParserTests.root.appendingPathComponent("docs/DEFAULT-POLICY.md")

    @Test func theAppendixHoldsTheDefaultPolicyTextAndItsHash() throws {
        let text = try String(contentsOf: Self.document, encoding: .utf8)
        let fence = "```yaml\n"
        let start = try #require(text.range(of: fence), "no yaml block in DEFAULT-POLICY.md")
        let end = try #require(text.range(of: "\n```", range: start.upperBound..<text.endIndex))
        #expect(String(text[start.upperBound..<end.lowerBound]) == Policy.defaultText,
                "DEFAULT-POLICY.md's text is not Policy.defaultText: copy Policies/default.yaml into it")
        let hash = Hex.encode(try SHA256.hash(Array(Policy.defaultText.utf8)))
        #expect(text.contains("```\n\(hash)\n```"), "DEFAULT-POLICY.md should state the hash \(hash)")
    }
}

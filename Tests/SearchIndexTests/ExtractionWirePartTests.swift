import Foundation
import Testing
@testable import SearchIndex

/// The part kind of a child crosses the extraction child's boundary with it: the parent
/// labels the ledger's `part` from it ("member 3"), not from guesses about the file.
struct ExtractionWirePartTests {
    @Test func everyPartKindRoundTrips() throws {
        let document = ExtractedDocument(outcome: .ok, text: "a.txt", children: [
            ExtractedChild(name: "a.txt", mediaType: "text/plain", bytes: [1, 2], part: .member),
            ExtractedChild(name: "message 1", mediaType: "message/rfc822", bytes: [3], part: .message),
            ExtractedChild(name: "b.pdf", mediaType: "application/pdf", bytes: []),
        ])
        let decoded = try JSONDecoder().decode(ExtractedDocument.self, from: JSONEncoder().encode(document))
        #expect(decoded == document)
        #expect(decoded.children.map(\.part) == [.member, .message, .attachment])
        let json = String(decoding: try JSONEncoder().encode(document.children[0]), as: UTF8.self)
        #expect(json.contains("\"part\":\"member\""))
    }
}

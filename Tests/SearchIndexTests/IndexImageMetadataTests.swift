import Foundation
import Testing
@testable import SearchIndex

/// Photos' EXIF fields in the index: `camera:`, `taken:` ranges by the camera's own day, and
/// the camera make and model facets.
@Suite struct IndexImageMetadataTests {
    static let caseID = "case-photos"

    static func photo(_ id: String, make: String, model: String, taken: String, date: String) throws -> IndexDocument {
        IndexDocument(
            itemID: id, caseID: caseID, caseReference: "OP-KESTREL", kind: "image", fileName: "\(id).jpg",
            mediaType: "image/jpeg", sha256: String(repeating: "c", count: 64), date: try indexMillis(date),
            fields: ["camera-make": make, "camera-model": model, "date-taken": taken], extraction: .unsupported,
            extractionReason: ImageMetadata.noTextReason)
    }

    static func build() throws -> (IndexFixture, [String: String]) {
        let fixture = try IndexFixture()
        let paths = try fixture.build([
            // Taken at 00:30 on the 15th by the camera's clock, 23:30 on the 14th in UTC.
            try photo("p1", make: "Google", model: "Pixel 7", taken: "2024-03-15T00:30:00+01:00", date: "2024-03-14T23:30:00Z"),
            try photo("p2", make: "Canon", model: "Canon EOS 80D", taken: "2024-03-14T08:05:10", date: "2024-03-14T08:05:10Z"),
            try photo("p3", make: "Google", model: "Pixel 8 Pro", taken: "2024-03-14T19:00:00", date: "2024-03-14T19:00:00Z"),
        ])
        return (fixture, paths)
    }

    func ids(_ query: String, _ paths: [String: String]) throws -> Set<String> {
        let result = try Searcher().search(SearchRequest(query: query, caseIDs: [Self.caseID]), indexes: paths)
        return Set(result.hits.map(\.itemID))
    }

    @Test func cameraField() throws {
        let (fixture, paths) = try Self.build()
        _ = fixture
        #expect(try ids(#"camera:"Pixel 7""#, paths) == ["p1"])
        #expect(try ids(#"camera:"google pixel 7""#, paths) == ["p1"])
        #expect(try ids("camera:google", paths) == ["p1", "p3"])
        #expect(try ids("camera:canon", paths) == ["p2"])
        // The make and model are plain text too.
        #expect(try ids("pixel", paths) == ["p1", "p3"])
    }

    @Test func takenRangesUseTheCamerasDay() throws {
        let (fixture, paths) = try Self.build()
        _ = fixture
        #expect(try ids("taken:2024-03-14..2024-03-14", paths) == ["p2", "p3"])
        #expect(try ids("taken:2024-03-15..", paths) == ["p1"])
        #expect(try ids("camera:google taken:2024-03-14..2024-03-14", paths) == ["p3"])
        // The item date (UTC) puts all three on the 14th.
        #expect(try ids("2024-03-14..2024-03-14", paths) == ["p1", "p2", "p3"])
        #expect(throws: IndexError.self) { try ids("taken:2024-02-30..2024-03-01", paths) }
    }

    @Test func cameraFacets() throws {
        let (fixture, paths) = try Self.build()
        _ = fixture
        var request = SearchRequest(query: "", caseIDs: [Self.caseID])
        request.wantFacets = true
        let facets = try #require(try Searcher().search(request, indexes: paths).facets)
        #expect(facets.cameraMakes == [FacetCount(value: "Google", count: 2), FacetCount(value: "Canon", count: 1)])
        #expect(facets.cameraModels.map(\.value) == ["Canon EOS 80D", "Pixel 7", "Pixel 8 Pro"])
    }

    @Test func takenDayOfAField() {
        #expect(IndexSchema.takenDay("2024-03-14T23:30:00+01:00") == "20240314")
        #expect(IndexSchema.takenDay("14/03/2024") == nil)
        #expect(IndexSchema.takenDay(nil) == nil)
    }
}

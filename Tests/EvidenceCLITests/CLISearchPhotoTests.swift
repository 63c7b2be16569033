import Foundation
import Testing

/// Photos found by their EXIF metadata, end to end: `evidence add` of two JPEGs from
/// different cameras and days, then `evidence search` by camera and by day taken.
@Suite("CLI: search photos by EXIF")
struct CLISearchPhotoTests {
    static let images = SearchFixtures.packageRoot + "/Tests/Fixtures/corpora/extraction/images"

    @Test("a photo is found by its camera model and by the day it was taken, and the facets count cameras")
    func cameraAndDateTaken() throws {
        try CLITestbed.run { bed in
            try bed.repositoryWithCase("CR-1")
            let pixel = try bed.addOne(Self.images + "/pixel.jpg", extra: ["--kind", "image"])
            let canon = try bed.addOne(Self.images + "/canon.jpg", extra: ["--kind", "image"])

            #expect(hitIDs(try bed.search(#"camera:"Pixel 7""#)) == [pixel])
            #expect(hitIDs(try bed.search("camera:canon")) == [canon])
            // Taken at 23:30 on the 14th by the phone's clock (UTC+1), 08:05 on the 15th by the Canon's.
            #expect(hitIDs(try bed.search("taken:2024-03-14..2024-03-14")) == [pixel])
            #expect(hitIDs(try bed.search("taken:2024-03-15..2024-03-15")) == [canon])
            #expect(Set(hitIDs(try bed.search("taken:2024-03-01..2024-03-31"))) == [pixel, canon])
            #expect(hitIDs(try bed.search("taken:2024-03-15..2024-03-15 camera:pixel")) == [])
            // The captions are words of the item.
            #expect(hitIDs(try bed.search("holdall footbridge")) == [pixel])

            let faceted = try bed.search("kind:image", ["--facets"])
            let facets = try #require(faceted["facets"] as? [String: Any], "\(faceted)")
            let models = (facets["cameraModels"] as? [[String: Any]] ?? []).compactMap { $0["value"] as? String }
            #expect(Set(models) == ["Pixel 7", "Canon EOS 80D"], "\(facets)")
            // The hit says what extraction did: OCR found no text in these photos, and their
            // metadata is indexed all the same.
            let hit = try #require((faceted["hits"] as? [[String: Any]])?.first)
            #expect(hit["extraction"] as? String == "no-text-layer", "\(hit)")

            let bad = try bed.fails(64, ["search", "taken:2024-02-30..2024-03-01"])
            #expect(bad.err.contains("2024-02-30"), "\(bad)")
        }
    }
}

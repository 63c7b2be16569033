import Foundation
import Testing
@testable import SearchIndex

/// EXIF metadata of photos through libexif: date taken, camera, GPS, captions; damaged and
/// hostile blocks give a reason or nothing, never a crash.
@Suite(.enabled(if: ExtractImages.folder != nil, "the image fixtures are missing"))
struct ExtractImageMetadataTests {
    /// exiftool's tags on a 64x64 JPEG (big-endian EXIF): see images/make.sh.
    @Test func phoneJPEG() throws {
        let document = try ExtractImages.extract("pixel.jpg")
        // A photo of no text: OCR recognises none, and the metadata is indexed all the same.
        #expect(document.outcome == .noTextLayer && document.reason == ImageExtractor.noTextReason, "\(document)")
        let fields = document.fields
        #expect(fields["camera-make"] == "Google")
        #expect(fields["camera-model"] == "Pixel 7")
        // DateTimeOriginal with OffsetTimeOriginal, not the later ModifyDate.
        #expect(fields["date-taken"] == "2024-03-14T23:30:00+01:00")
        #expect(document.dateMilliseconds == (try indexMillis("2024-03-14T22:30:00Z")))
        #expect(fields["gps-latitude"] == "51.507222")
        #expect(fields["gps-longitude"] == "-0.127500")
        #expect(fields["image-description"] == "Lantern Quay mooring")
        #expect(fields["user-comment"] == "blue holdall by the bollard")
        #expect(fields["xp-comment"] == "taken from the footbridge")
    }

    @Test func cameraWithoutOffsetOrGPS() throws {
        let document = try ExtractImages.extract("canon.jpg")
        #expect(document.fields["camera-make"] == "Canon" && document.fields["camera-model"] == "Canon EOS 80D")
        #expect(document.fields["date-taken"] == "2024-03-15T08:05:10")
        #expect(document.dateMilliseconds == (try indexMillis("2024-03-15T08:05:10Z")))
        #expect(document.fields["gps-latitude"] == nil && document.fields["user-comment"] == nil)
        #expect(ImageMetadata.cameraName(make: "Canon", model: "Canon EOS 80D") == "Canon EOS 80D")
        #expect(ImageMetadata.cameraName(make: "Google", model: "Pixel 7") == "Google Pixel 7")
        #expect(ImageMetadata.cameraName(make: "NIKON CORPORATION", model: "NIKON D7500") == "NIKON D7500")
        #expect(ImageMetadata.cameraName(make: "  ", model: "X-T4") == "X-T4" && ImageMetadata.cameraName(make: nil, model: nil) == nil)
    }

    /// A little-endian TIFF with only IFD0's DateTime: the date taken falls back to it.
    @Test func tiffFallsBackToDateTime() throws {
        let document = try ExtractImages.extract("datetime-only.tif")
        #expect(document.fields["camera-make"] == "NIKON" && document.fields["camera-model"] == "COOLPIX P950", "\(document)")
        #expect(document.fields["date-taken"] == "2023-12-01T10:00:00")
    }

    @Test(arguments: ["fuji.png", "fuji.webp"])
    func pngAndWebP(_ name: String) throws {
        let document = try ExtractImages.extract(name)
        #expect(document.outcome == .noTextLayer, "\(document)")
        #expect(document.fields["camera-make"] == "Fujifilm" && document.fields["camera-model"] == "X-T4", "\(document)")
        #expect(document.fields["date-taken"] == "2022-07-01T06:15:00")
    }

    /// Images whose metadata is not read are still images: a GIF goes to OCR (this one has no
    /// picture in it, which OCR says), a HEIC is named as a format OCR does not read.
    @Test func otherImagesAreImagesWithoutMetadata() {
        let gif = Array("GIF89a".utf8) + [0x01, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x3B]
        let heic: [UInt8] = [0, 0, 0, 0x18] + Array("ftypheic".utf8) + [0, 0, 0, 0] + Array("mif1heic".utf8)
        let gifDocument = Extractors.extract(gif, name: nil, mediaType: nil)
        #expect(gifDocument.outcome == .failed && gifDocument.fields.isEmpty, "\(gifDocument)")
        #expect(gifDocument.reason?.contains("could not be decoded") == true, "\(gifDocument)")
        let heicDocument = Extractors.extract(heic, name: nil, mediaType: nil)
        #expect(heicDocument == ExtractedDocument(outcome: .unsupported, reason: ImageMetadata.noTextReason), "\(heicDocument)")
        // An MP4 is no image.
        let mp4: [UInt8] = [0, 0, 0, 0x18] + Array("ftypisom".utf8) + [0, 0, 0, 0]
        #expect(!ImageMetadata.isImage(mp4))
    }

    @Test func noExifMeansNoFieldsAndNoProblem() throws {
        let metadata = ImageMetadata.read(try ExtractImages.bytes("no-exif.jpg"))
        #expect(metadata == ImageMetadata())
        let document = try ExtractImages.extract("no-exif.jpg")
        #expect(document.outcome == .noTextLayer && document.fields.isEmpty && document.dateMilliseconds == nil, "\(document)")
    }

    @Test func damagedBlocksGiveAReason() throws {
        let corrupt = ImageMetadata.read(try ExtractImages.bytes("corrupt-exif.jpg"))
        #expect(corrupt.fields.isEmpty && corrupt.problem?.contains("EXIF") == true, "\(corrupt)")
        let document = try ExtractImages.extract("corrupt-exif.jpg")
        #expect(document.outcome == .noTextLayer && document.reason?.contains("EXIF block is damaged") == true, "\(document)")
        let truncated = ImageMetadata.read(try ExtractImages.bytes("truncated-exif.jpg"))
        #expect(truncated.fields.isEmpty && truncated.problem?.contains("cut short") == true, "\(truncated)")
    }

    /// Every cut of a real block, and blocks of random bytes: libexif reads what it can.
    @Test func truncationsAndNoiseDoNotCrash() throws {
        let bytes = try ExtractImages.bytes("pixel.jpg")
        for length in stride(from: 0, to: min(bytes.count, 600), by: 7) {
            _ = ImageMetadata.read(Array(bytes.prefix(length)))
        }
        var random = ZipTestRandom(seed: 14)
        for _ in 0..<200 {
            let block = ExifBlock.header + random.bytes(count: Int.random(in: 8...512, using: &random))
            _ = ExifReader(block)?.metadata()
        }
    }

    /// A hand-made block whose strings carry terminal escapes, line ends and a 10,000-character
    /// caption: control characters go, white space collapses, length is bounded.
    @Test func hostileStringsAreSanitised() throws {
        let block = ExtractImages.tiffBlock([
            (0x010F, Array("Goo\u{1B}[31mgle\n\r Inc".utf8)),
            (0x0110, Array("Pixel\u{0}hidden".utf8)),
            (0x010E, Array(String(repeating: "x", count: 10_000).utf8)),
            (0x0132, Array("2024:02:30 10:00:00".utf8)),
        ])
        let metadata = try #require(ExifReader(block)).metadata()
        // The escape character goes (as a space: it may separate words), the line ends collapse.
        #expect(metadata.fields["camera-make"] == "Goo [31mgle Inc", "\(metadata.fields)")
        #expect(metadata.fields["camera-model"] == "Pixel")
        #expect(metadata.fields["image-description"]?.count == ImageMetadata.maxFieldCharacters)
        // 30 February is no date.
        #expect(metadata.fields["date-taken"] == nil && metadata.dateTakenMilliseconds == nil)
    }

    @Test func dateAndOffsetParsing() {
        #expect(ExifText.dateTime("0000:00:00 00:00:00") == nil)
        #expect(ExifText.dateTime("    :  :     :  :  ") == nil)
        #expect(ExifText.dateTime("2024:03:14 23:30:00")?.text == "2024-03-14T23:30:00")
        #expect(ExifText.offsetMinutes("-05:30")?.minutes == -330)
        #expect(ExifText.offsetMinutes("+99:00") == nil)
        #expect(ExifText.decimal(-0.1275) == "-0.127500" && ExifText.decimal(51.5072222) == "51.507222")
    }
}

/// The files of Tests/Fixtures/corpora/extraction/images (made by its make.sh).
enum ExtractImages {
    static let folder = ExtractFiles.existing(ExtractFiles.fixtures?.appendingPathComponent("images"))

    static func bytes(_ name: String) throws -> [UInt8] {
        guard let folder else { throw ZipTestTools.ProcessFailure(description: "the image fixtures are missing") }
        return try ExtractFiles.bytes(folder.appendingPathComponent(name))
    }

    static func extract(_ name: String) throws -> ExtractedDocument {
        Extractors.extract(try bytes(name), name: name, mediaType: nil)
    }

    /// "Exif\0\0" and a big-endian TIFF with one IFD of ASCII entries (values past 4 bytes
    /// stored after the IFD), in tag order.
    static func tiffBlock(_ entries: [(tag: UInt16, value: [UInt8])]) -> [UInt8] {
        var tiff: [UInt8] = Array("MM".utf8) + [0, 42, 0, 0, 0, 8]
        func u16(_ v: Int) -> [UInt8] { [UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
        func u32(_ v: Int) -> [UInt8] { [UInt8(v >> 24 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
        var data: [UInt8] = []
        let dataStart = 8 + 2 + entries.count * 12 + 4
        tiff += u16(entries.count)
        for entry in entries {
            let value = entry.value + [0]
            tiff += u16(Int(entry.tag)) + u16(2) + u32(value.count)
            if value.count <= 4 {
                tiff += value + [UInt8](repeating: 0, count: 4 - value.count)
            } else {
                tiff += u32(dataStart + data.count)
                data += value
            }
        }
        tiff += u32(0)
        return ExifBlock.header + tiff + data
    }
}

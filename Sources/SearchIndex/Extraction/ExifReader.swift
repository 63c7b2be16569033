import CExif
import CivilCalendar

/// An EXIF block loaded by libexif (through the CExif shim), read into `ImageMetadata`.
/// Every value comes from the file: strings are cut at their NUL, stripped of control
/// characters and bounded; dates and coordinates must parse and be in range or are dropped.
final class ExifReader {
    private let data: OpaquePointer
    private let bigEndian: Bool

    /// nil when libexif finds no entry in the block.
    init?(_ block: [UInt8]) {
        guard let loaded = block.withUnsafeBufferPointer({ cexif_load($0.baseAddress, $0.count) }) else { return nil }
        data = loaded
        bigEndian = cexif_big_endian(loaded) != 0
    }

    deinit {
        cexif_free(data)
    }

    private enum Tag {
        static let imageDescription: UInt16 = 0x010E, make: UInt16 = 0x010F, model: UInt16 = 0x0110
        static let dateTime: UInt16 = 0x0132, xpComment: UInt16 = 0x9C9C
        static let dateTimeOriginal: UInt16 = 0x9003, offsetTime: UInt16 = 0x9010, offsetTimeOriginal: UInt16 = 0x9011
        static let userComment: UInt16 = 0x9286
        static let latitudeRef: UInt16 = 0x0001, latitude: UInt16 = 0x0002, longitudeRef: UInt16 = 0x0003, longitude: UInt16 = 0x0004
    }

    private struct Entry {
        var bytes: [UInt8]
        var format: Int32
        var components: UInt
    }

    private func entry(_ ifd: Int32, _ tag: UInt16) -> Entry? {
        var pointer: UnsafePointer<UInt8>?
        var length = 0, format: Int32 = 0, components: UInt = 0
        guard cexif_entry(data, ifd, tag, &pointer, &length, &format, &components) != 0, let pointer else { return nil }
        return Entry(bytes: Array(UnsafeBufferPointer(start: pointer, count: length)), format: format, components: components)
    }

    func metadata() -> ImageMetadata {
        var metadata = ImageMetadata()
        func set(_ key: String, _ value: String?) {
            if let value, !value.isEmpty { metadata.fields[key] = value }
        }
        set("camera-make", ascii(CEXIF_IFD_0, Tag.make, limit: 128))
        set("camera-model", ascii(CEXIF_IFD_0, Tag.model, limit: 128))
        set("image-description", ascii(CEXIF_IFD_0, Tag.imageDescription, limit: ImageMetadata.maxFieldCharacters))
        set("user-comment", userComment())
        set("xp-comment", entry(Int32(CEXIF_IFD_0), Tag.xpComment).map { ExifText.utf16LE($0.bytes) })
        if let taken = dateTaken() {
            metadata.fields["date-taken"] = taken.text
            metadata.dateTakenMilliseconds = taken.milliseconds
        }
        if let latitude = coordinate(Tag.latitude, ref: Tag.latitudeRef, negative: "S", limit: 90),
           let longitude = coordinate(Tag.longitude, ref: Tag.longitudeRef, negative: "W", limit: 180) {
            metadata.fields["gps-latitude"] = ExifText.decimal(latitude)
            metadata.fields["gps-longitude"] = ExifText.decimal(longitude)
        }
        return metadata
    }

    private func ascii(_ ifd: Int, _ tag: UInt16, limit: Int) -> String? {
        guard let entry = entry(Int32(ifd), tag) else { return nil }
        return ExifText.clean(ExifText.decode(entry.bytes.prefix { $0 != 0 }), limit: limit)
    }

    /// UserComment: an 8-byte character code, then the text ("ASCII", "UNICODE" in the
    /// block's byte order, "JIS" (not decoded), or eight NULs for "undefined", read as UTF-8).
    private func userComment() -> String? {
        guard let entry = entry(Int32(CEXIF_IFD_EXIF), Tag.userComment), entry.bytes.count > 8 else { return nil }
        let code = entry.bytes.prefix(8), body = Array(entry.bytes.dropFirst(8))
        let text: String
        if code.starts(with: Array("UNICODE".utf8)) {
            text = bigEndian ? ExifText.utf16BE(body) : ExifText.utf16LE(body)
        } else if code.starts(with: Array("JIS".utf8)) {
            return nil
        } else {
            text = ExifText.decode(body.prefix { $0 != 0 })
        }
        return ExifText.clean(text, limit: ImageMetadata.maxFieldCharacters)
    }

    /// DateTimeOriginal with OffsetTimeOriginal, else DateTime with OffsetTime.
    private func dateTaken() -> (text: String, milliseconds: Int64)? {
        let pairs: [(Int, UInt16, UInt16)] = [(CEXIF_IFD_EXIF, Tag.dateTimeOriginal, Tag.offsetTimeOriginal),
                                              (CEXIF_IFD_0, Tag.dateTime, Tag.offsetTime)]
        for (ifd, dateTag, offsetTag) in pairs {
            guard let written = ascii(ifd, dateTag, limit: 64), let civil = ExifText.dateTime(written) else { continue }
            let offset = ascii(CEXIF_IFD_EXIF, offsetTag, limit: 16).flatMap(ExifText.offsetMinutes)
            let days = CivilDate.days(fromCivil: Int64(civil.year), Int64(civil.month), Int64(civil.day))
            let local = days * 86_400 + Int64(civil.hour * 3600 + civil.minute * 60 + civil.second)
            let utc = local - Int64((offset?.minutes ?? 0) * 60)
            return (civil.text + (offset?.text ?? ""), utc * 1000)
        }
        return nil
    }

    /// Degrees, minutes and seconds (three RATIONALs) with their N/S or E/W reference.
    private func coordinate(_ tag: UInt16, ref: UInt16, negative: String, limit: Double) -> Double? {
        guard let entry = entry(Int32(CEXIF_IFD_GPS), tag), entry.format == 5, entry.components == 3, entry.bytes.count >= 24
        else { return nil }
        var parts: [Double] = []
        for index in 0..<3 {
            let numerator = ExifText.uint32(entry.bytes, at: index * 8, bigEndian: bigEndian)
            let denominator = ExifText.uint32(entry.bytes, at: index * 8 + 4, bigEndian: bigEndian)
            guard denominator != 0 else { return nil }
            parts.append(Double(numerator) / Double(denominator))
        }
        var value = parts[0] + parts[1] / 60 + parts[2] / 3600
        guard value.isFinite, value <= limit else { return nil }
        if ascii(CEXIF_IFD_GPS, ref, limit: 4)?.uppercased() == negative { value = -value }
        return value
    }
}

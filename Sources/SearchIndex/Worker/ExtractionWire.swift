import Foundation

/// The wire format between the store and its extraction child process: length-prefixed
/// frames on the child's stdin and stdout.
///
/// request:  u32 BE header length, header JSON {"name","mediaType"}, u64 BE body length, body
/// response: u64 BE length, ExtractedDocument as JSON
enum ExtractionWire {
    struct RequestHeader: Codable {
        var name: String?
        var mediaType: String?
    }

    /// Frames bigger than this are refused on both sides.
    static let maxFrame: UInt64 = 1 << 31

    static func encodeRequest(name: String?, mediaType: String?, body: [UInt8]) throws -> [UInt8] {
        let header = try JSONEncoder().encode(RequestHeader(name: name, mediaType: mediaType))
        return bigEndian(UInt32(header.count)) + [UInt8](header) + bigEndian(UInt64(body.count)) + body
    }

    static func bigEndian(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: value >> (24 - 8 * UInt32($0))) } }
    static func bigEndian(_ value: UInt64) -> [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: value >> (56 - 8 * UInt64($0))) } }

    static func number<C: Collection>(_ bytes: C) -> UInt64 where C.Element == UInt8 {
        bytes.reduce(0) { $0 << 8 | UInt64($1) }
    }
}

extension ExtractedDocument: Codable {
    enum CodingKeys: String, CodingKey { case outcome, reason, title, text, fields, dateMilliseconds, children, ocr }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(outcome: try container.decode(Outcome.self, forKey: .outcome),
                  reason: try container.decodeIfPresent(String.self, forKey: .reason),
                  title: try container.decodeIfPresent(String.self, forKey: .title),
                  text: try container.decode(String.self, forKey: .text),
                  fields: try container.decode([String: String].self, forKey: .fields),
                  dateMilliseconds: try container.decodeIfPresent(Int64.self, forKey: .dateMilliseconds),
                  children: try container.decode([ExtractedChild].self, forKey: .children))
        ocr = try container.decodeIfPresent(OCRProvenance.self, forKey: .ocr)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(outcome, forKey: .outcome)
        try container.encodeIfPresent(reason, forKey: .reason)
        try container.encodeIfPresent(title, forKey: .title)
        try container.encode(text, forKey: .text)
        try container.encode(fields, forKey: .fields)
        try container.encodeIfPresent(dateMilliseconds, forKey: .dateMilliseconds)
        try container.encode(children, forKey: .children)
        try container.encodeIfPresent(ocr, forKey: .ocr)
    }
}

extension ExtractedChild: Codable {
    enum CodingKeys: String, CodingKey { case name, mediaType, bytes, document, part }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(name: try container.decode(String.self, forKey: .name),
                  mediaType: try container.decode(String.self, forKey: .mediaType),
                  bytes: [UInt8](try container.decode(Data.self, forKey: .bytes)),
                  document: try container.decodeIfPresent(ExtractedDocument.self, forKey: .document),
                  part: try container.decode(Part.self, forKey: .part))
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(mediaType, forKey: .mediaType)
        try container.encode(Data(bytes), forKey: .bytes)
        try container.encodeIfPresent(document, forKey: .document)
        try container.encode(part, forKey: .part)
    }
}

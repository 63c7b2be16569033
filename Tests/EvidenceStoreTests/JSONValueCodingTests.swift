import Testing
@testable import EvidenceStore

/// `JSONValueEncoder` and `JSONValueDecoder`: typed values to and from the stored JSON data model.
@Suite("JSONValue coding")
struct JSONValueCodingTests {
    struct Inner: Codable, Equatable {
        var label: String
        var count: Int
    }

    struct Sample: Codable, Equatable {
        var name: String
        var flag: Bool
        var size: Int64
        var big: UInt64
        var note: String?
        var tags: [String]
        var inner: Inner
        var inners: [Inner]
        var table: [String: [Int]]
        var free: JSONValue
    }

    static let sample = Sample(name: "knife", flag: true, size: -42, big: 9_007_199_254_740_991, note: nil,
                               tags: ["a", "b"], inner: Inner(label: "x", count: 3),
                               inners: [Inner(label: "y", count: 0)], table: ["1/recovery": [0, 2]],
                               free: ["k": [1, "two", nil, false]])

    @Test("A value encodes to the members and types a hand-built dictionary has")
    func encodesLikeLiterals() throws {
        let value = try JSONValueEncoder().encode(Self.sample)
        let expected: JSONValue = [
            "name": "knife", "flag": true, "size": -42, "big": .int(9_007_199_254_740_991),
            "tags": ["a", "b"], "inner": ["label": "x", "count": 3], "inners": [["label": "y", "count": 0]],
            "table": ["1/recovery": [0, 2]], "free": ["k": [1, "two", nil, false]],
        ]
        #expect(value == expected)
        #expect(value["note"] == nil)
    }

    @Test("Round trip: decoding what was encoded gives the value back")
    func roundTrip() throws {
        var sample = Self.sample
        sample.note = "present"
        let value = try JSONValueEncoder().encode(sample)
        #expect(value["note"] == "present")
        #expect(try JSONValueDecoder().decode(Sample.self, from: value) == sample)
        #expect(try JSONValueDecoder().decode(Sample.self, from: JSONValueEncoder().encode(Self.sample)) == Self.sample)
    }

    @Test("An absent or null optional decodes as nil; unknown members are ignored")
    func tolerantDecoding() throws {
        var members = try JSONValueEncoder().encodeObject(Self.sample)
        members["laterVersionMember"] = ["anything": 1]
        #expect(try JSONValueDecoder().decode(Sample.self, from: members) == Self.sample)
        members["note"] = .null
        #expect(try JSONValueDecoder().decode(Sample.self, from: members).note == nil)
    }

    @Test("Integers beyond ±(2^53 − 1) are an encoding error, not a rounded number")
    func outOfRangeIntegers() throws {
        var sample = Self.sample
        sample.big = 9_007_199_254_740_992
        #expect(throws: EncodingError.self) { try JSONValueEncoder().encode(sample) }
        #expect(throws: EncodingError.self) { try JSONValueEncoder().encode(Int64.min) }
        #expect(throws: EncodingError.self) { try JSONValueEncoder().encode([UInt64.max]) }
        #expect(try JSONValueEncoder().encode(-9_007_199_254_740_991) == .int(-9_007_199_254_740_991))
    }

    @Test("Floating-point numbers are an error both ways")
    func floatingPoint() throws {
        struct Measured: Codable { var weight: Double }
        #expect(throws: EncodingError.self) { try JSONValueEncoder().encode(Measured(weight: 1.5)) }
        #expect(throws: DecodingError.self) { try JSONValueDecoder().decode(Measured.self, from: ["weight": 1]) }
    }

    @Test("A type mismatch or a missing member throws an error naming the member")
    func mismatches() throws {
        var members = try JSONValueEncoder().encodeObject(Self.sample)
        members["inner"] = ["label": 7, "count": 3]
        do {
            _ = try JSONValueDecoder().decode(Sample.self, from: members)
            Issue.record("a number where a string belongs was accepted")
        } catch let DecodingError.typeMismatch(_, context) {
            #expect(context.debugDescription == "Expected a string at inner.label, found an integer.")
        }
        members = try JSONValueEncoder().encodeObject(Self.sample)
        members["size"] = "12"
        #expect(throws: DecodingError.self) { try JSONValueDecoder().decode(Sample.self, from: members) }
        members = try JSONValueEncoder().encodeObject(Self.sample)
        members["flag"] = 1
        #expect(throws: DecodingError.self) { try JSONValueDecoder().decode(Sample.self, from: members) }
        members = try JSONValueEncoder().encodeObject(Self.sample)
        members["name"] = nil
        do {
            _ = try JSONValueDecoder().decode(Sample.self, from: members)
            Issue.record("a missing member was accepted")
        } catch let DecodingError.keyNotFound(key, _) {
            #expect(key.stringValue == "name")
        }
        members = try JSONValueEncoder().encodeObject(Self.sample)
        members["tags"] = "a"
        #expect(throws: DecodingError.self) { try JSONValueDecoder().decode(Sample.self, from: members) }
        #expect(throws: DecodingError.self) { try JSONValueDecoder().decode(Sample.self, from: [1, 2]) }
    }

    @Test("An integer too large for its Swift type is an error, not a trap")
    func narrowIntegers() throws {
        struct Small: Codable { var generation: UInt8 }
        #expect(throws: DecodingError.self) { try JSONValueDecoder().decode(Small.self, from: ["generation": 300]) }
        #expect(throws: DecodingError.self) { try JSONValueDecoder().decode(Small.self, from: ["generation": -1]) }
        #expect(try JSONValueDecoder().decode(Small.self, from: ["generation": 255]).generation == 255)
    }

    @Test("encode of a nil optional writes null; encodeIfPresent leaves the key out")
    func explicitNull() throws {
        struct Cleared: Codable {
            var date: String?
            var other: String?
            enum CodingKeys: String, CodingKey { case date, other }
            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(date, forKey: .date)
                try container.encodeIfPresent(other, forKey: .other)
            }
        }
        #expect(try JSONValueEncoder().encode(Cleared(date: nil, other: nil)) == ["date": nil])
        #expect(try JSONValueEncoder().encode(Cleared(date: "2026-01-02", other: "x")) == ["date": "2026-01-02", "other": "x"])
    }

    @Test("A value that is not an object is refused where a part is expected")
    func partMustBeObject() throws {
        #expect(throws: EncodingError.self) { try JSONValueEncoder().encodeObject(["a", "b"]) }
        #expect(try JSONValueEncoder().encode("text") == "text")
    }
}

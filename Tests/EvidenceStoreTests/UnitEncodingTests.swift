import Foundation
import Testing
@testable import EvidenceStore

/// Hex, strict base64, prefixed ULIDs and canonical timestamps.
@Suite struct UnitEncodingTests {
    // MARK: Hex

    @Test func hexEncodesLowercase() {
        #expect(Hex.encode([UInt8]()) == "")
        #expect(Hex.encode([0x00, 0x01, 0x7F, 0x80, 0xAB, 0xFF]) == "00017f80abff")
    }

    @Test func hexDecode() {
        #expect(Hex.decode("") == [])
        #expect(Hex.decode("00017f80abff") == [0x00, 0x01, 0x7F, 0x80, 0xAB, 0xFF])
        #expect(Hex.decode("ABCDEF") == [0xAB, 0xCD, 0xEF])
        #expect(Hex.decode("aBcD") == [0xAB, 0xCD])
        for bad in ["0", "abc", "0g", "g0", " 00", "00 ", "0x00", "+1", "é0", "--"] {
            #expect(Hex.decode(bad) == nil, "\(bad)")
        }
    }

    @Test func hexCanonicalDecode() {
        let digest = [UInt8](repeating: 0xAB, count: 32)
        let text = Hex.encode(digest)
        #expect(Hex.decodeCanonical(text, count: 32) == digest)
        #expect(Hex.decodeCanonical(text.uppercased(), count: 32) == nil)
        #expect(Hex.decodeCanonical(String(text.dropLast(2)), count: 32) == nil)
        #expect(Hex.decodeCanonical(text + "ab", count: 32) == nil)
        #expect(Hex.decodeCanonical(String(text.dropLast()) + "g", count: 32) == nil)
        #expect(Hex.decodeCanonical("", count: 0) == [])
    }

    @Test func hexRoundTrip() {
        var rng = UnitRNG(seed: 16)
        for count in 0..<70 {
            let bytes = rng.bytes(count)
            #expect(Hex.decode(Hex.encode(bytes)) == bytes)
            #expect(Hex.decodeCanonical(Hex.encode(bytes), count: count) == bytes)
        }
    }

    // MARK: Base64

    @Test func base64RFC4648Vectors() {
        let vectors = [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="),
                       ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy")]
        for (plain, encoded) in vectors {
            #expect(Base64.encode(Array(plain.utf8)) == encoded)
            #expect(Base64.decode(encoded) == Array(plain.utf8))
        }
        #expect(Base64.encode([0xFB, 0xFF, 0xBF]) == "+/+/")
    }

    @Test func base64RejectsNonCanonicalPaddingBits() {
        // "Zg==" is "f"; the low four bits of 'g' are padding and must be zero.
        #expect(Base64.decode("Zg==") == [0x66])
        for bad in ["Zh==", "Zi==", "Zv==", "Zm9=", "Zm8=".replacingOccurrences(of: "8", with: "9")] {
            #expect(Base64.decode(bad) == nil, "\(bad)")
        }
        #expect(Base64.decode("QQ==") == [0x41])
        #expect(Base64.decode("QR==") == nil)
        #expect(Base64.decode("QUI=") == [0x41, 0x42])
        #expect(Base64.decode("QUJ=") == nil)
    }

    @Test func base64RejectsOtherNonCanonicalForms() {
        for bad in ["Zg", "Zg=", "Zg===", "Zm8", "Z", "Zm9v\n", " Zm9v", "Zm 9v", "Zm9v=", "Zm9v====", "-_-_", "Zm9v!",
                    "=Zm9", "Zg==Zg==", "Zm\r\n9v", "Z\u{e9}=="] {
            #expect(Base64.decode(bad) == nil, "\(bad)")
        }
    }

    @Test func base64RoundTrip() {
        var rng = UnitRNG(seed: 64)
        for count in 0..<100 {
            let bytes = rng.bytes(count)
            let text = Base64.encode(bytes)
            #expect(text.utf8.count == (count + 2) / 3 * 4)
            #expect(Base64.decode(text) == bytes)
        }
    }

    // MARK: ULID

    private static let crockford = Set("0123456789ABCDEFGHJKMNPQRSTVWXYZ".utf8)

    /// The 48-bit millisecond time in the first ten characters.
    private func timePart(_ body: Substring) -> UInt64 {
        let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ".utf8)
        var value: UInt64 = 0
        for char in body.utf8.prefix(10) {
            value = value << 5 | UInt64(alphabet.firstIndex(of: char)!)
        }
        return value
    }

    @Test func ulidFormat() throws {
        for prefix in ["case", "itm", "usr", "repo", "slot"] {
            let id = try ULID.make(prefix: prefix)
            #expect(id.hasPrefix(prefix + "_"))
            let body = id.dropFirst(prefix.count + 1)
            #expect(body.utf8.count == 26)
            #expect(body.utf8.allSatisfy { Self.crockford.contains($0) })
            #expect(body.utf8.first! <= UInt8(ascii: "7"))
            #expect(ULID.isValid(id, prefix: prefix))
            #expect(!ULID.isValid(id, prefix: prefix == "itm" ? "case" : "itm"))
        }
    }

    @Test func ulidTimePart() throws {
        // The example of the ULID specification's reference implementation.
        let known = try ULID.make(prefix: "x", date: Date(timeIntervalSince1970: 1_469_918_176.385))
        #expect(known.dropFirst(2).prefix(10) == "01ARYZ6S41")
        let epoch = try ULID.make(prefix: "x", date: Date(timeIntervalSince1970: 0))
        #expect(epoch.dropFirst(2).prefix(10) == "0000000000")

        let now = Date()
        let id = try ULID.make(prefix: "itm", date: now)
        #expect(timePart(id.dropFirst(4)) == UInt64(now.timeIntervalSince1970 * 1000))

        // Later times sort later, whatever the random part.
        var previous = ""
        for offset in stride(from: 0.0, to: 100.0, by: 7.3) {
            let next = try ULID.make(prefix: "itm", date: now.addingTimeInterval(offset))
            #expect(previous < next)
            previous = next
        }
        // Ids made one after another never go back in time.
        let a = try ULID.make(prefix: "itm")
        let b = try ULID.make(prefix: "itm")
        #expect(timePart(a.dropFirst(4)) <= timePart(b.dropFirst(4)))
        #expect(a != b)
    }

    @Test func ulidRandomPartIsRandom() throws {
        let date = Date(timeIntervalSince1970: 1_700_000_000)
        let ids = try (0..<100).map { _ in try ULID.make(prefix: "itm", date: date) }
        #expect(Set(ids).count == 100)
        #expect(Set(ids.map { $0.dropFirst(4).prefix(10) }).count == 1)
    }

    @Test func ulidIsValidRejects() throws {
        let good = "itm_01ARYZ6S41TSV4RRFFQ69G5FAV"
        #expect(ULID.isValid(good, prefix: "itm"))
        #expect(ULID.isValid("itm_7ZZZZZZZZZZZZZZZZZZZZZZZZZ", prefix: "itm"))
        let bad = [
            "itm_01ARYZ6S41TSV4RRFFQ69G5FA",  // 25 characters
            "itm_01ARYZ6S41TSV4RRFFQ69G5FAVX",  // 27
            "itm_01aryz6s41tsv4rrffq69g5fav",  // lowercase
            "itm_01ARYZ6S41TSV4RRFFQ69G5FAI",  // I, L, O and U are not Crockford digits
            "itm_01ARYZ6S41TSV4RRFFQ69G5FAL",
            "itm_01ARYZ6S41TSV4RRFFQ69G5FAO",
            "itm_01ARYZ6S41TSV4RRFFQ69G5FAU",
            "itm_81ARYZ6S41TSV4RRFFQ69G5FAV",  // more than 128 bits
            "itm_ZZZZZZZZZZZZZZZZZZZZZZZZZZ",
            "itm-01ARYZ6S41TSV4RRFFQ69G5FAV",
            "itm01ARYZ6S41TSV4RRFFQ69G5FAV",
            "ITM_01ARYZ6S41TSV4RRFFQ69G5FAV",
            "case_01ARYZ6S41TSV4RRFFQ69G5FAV",
            "_01ARYZ6S41TSV4RRFFQ69G5FAV",
            "itm_01ARYZ6S41TSV4RRFFQ69G5FA ",
            "itm_01ARYZ6S41TSV4RRFFQ69G5F\u{c9}",
            "itm_",
            "",
        ]
        for id in bad { #expect(!ULID.isValid(id, prefix: "itm"), "\(id)") }
    }

    // MARK: Timestamp

    @Test func timestampCanonicalForm() {
        #expect(Timestamp(milliseconds: 0).description == "1970-01-01T00:00:00.000Z")
        #expect(Timestamp(milliseconds: 1_773_454_427_120).description == "2026-03-14T02:13:47.120Z")
        #expect(Timestamp(milliseconds: 1_709_164_800_000).description == "2024-02-29T00:00:00.000Z")
        #expect(Timestamp(milliseconds: -1).description == "1969-12-31T23:59:59.999Z")
        #expect(Timestamp(milliseconds: 253_402_300_799_999).description == "9999-12-31T23:59:59.999Z")
        #expect(Timestamp(milliseconds: 951_782_400_000).description == "2000-02-29T00:00:00.000Z")
    }

    @Test func timestampParsesItsOwnForm() {
        #expect(Timestamp(canonical: "2026-03-14T02:13:47.120Z")?.milliseconds == 1_773_454_427_120)
        #expect(Timestamp(canonical: "1970-01-01T00:00:00.000Z")?.milliseconds == 0)
        #expect(Timestamp(canonical: "1969-12-31T23:59:59.999Z")?.milliseconds == -1)
        var rng = UnitRNG(seed: 3339)
        for _ in 0..<2000 {
            let milliseconds = Int64.random(in: -62_000_000_000_000...253_402_300_799_999, using: &rng)
            let stamp = Timestamp(milliseconds: milliseconds)
            #expect(Timestamp(canonical: stamp.description) == stamp, "\(stamp)")
        }
    }

    @Test func timestampStringOrderIsTimeOrder() {
        var rng = UnitRNG(seed: 1)
        let stamps = (0..<500).map { _ in Timestamp(milliseconds: Int64.random(in: 0...253_402_300_799_999, using: &rng)) }
        #expect(stamps.sorted().map(\.description) == stamps.map(\.description).sorted())
    }

    @Test func timestampLeapYears() {
        #expect(Timestamp(canonical: "2024-02-29T00:00:00.000Z") != nil)
        #expect(Timestamp(canonical: "2000-02-29T00:00:00.000Z") != nil)
        #expect(Timestamp(canonical: "2023-02-29T00:00:00.000Z") == nil)
        #expect(Timestamp(canonical: "1900-02-29T00:00:00.000Z") == nil)
        #expect(Timestamp(canonical: "2100-02-29T00:00:00.000Z") == nil)
        #expect(Timestamp(canonical: "2024-12-31T23:59:59.999Z")?.milliseconds == 1_735_689_599_999)
    }

    @Test func timestampRejectsInvalidDatesAndOtherForms() {
        for bad in [
            "2026-02-30T00:00:00.000Z", "2026-04-31T00:00:00.000Z", "2026-13-01T00:00:00.000Z",
            "2026-00-01T00:00:00.000Z", "2026-01-00T00:00:00.000Z", "2026-01-32T00:00:00.000Z",
            "2026-01-01T24:00:00.000Z", "2026-01-01T00:60:00.000Z", "2026-01-01T00:00:60.000Z",
            "2026-01-01T00:00:00Z", "2026-01-01T00:00:00.00Z", "2026-01-01T00:00:00.0000Z",
            "2026-01-01T00:00:00.000", "2026-01-01T00:00:00.000z", "2026-01-01t00:00:00.000Z",
            "2026-01-01 00:00:00.000Z", "2026-01-01T00:00:00.000+00:00", "2026-01-01", "+026-01-01T00:00:00.000Z",
            "2026-1-01T00:00:00.000Z", "2026-01-01T00:00:0a.000Z", "2026-01-01T00:00:00,000Z", "",
            "2026-01-01T00:00:00.000Z ", " 2026-01-01T00:00:00.000Z",
        ] {
            #expect(Timestamp(canonical: bad) == nil, "\(bad)")
        }
    }

    @Test func timestampUserInput() {
        let base: Int64 = 1_773_454_427_000  // 2026-03-14T02:13:47Z
        #expect(Timestamp(userInput: "2026-03-14T02:13:47.120Z")?.milliseconds == base + 120)
        #expect(Timestamp(userInput: "2026-03-14T02:13:47Z")?.milliseconds == base)
        #expect(Timestamp(userInput: "2026-03-14T03:13:47+01:00")?.milliseconds == base)
        #expect(Timestamp(userInput: "2026-03-13T21:13:47-05:00")?.milliseconds == base)
        #expect(Timestamp(userInput: "2026-03-14T02:13:47+00:00")?.milliseconds == base)
        #expect(Timestamp(userInput: "2026-03-14T02:13:47.5Z")?.milliseconds == base + 500)
        #expect(Timestamp(userInput: "2026-03-14T03:13:47.250+01:00")?.milliseconds == base + 250)
        #expect(Timestamp(userInput: "2026-03-14")?.milliseconds == 1_773_446_400_000)
        #expect(Timestamp(userInput: "2024-02-29")?.milliseconds == 1_709_164_800_000)
        // Sub-millisecond digits are cut, never rounded into the next millisecond.
        #expect(Timestamp(userInput: "2026-03-14T02:13:47.123999Z")?.milliseconds == base + 123)
        // An offset that crosses midnight moves the date.
        #expect(Timestamp(userInput: "2026-03-14T00:30:00+01:00")?.description == "2026-03-13T23:30:00.000Z")
        #expect(Timestamp(userInput: "2024-02-29T23:30:00-01:00")?.description == "2024-03-01T00:30:00.000Z")
    }

    @Test func timestampUserInputRejectsNonsense() {
        for bad in ["", "yesterday", "14/03/2026", "2026-03-14T02:13", "2026-03-14 02:13:47", "20260314",
                    "2026-03-14T25:00:00Z", "2026-13-01", "2026-03-14T02:13:47", "2026-03-14T02:13:47.Z",
                    "2026-03-14T02:13:47+01:60", "2026-03-14T02:13:47+24:00", "2026-03-14T02:13:47Zjunk",
                    "2026-03-14T02:13:47.5", " 2026-03-14", "2026-03-14 ", "2026-03-14T", "2026-3-14"] {
            #expect(Timestamp(userInput: bad) == nil, "\(bad)")
        }
    }

    /// A date that does not exist must be refused, not rolled over into the next month.
    @Test func timestampUserInputRejectsImpossibleDates() {
        for bad in ["2026-02-30", "2023-02-29", "2026-04-31", "2026-02-30T10:00:00Z", "2026-02-29T00:00:00+01:00",
                    "2026-06-31T12:00:00.500Z"] {
            let parsed = Timestamp(userInput: bad)
            #expect(parsed == nil, "\(bad) was read as \(parsed.map(\.description) ?? "")")
        }
    }

    /// Whatever a user types, the time recorded is one `Timestamp(canonical:)` reads back
    /// (RFC 3339, four-digit year): an offset must not push the year out of 0000-9999.
    @Test func timestampUserInputStaysInTheCanonicalRange() {
        for text in ["9999-12-31T23:30:00-01:00", "0000-01-01T00:30:00+01:00", "9999-12-31T23:59:59.999Z",
                     "0000-01-01T00:00:00Z", "0000-01-01"] {
            guard let stamp = Timestamp(userInput: text) else { continue }
            #expect(Timestamp(canonical: stamp.description) == stamp, "\(text) is recorded as \(stamp.description)")
        }
    }

    @Test func timestampFromDateRoundsDown() {
        #expect(Timestamp(Date(timeIntervalSince1970: 1.0009)).milliseconds == 1000)
        #expect(Timestamp(Date(timeIntervalSince1970: -0.0005)).milliseconds == -1)
        let now = Timestamp.now()
        #expect(abs(now.date.timeIntervalSince1970 - Date().timeIntervalSince1970) < 5)
    }

    /// `date` and `init(_ date:)` are inverses on whole milliseconds.
    @Test func timestampDateRoundTrip() {
        var rng = UnitRNG(seed: 1000)
        var lost: [Int64] = []
        for milliseconds in [26_317_952_094, 1_773_454_427_123] + (0..<2000).map({ _ in Int64.random(in: 0...4_102_444_800_000, using: &rng) }) {
            let stamp = Timestamp(milliseconds: milliseconds)
            if Timestamp(stamp.date) != stamp { lost.append(milliseconds) }
        }
        #expect(lost.isEmpty, "\(lost.count) of 2002 times lose a millisecond through Date, e.g. \(lost.prefix(3))")
    }
}

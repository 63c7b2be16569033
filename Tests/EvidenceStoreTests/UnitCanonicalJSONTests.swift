import Foundation
import Testing
@testable import EvidenceStore

/// RFC 8785 canonical JSON for the integer-only model, and the strict parser behind it.
@Suite struct UnitCanonicalJSONTests {
    private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }
    private func encode(_ value: JSONValue) -> String { CanonicalJSON.encodeString(value) }

    private func rejects(_ input: [UInt8], limits: JSONParser.Limits = .init(), _ comment: Comment? = nil,
                         sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(throws: JSONParser.Failure.self, comment, sourceLocation: sourceLocation) {
            try JSONParser.parse(input, limits: limits)
        }
    }

    private func rejects(_ text: String, _ comment: Comment? = nil, sourceLocation: SourceLocation = #_sourceLocation) {
        rejects(bytes(text), comment ?? Comment(rawValue: text), sourceLocation: sourceLocation)
    }

    // MARK: Encoding

    /// RFC 8785 §3.2.3: member names sort by their UTF-16 code units, not by scalars or UTF-8.
    @Test func rfc8785SortingExample() throws {
        let value: JSONValue = [
            "\u{20ac}": "Euro Sign",
            "\r": "Carriage Return",
            "\u{fb33}": "Hebrew Letter Dalet With Dagesh",
            "1": "One",
            "\u{1f600}": "Emoji: Grinning Face",
            "\u{0080}": "Control",
            "\u{00f6}": "Latin Small Letter O With Diaeresis",
        ]
        let expected = "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u{0080}\":\"Control\","
            + "\"\u{00f6}\":\"Latin Small Letter O With Diaeresis\",\"\u{20ac}\":\"Euro Sign\","
            + "\"\u{1f600}\":\"Emoji: Grinning Face\",\"\u{fb33}\":\"Hebrew Letter Dalet With Dagesh\"}"
        #expect(encode(value) == expected)
        #expect(CanonicalJSON.encode(value) == bytes(expected))
        // The emoji (a surrogate pair, D83D…) sorts before U+FB33 in UTF-16 although its
        // scalar value is larger: UTF-8 or scalar order would put it last.
        let parsed = try JSONParser.parseCanonical(bytes(expected))
        #expect(parsed == value)
    }

    /// The byte-wise shortcut for ASCII names orders every pair as UTF-16 does.
    @Test func memberOrderShortcutAgreesWithUTF16() {
        let alphabet: [Character] = ["a", "b", "A", "_", "1", "\u{7f}", "\u{80}", "\u{e9}", "\u{20ac}", "\u{fb33}", "\u{1f600}", "\u{e000}", "\u{ffff}"]
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<5000 {
            let prefix = String((0..<Int.random(in: 0...3, using: &rng)).map { _ in alphabet.randomElement(using: &rng) ?? "a" })
            let left = prefix + String((0..<Int.random(in: 0...3, using: &rng)).map { _ in alphabet.randomElement(using: &rng) ?? "a" })
            let right = prefix + String((0..<Int.random(in: 0...3, using: &rng)).map { _ in alphabet.randomElement(using: &rng) ?? "a" })
            #expect(CanonicalJSON.precedes(left, right) == left.utf16.lexicographicallyPrecedes(right.utf16),
                    "\(Array(left.unicodeScalars)) vs \(Array(right.unicodeScalars))")
        }
    }

    @Test func membersSortRecursivelyAndArraysKeepTheirOrder() {
        let value: JSONValue = ["b": [3, 1, 2], "a": ["z": 1, "y": ["d": true, "c": nil]], "": "empty", "aa": false]
        #expect(encode(value) == #"{"":"empty","a":{"y":{"c":null,"d":true},"z":1},"aa":false,"b":[3,1,2]}"#)
    }

    @Test func literalsAndEmptyContainers() {
        #expect(encode(nil) == "null")
        #expect(encode(true) == "true")
        #expect(encode(false) == "false")
        #expect(encode([]) == "[]")
        #expect(encode([:]) == "{}")
        #expect(encode("") == #""""#)
        #expect(encode([[], [:], [[]]]) == "[[],{},[[]]]")
    }

    @Test func integers() {
        #expect(encode(0) == "0")
        #expect(encode(-1) == "-1")
        #expect(encode(42) == "42")
        #expect(encode(.int(JSONValue.maxSafeInteger)) == "9007199254740991")
        #expect(encode(.int(-JSONValue.maxSafeInteger)) == "-9007199254740991")
    }

    @Test func stringEscaping() {
        // The two mandatory escapes.
        #expect(encode("a\"b\\c") == #""a\"b\\c""#)
        // The five short forms.
        #expect(encode("\u{08}\u{09}\u{0A}\u{0C}\u{0D}") == #""\b\t\n\f\r""#)
        // Every other control character as \u00xx with lowercase hex.
        #expect(encode("\u{00}") == #""\u0000""#)
        #expect(encode("\u{01}\u{07}\u{0B}\u{0E}\u{1A}\u{1F}") == #""\u0001\u0007\u000b\u000e\u001a\u001f""#)
        // Not escaped: solidus, DEL, non-ASCII (written as UTF-8), and the line separators.
        #expect(encode("/") == "\"/\"")
        #expect(encode("\u{7F}") == "\"\u{7F}\"")
        #expect(encode("caf\u{e9} \u{20ac} \u{1f600} \u{2028}\u{2029}") == "\"caf\u{e9} \u{20ac} \u{1f600} \u{2028}\u{2029}\"")
        #expect(CanonicalJSON.encode("\u{e9}") == [0x22, 0xC3, 0xA9, 0x22])
    }

    @Test func everyControlCharacterEscapesAndParsesBack() throws {
        for scalar in 0..<0x20 {
            let text = String(UnicodeScalar(UInt8(scalar)))
            let encoded = CanonicalJSON.encode(.string(text))
            #expect(!encoded.contains { $0 < 0x20 }, "raw control character \(scalar) in output")
            #expect(try JSONParser.parseCanonical(encoded) == .string(text))
        }
    }

    @Test func memberNamesAreEscapedLikeStrings() {
        #expect(encode(["a\nb": 1, "\"": 2]) == #"{"\"":2,"a\nb":1}"#)
    }

    // MARK: Parsing: accepted input

    @Test func parsesValues() throws {
        #expect(try JSONParser.parse(bytes(#"{"a":[1,-2,true,false,null,"x"],"b":{}}"#))
            == ["a": [1, -2, true, false, nil, "x"], "b": [:]])
        #expect(try JSONParser.parse(bytes("0")) == 0)
        #expect(try JSONParser.parse(bytes("\"\"")) == "")
    }

    @Test func parseAcceptsInsignificantWhitespace() throws {
        let loose = " \t\r\n{ \"b\" : [ 1 , 2 ] ,\n\t\"a\" :null } \n"
        #expect(try JSONParser.parse(bytes(loose)) == ["a": nil, "b": [1, 2]])
    }

    @Test func escapesDecode() throws {
        #expect(try JSONParser.parse(bytes(#""\"\\\/\b\f\n\r\t""#)) == "\"\\/\u{08}\u{0C}\n\r\t")
        #expect(try JSONParser.parse(bytes(#""\u0041\u00e9\u00E9\u20AC""#)) == "A\u{e9}\u{e9}\u{20ac}")
        #expect(try JSONParser.parse(bytes(#""\ud83d\ude00""#)) == "\u{1f600}")
        #expect(try JSONParser.parse(bytes(#""\u0000""#)) == "\u{0}")
    }

    @Test func integerBounds() throws {
        #expect(try JSONParser.parse(bytes("9007199254740991")) == .int(9_007_199_254_740_991))
        #expect(try JSONParser.parse(bytes("-9007199254740991")) == .int(-9_007_199_254_740_991))
        rejects("9007199254740992")
        rejects("-9007199254740992")
        rejects("99999999999999999999999999")
        rejects("-99999999999999999999999999")
    }

    // MARK: Parsing: refused input

    @Test func rejectsDuplicateMemberNames() {
        rejects(#"{"a":1,"a":2}"#)
        rejects(#"{"a":1,"b":{"c":1,"c":1}}"#)
        // The same name spelled with an escape is still the same name.
        rejects(#"{"a":1,"\u0061":2}"#)
    }

    /// "é" precomposed and decomposed are different member names in JSON (RFC 8259 compares
    /// code units). Swift's String equality would merge them; the parser must never silently
    /// drop one of the two values.
    @Test func canonicallyEquivalentNamesAreNeverMerged() {
        let text = "{\"e\u{301}\":1,\"\u{e9}\":2}"
        if let parsed = try? JSONParser.parse(bytes(text)) {
            #expect(parsed.objectValue?.count == 2, "one of two distinct members was dropped: \(parsed)")
        }
        // Each alone round-trips byte for byte.
        for name in ["e\u{301}", "\u{e9}"] {
            let document = Array("{\"\(name)\":1}".utf8)
            #expect((try? JSONParser.parseCanonical(document)).map { CanonicalJSON.encode($0) } == document)
        }
    }

    @Test func rejectsNonIntegerAndMalformedNumbers() {
        for text in ["01", "-01", "00", "1.0", "1.", ".5", "1e5", "1E5", "1e-5", "-0", "-", "+1", "0x10", "- 1",
                     "Infinity", "NaN", "1_000", "[01]", #"{"a":1.5}"#, "-0.0"] {
            rejects(text)
        }
    }

    @Test func rejectsUnpairedSurrogateEscapes() {
        for text in [#""\ud800""#, #""\udbff""#, #""\udc00""#, #""\udfff""#, #""\ud800x""#, #""\ud800\u0041""#,
                     #""\ud800\ud800""#, #""\ude00\ud83d""#, #""\ud83d\""#, #""\ud83d\n""#, #""\u12""#, #""\u12g4""#] {
            rejects(text)
        }
    }

    @Test func rejectsInvalidUTF8() {
        let cases: [[UInt8]] = [
            [0x22, 0xED, 0xA0, 0x80, 0x22],  // a UTF-16 surrogate (U+D800) encoded as UTF-8
            [0x22, 0xED, 0xBF, 0xBF, 0x22],  // U+DFFF encoded as UTF-8
            [0x22, 0xFF, 0x22],
            [0x22, 0xC0, 0xAF, 0x22],  // overlong '/'
            [0x22, 0xE2, 0x82, 0x22],  // truncated sequence
            [0x22, 0x80, 0x22],  // stray continuation byte
            [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22],  // beyond U+10FFFF
            [0x22, 0x61, 0x5C, 0x6E, 0xC3, 0x22],  // valid run, escape, then a truncated sequence
            [0x7B, 0x22, 0xFF, 0x22, 0x3A, 0x31, 0x7D],  // in a member name
        ]
        for input in cases { rejects(input, Comment(rawValue: Hex.encode(input))) }
    }

    @Test func rejectsRawControlCharactersAndBadEscapes() {
        rejects([0x22, 0x0A, 0x22])
        rejects([0x22, 0x00, 0x22])
        rejects([0x22, 0x1F, 0x22])
        rejects(#""\a""#)
        rejects(#""\x41""#)
        rejects(#""\'""#)
        rejects("\"unterminated")
        rejects("\"ends in escape\\")
    }

    @Test func rejectsTrailingGarbageAndStructuralErrors() {
        for text in ["{} x", "{}{}", "1 2", "[1]]", "null,", "[1,]", "[,1]", #"{"a":1,}"#, #"{,"a":1}"#, #"{"a" 1}"#,
                     #"{"a":}"#, "{a:1}", "{'a':1}", "[", "{", "", " ", "tru", "nul", "truex", "True", "[1 2]",
                     #"{"a":1 "b":2}"#, "\u{FEFF}{}", "{}\u{0}", "\u{0C}{}", "\u{A0}{}"] {
            rejects(text)
        }
    }

    @Test func depthLimit() throws {
        func nested(_ depth: Int) -> [UInt8] {
            bytes(String(repeating: "[", count: depth) + String(repeating: "]", count: depth))
        }
        let limits = JSONParser.Limits(maxDepth: 32)
        // 32 nested containers are within a limit of 32; a deeply nested document fails cleanly.
        _ = try JSONParser.parse(nested(32), limits: limits)
        rejects(nested(40), limits: limits)
        rejects(nested(100_000), limits: limits, "deep nesting must be an error, not a stack overflow")
        rejects(bytes(String(repeating: #"{"a":"#, count: 50) + "1" + String(repeating: "}", count: 50)), limits: limits)
        // The default limit applies when none is given.
        rejects(nested(1000))
    }

    /// `maxDepth` is documented as the nesting limit ("nesting deeper than maxDepth" is refused):
    /// maxDepth + 1 nested containers are deeper than the limit.
    @Test func depthLimitBoundaryIsExact() throws {
        for maxDepth in [1, 2, 32] {
            let limits = JSONParser.Limits(maxDepth: maxDepth)
            let atLimit = bytes(String(repeating: "[", count: maxDepth) + String(repeating: "]", count: maxDepth))
            let beyond = bytes(String(repeating: "[", count: maxDepth + 1) + String(repeating: "]", count: maxDepth + 1))
            _ = try JSONParser.parse(atLimit, limits: limits)
            #expect(throws: JSONParser.Failure.self, "\(maxDepth + 1) nested arrays with maxDepth \(maxDepth)") {
                try JSONParser.parse(beyond, limits: limits)
            }
        }
        // Scalars inside the innermost allowed container do not count as a level.
        let one = JSONParser.Limits(maxDepth: 1)
        #expect(try JSONParser.parse(bytes("[1,\"x\",null,true]"), limits: one) == [1, "x", nil, true])
        #expect(try JSONParser.parse(bytes(#"{"a":1}"#), limits: one) == ["a": 1])
        #expect(try JSONParser.parse(bytes("7"), limits: JSONParser.Limits(maxDepth: 0)) == 7)
        #expect(throws: JSONParser.Failure.self) { try JSONParser.parse(self.bytes(#"{"a":[]}"#), limits: one) }
    }

    @Test func sizeLimit() throws {
        let document = bytes(#"{"a":"0123456789"}"#)
        _ = try JSONParser.parse(document, limits: .init(maxBytes: document.count))
        rejects(document, limits: .init(maxBytes: document.count - 1))
        // The default limit is 1 MiB.
        let big = bytes("\"" + String(repeating: "x", count: 1 << 20) + "\"")
        rejects(big)
        _ = try JSONParser.parse(big, limits: .init(maxBytes: big.count))
    }

    @Test func failuresNameTheOffset() {
        do {
            _ = try JSONParser.parse(bytes(#"{"a":1,"a":2}"#))
            Issue.record("duplicate accepted")
        } catch let failure as JSONParser.Failure {
            #expect(failure.offset == 7)
            #expect(failure.description.contains("byte 7"))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    // MARK: parseCanonical

    @Test func parseCanonicalAcceptsOnlyTheCanonicalBytes() throws {
        let canonical = #"{"a":[1,"x\n"],"b":{"c":null}}"#
        #expect(try JSONParser.parseCanonical(bytes(canonical)) == ["a": [1, "x\n"], "b": ["c": nil]])
        let variants = [
            #"{"b":{"c":null},"a":[1,"x\n"]}"#,  // member order
            #"{ "a":[1,"x\n"],"b":{"c":null}}"#,  // whitespace
            #"{"a":[1,"x\n"],"b":{"c":null}} "#,  // trailing whitespace
            "\n" + canonical,
            #"{"a":[1,"x\u000a"],"b":{"c":null}}"#,  // \u000a instead of \n
            #"{"\u0061":[1,"x\n"],"b":{"c":null}}"#,  // escaped ASCII
        ]
        for variant in variants {
            #expect(try JSONParser.parse(bytes(variant)) == JSONParser.parse(bytes(canonical)), "\(variant)")
            #expect(throws: JSONParser.Failure.self, "\(variant)") { try JSONParser.parseCanonical(self.bytes(variant)) }
        }
        for variant in [#""a\/b""#, #""\u00e9""#, #""\u001F""#, #""\u0008""#, #""\u007f""#, #""\ud83d\ude00""#] {
            #expect(throws: JSONParser.Failure.self, "\(variant)") { try JSONParser.parseCanonical(self.bytes(variant)) }
        }
        #expect(try JSONParser.parseCanonical(bytes("\"\u{e9}\u{7f}/\"")) == "\u{e9}\u{7f}/")
        #expect(try JSONParser.parseCanonical(bytes(#""\u001f""#)) == "\u{1f}")
    }

    // MARK: Round trips

    @Test func roundTripsFixedDocuments() throws {
        let documents: [JSONValue] = [
            nil, true, 0, -7, .int(JSONValue.maxSafeInteger), "", "\u{0}\u{1f}\"\\/\u{7f}\u{80}\u{ffff}\u{10ffff}",
            [], [:], ["": ["": [""]]], ["\u{1f600}": 1, "\u{fb33}": 2, "\u{ffff}": 3, "\u{e000}": 4],
        ]
        for document in documents {
            let encoded = CanonicalJSON.encode(document)
            let parsed = try JSONParser.parseCanonical(encoded)
            #expect(parsed == document)
            #expect(CanonicalJSON.encode(parsed) == encoded)
        }
    }

    private static func randomString(_ rng: inout UnitRNG) -> String {
        let pools: [ClosedRange<UInt32>] = [0x00...0x1F, 0x20...0x7F, 0x80...0x7FF, 0x800...0xD7FF, 0xE000...0xFFFF,
                                            0x10000...0x10FFFF]
        var scalars = String.UnicodeScalarView()
        for _ in 0..<Int.random(in: 0...8, using: &rng) {
            let pool = pools[Int.random(in: 0..<pools.count, using: &rng)]
            // Mostly ASCII, so that names collide and sort against each other often.
            let range = Int.random(in: 0..<3, using: &rng) == 0 ? pool : 0x61...0x64
            if let scalar = Unicode.Scalar(UInt32.random(in: range, using: &rng)) { scalars.append(scalar) }
        }
        return String(scalars)
    }

    private static func randomValue(_ rng: inout UnitRNG, depth: Int) -> JSONValue {
        let choice = Int.random(in: 0..<(depth >= 4 ? 4 : 6), using: &rng)
        switch choice {
        case 0: return Bool.random(using: &rng) ? nil : .bool(Bool.random(using: &rng))
        case 1:
            let magnitude = Int.random(in: 0..<3, using: &rng) == 0
                ? Int64.random(in: -JSONValue.maxSafeInteger...JSONValue.maxSafeInteger, using: &rng)
                : Int64.random(in: -1000...1000, using: &rng)
            return .int(magnitude)
        case 2, 3: return .string(randomString(&rng))
        case 4: return .array((0..<Int.random(in: 0...4, using: &rng)).map { _ in randomValue(&rng, depth: depth + 1) })
        default:
            var members: [String: JSONValue] = [:]
            for _ in 0..<Int.random(in: 0...5, using: &rng) {
                members[randomString(&rng)] = randomValue(&rng, depth: depth + 1)
            }
            return .object(members)
        }
    }

    /// Strict structural equality: member names and strings compared by their scalars, not by
    /// Swift's canonical equivalence (which `==` on `JSONValue` uses).
    private static func identical(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case let (.bool(x), .bool(y)): return x == y
        case let (.int(x), .int(y)): return x == y
        case let (.string(x), .string(y)): return Array(x.unicodeScalars) == Array(y.unicodeScalars)
        case let (.array(x), .array(y)): return x.count == y.count && zip(x, y).allSatisfy { identical($0, $1) }
        case let (.object(x), .object(y)):
            let xs = x.sorted { $0.key.utf16.lexicographicallyPrecedes($1.key.utf16) }
            let ys = y.sorted { $0.key.utf16.lexicographicallyPrecedes($1.key.utf16) }
            return xs.count == ys.count && zip(xs, ys).allSatisfy {
                Array($0.key.unicodeScalars) == Array($1.key.unicodeScalars) && identical($0.value, $1.value)
            }
        default: return false
        }
    }

    @Test func randomizedRoundTrip() throws {
        var rng = UnitRNG(seed: 8785)
        for iteration in 0..<2000 {
            let value = Self.randomValue(&rng, depth: 0)
            let encoded = CanonicalJSON.encode(value)
            let parsed: JSONValue
            do {
                parsed = try JSONParser.parseCanonical(encoded)
            } catch {
                Issue.record("iteration \(iteration): \(error) for \(String(decoding: encoded, as: UTF8.self))")
                continue
            }
            #expect(Self.identical(parsed, value), "iteration \(iteration)")
            #expect(CanonicalJSON.encode(parsed) == encoded, "iteration \(iteration)")
            // The output never contains raw control characters, and is valid UTF-8.
            #expect(!encoded.contains { $0 < 0x20 }, "iteration \(iteration)")
            #expect(String(validating: encoded, as: UTF8.self) != nil)
        }
    }

    /// Object member order in the output does not depend on how the dictionary was built.
    @Test func encodingIsIndependentOfInsertionOrder() {
        var rng = UnitRNG(seed: 1)
        for _ in 0..<200 {
            var pairs: [(String, JSONValue)] = []
            for index in 0..<Int.random(in: 1...10, using: &rng) {
                pairs.append((Self.randomString(&rng) + "\(index)", .int(Int64(index))))
            }
            let forward = JSONValue.object(Dictionary(pairs, uniquingKeysWith: { first, _ in first }))
            let backward = JSONValue.object(Dictionary(pairs.reversed(), uniquingKeysWith: { _, last in last }))
            #expect(CanonicalJSON.encode(forward) == CanonicalJSON.encode(backward))
        }
    }

    // MARK: JSONValue accessors

    @Test func accessors() {
        let value: JSONValue = ["s": "x", "i": 3, "b": true, "a": [1], "o": ["k": nil]]
        #expect(value["s"]?.stringValue == "x")
        #expect(value["i"]?.intValue == 3)
        #expect(value["b"]?.boolValue == true)
        #expect(value["a"]?.arrayValue == [1])
        #expect(value["o"]?.objectValue == ["k": .null])
        #expect(value["missing"] == nil)
        #expect(value["s"]?.intValue == nil)
        #expect(JSONValue.int(1)["s"] == nil)
    }
}

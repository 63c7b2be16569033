import Testing
@testable import EvidenceStore

@Suite struct StorageObjectKeyTests {
    @Test func acceptsTheRepositoryLayout() throws {
        let key = try ObjectKey("01HZY3ZQ7C3M1G8Z0R5W2X4V6B/ab/" + String(repeating: "ab", count: 32))
        #expect(key.folder == "01HZY3ZQ7C3M1G8Z0R5W2X4V6B/ab")
        #expect(try ObjectKey("top").folder == "")
    }

    @Test(arguments: ["", "/", "..", ".", "../etc/passwd", "a/../../b", "/etc/passwd", "a//b", "a/", "/a",
                      ".tmp-0123", "a/.tmp-1", "a\u{0}b", "a\nb", "a\\b", String(repeating: "x", count: 1025)])
    func refuses(_ text: String) {
        #expect(throws: StorageError.invalidKey(text)) { try ObjectKey(text) }
    }

    @Test func prefixes() throws {
        for good in ["", "a", "a/", "a/b", "a/b/", "a/b/c-"] { try ObjectKey.validatePrefix(good) }
        for bad in ["/", "//", "a//", "../", "a/..", "/a", ".x"] {
            #expect(throws: StorageError.invalidKey(bad)) { try ObjectKey.validatePrefix(bad) }
        }
    }

    @Test func ordersByBytes() throws {
        let keys = try ["b", "a/b", "a-b", "a", "Z"].map(ObjectKey.init).sorted().map(\.string)
        #expect(keys == ["Z", "a", "a-b", "a/b", "b"])
    }
}

import Testing
@testable import SearchIndex

/// Member paths as item names: control characters replaced, invalid UTF-8 replaced, long
/// paths keep their tail; the lone member of a compressed file is named after it.
struct ArchiveMemberNameTests {
    @Test func controlCharactersAndInvalidUTF8AreReplaced() {
        #expect(ArchiveMemberName.label(Array("a\tb\u{7F}c".utf8)) == "a\u{FFFD}b\u{FFFD}c")
        #expect(ArchiveMemberName.label([0x66, 0xFF, 0x67]) == "f\u{FFFD}g")
        #expect(ArchiveMemberName.label([]) == "unnamed")
        #expect(ArchiveMemberName.label(Array("../x/./y".utf8)) == "../x/./y")
    }

    @Test func aLongPathKeepsItsTailWithinTheLimit() {
        // Three-byte characters, so the cut must fall on a character boundary.
        let path = String(repeating: "日", count: 200) + "/name.txt"
        let label = ArchiveMemberName.label(Array(path.utf8))
        #expect(label.utf8.count <= 255)
        #expect(label.hasPrefix("…日") && label.hasSuffix("日/name.txt"))
        #expect(ArchiveMemberName.label(Array(String(repeating: "x", count: 255).utf8)).utf8.count == 255)
    }

    @Test func theLoneMemberIsNamedAfterTheFile() {
        #expect(ArchiveMemberName.loneMember(archiveName: "notes.txt.gz") == "notes.txt")
        #expect(ArchiveMemberName.loneMember(archiveName: "Notes.TXT.XZ") == "Notes.TXT")
        #expect(ArchiveMemberName.loneMember(archiveName: "backup.tgz") == "backup.tar")
        #expect(ArchiveMemberName.loneMember(archiveName: "blob") == "blob.content")
        #expect(ArchiveMemberName.loneMember(archiveName: nil) == "content")
    }
}

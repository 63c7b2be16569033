import Foundation
import Testing
@testable import SearchIndex

/// Real archives made with zip, tar, gzip, bzip2, xz and 7z (the fixtures' make.sh): every
/// file member becomes a child named by its path, folders and links do not, the archive's
/// text lists the paths, and each member's words come out of its own bytes.
@Suite(.enabled(if: ArchiveFiles.folder != nil, "the archive fixtures are missing"))
struct ExtractArchiveFormatTests {
    /// notes/alpha.txt and inner.zip, as every "evidence" fixture holds them.
    static func expectEvidenceMembers(_ document: ExtractedDocument, format: String) throws {
        #expect(document.outcome == .ok, "\(format): \(document.reason ?? "")")
        let alpha = try #require(ArchiveFiles.member("notes/alpha.txt", of: document), "\(format)")
        #expect(alpha.part == .member)
        #expect(alpha.mediaType == "text/plain")
        #expect(ArchiveFiles.text(of: alpha).contains("Quillfeather"))
        let inner = try #require(ArchiveFiles.member("inner.zip", of: document), "\(format)")
        #expect(inner.mediaType == "application/zip")
        // The archive's own text: its members' paths.
        #expect(document.text.contains("notes/alpha.txt"))
        #expect(document.text.contains("inner.zip"))
        // No folder, link or device is an item.
        #expect(!document.children.contains { $0.name.hasSuffix("/") || $0.name == "link-to-alpha" })
    }

    @Test func zipMembersAndTheNestedArchiveInside() throws {
        let document = try ArchiveFiles.extract("evidence.zip")
        try Self.expectEvidenceMembers(document, format: "zip")
        #expect(document.children.map(\.name) == ["notes/alpha.txt", "inner.zip"])
        #expect(document.text.contains("empty-folder/") && document.text.contains("link-to-alpha"))
        // The nested ZIP is extracted when its own item is: one level at a time.
        let inner = try #require(ArchiveFiles.member("inner.zip", of: document))
        let nested = Extractors.extract(inner.bytes, name: inner.name, mediaType: inner.mediaType)
        #expect(nested.outcome == .ok)
        let beta = try #require(ArchiveFiles.member("deep/beta.txt", of: nested))
        #expect(ArchiveFiles.text(of: beta).contains("Zanzibar"))
        let gamma = try #require(ArchiveFiles.member("deep/gamma.docx", of: nested))
        #expect(gamma.mediaType == "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        #expect(ArchiveFiles.text(of: gamma).contains("periwinkle"))
        // An office document inside stays an office document, not an archive of XML parts.
        #expect(Extractors.extract(gamma.bytes, name: gamma.name, mediaType: nil).children.isEmpty)
    }

    @Test(arguments: ["evidence.tar", "evidence.tar.gz", "evidence.tar.bz2", "evidence.tar.xz", "evidence.7z"])
    func tarAndSevenZipMembers(name: String) throws {
        try Self.expectEvidenceMembers(try ArchiveFiles.extract(name), format: name)
    }

    @Test func tarLinksAreListedButAreNoItems() throws {
        let document = try ArchiveFiles.extract("evidence.tar")
        // tar stored notes/alpha.txt's bytes once, and notes/alpha-hard.txt as a hard link to it.
        #expect(document.children.map(\.name) == ["notes/alpha.txt", "inner.zip"])
        #expect(document.text.contains("notes/alpha-hard.txt"))
        #expect(document.text.contains("link-to-alpha"))
        #expect(document.fields["members"] == "5")
    }

    @Test(arguments: ["memo.txt.gz", "memo.txt.bz2", "memo.txt.xz"])
    func aLoneCompressedFileIsItsOneMember(name: String) throws {
        let document = try ArchiveFiles.extract(name)
        #expect(document.outcome == .ok)
        let member = try #require(document.children.first)
        #expect(document.children.count == 1)
        #expect(member.name == "memo.txt")
        #expect(ArchiveFiles.text(of: member).contains("seventeen lanterns"))
        #expect(document.text == "memo.txt")
    }

    @Test func zip64RecordsAreRead() throws {
        let bytes = try ArchiveFiles.bytes("zip64.zip")
        // The fixture does carry ZIP64 extra fields (header ID 0x0001).
        #expect(try ZipArchive(bytes).entries.count == 2)
        let document = Extractors.extract(bytes, name: "zip64.zip", mediaType: nil)
        #expect(document.outcome == .ok)
        #expect(document.children.map(\.name) == ["notes/alpha.txt", "memo.txt"])
        #expect(ArchiveFiles.text(of: document.children[1]).contains("ferryman"))
    }

    @Test(arguments: ["encrypted.zip", "aes-encrypted.zip"])
    func encryptedZipMemberIsNamedAsUnreadable(name: String) throws {
        let document = try ArchiveFiles.extract(name)
        #expect(document.outcome == .partial)
        #expect(document.reason == "1 member is encrypted and could not be read: secret.txt.")
        #expect(document.children.map(\.name) == ["open.txt"])
        #expect(ArchiveFiles.text(of: document.children[0]).contains("greenhouse"))
        // Its name is still searchable in the archive's own text.
        #expect(document.text.contains("secret.txt"))
        #expect(!document.text.contains("tapestry"))
    }

    @Test func encrypted7zMemberIsNamedAsUnreadable() throws {
        let document = try ArchiveFiles.extract("encrypted.7z")
        #expect(document.outcome == .partial)
        #expect(document.reason?.contains("encrypted and could not be read: secret.txt") == true, "\(document.reason ?? "")")
        #expect(document.children.isEmpty)
        #expect(document.text.contains("secret.txt"))
    }

    @Test func a7zWithEncryptedNamesFailsSayingSo() throws {
        let document = try ArchiveFiles.extract("encrypted-names.7z")
        #expect(document.outcome == .failed)
        #expect(document.reason == "The archive is encrypted after 0 entries and could not be read further (The archive header is encrypted, but currently not supported).")
    }

    @Test func truncatedArchivesKeepWhatCouldBeRead() throws {
        let zip = try ArchiveFiles.extract("truncated.zip")
        #expect(zip.outcome == .partial, "\(zip.reason ?? "")")
        #expect(zip.children.map(\.name).prefix(2) == ["notes/alpha.txt", "deep/beta.txt"])
        #expect(!zip.children.contains { $0.name == "noise.bin" })
        #expect(zip.reason != nil)
        // Too short for libarchive's gzip reader to give anything whole (larger cut archives
        // keep their first members: ExtractArchiveHostileTests).
        let tar = try ArchiveFiles.extract("truncated.tar.gz")
        #expect(tar.outcome == .failed)
        #expect(tar.reason == "The file could not be read as a compressed (gzip, bzip2 or xz) archive: truncated gzip input.")
    }

    /// RAR5 from libarchive's test suite (BSD-2-Clause; see the fixtures' README): a file, a
    /// hard link and a symbolic link to it, two folders, all with names outside the BMP.
    @Test func rar5MembersAndLinks() throws {
        let document = try ArchiveFiles.extract("libarchive-rar5-unicode.rar")
        #expect(document.outcome == .ok, "\(document.reason ?? "")")
        #expect(document.children.map(\.name) == ["𝒻𝒾𝓁𝑒.txt"])
        #expect(String(decoding: document.children[0].bytes, as: UTF8.self) == "This is from 𝒻𝒾𝓁𝑒.txt")
        #expect(ArchiveFiles.text(of: document.children[0]).contains("This is from"))
        #expect(document.text.contains("𝒽𝒶𝓇𝒹𝓁𝒾𝓃𝓀.txt") && document.text.contains("𝓈𝓎𝓂𝓁𝒾𝓃𝓀.txt"))
        #expect(document.fields["members"] == "5")
    }

    /// RAR 4 from libarchive's test suite: Japanese names in folders, one empty file.
    @Test func rar4MembersInFolders() throws {
        let document = try ArchiveFiles.extract("libarchive-rar4-unicode.rar")
        #expect(document.outcome == .ok, "\(document.reason ?? "")")
        let names = document.children.map(\.name)
        #expect(Set(names) == ["表だよ/新しいフォルダ/新規テキスト ドキュメント.txt", "表だよ/漢字長いファイル名long-filename-in-漢字.txt"], "\(names)")
        let kanji = try #require(ArchiveFiles.member("表だよ/漢字長いファイル名long-filename-in-漢字.txt", of: document))
        #expect(kanji.bytes == Array("kanji".utf8))
    }

    @Test func detectionBySignatureThenTypeThenName() throws {
        #expect(ArchiveFormat.detect(try ArchiveFiles.bytes("evidence.tar"), name: nil, mediaType: nil) == .tar)
        #expect(ArchiveFormat.detect(try ArchiveFiles.bytes("evidence.7z"), name: "x.bin", mediaType: nil) == .sevenZip)
        #expect(ArchiveFormat.detect(try ArchiveFiles.bytes("memo.txt.xz"), name: nil, mediaType: nil) == .compressed)
        #expect(ArchiveFormat.detect(Array("Rar!\u{1A}\u{07}\u{00}".utf8), name: nil, mediaType: nil) == .rar)
        #expect(ArchiveFormat.detect([1, 2, 3], name: "old.TAR", mediaType: nil) == .tar)
        #expect(ArchiveFormat.detect([1, 2, 3], name: nil, mediaType: "Application/X-7z-Compressed; x=y") == .sevenZip)
        #expect(ArchiveFormat.detect(Array("plain words".utf8), name: "notes.txt", mediaType: "text/plain") == nil)
    }

    @Test func bytesThatAreNoArchiveFailWithAReason() throws {
        let document = Extractors.extract(Array("this is not a zip at all".utf8), name: "fake.zip", mediaType: nil)
        #expect(document.outcome == .failed)
        #expect(document.reason?.hasPrefix("The file could not be read as a ZIP archive") == true, "\(document.reason ?? "")")
        #expect(document.children.isEmpty)
    }
}

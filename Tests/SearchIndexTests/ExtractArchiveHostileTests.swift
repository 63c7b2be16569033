import Foundation
import Testing
@testable import SearchIndex

/// Bombs, hostile names and damage, in archives written at test time with Python: each is
/// stopped by the limit it tests, with a reason naming it, and names are labels only.
@Suite(.enabled(if: ZipTestTools.hasPython, "python3 is absent: hostile archive tests not run"))
struct ExtractArchiveHostileTests {
    @Test func pathTricksAreLabelsOnly() throws {
        let long = String(repeating: "deep-folder/", count: 30) + "final-name.txt"
        let bytes = try ArchiveFiles.python("""
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("../../etc/passwd", "root:x:0:0 traversal attempt")
            z.writestr("/absolute/evil.txt", "absolute path payload")
            z.writestr("dup.txt", "first duplicate")
            z.writestr("dup.txt", "second duplicate")
            z.writestr("bad\\x01name\\x1b.txt", "control characters")
            z.writestr("nulXhidden.txt", "behind a nul")
            z.writestr("\(long)", "long path payload")
        data = open(path, "rb").read().replace(b"nulXhidden", b"nul\\x00hidden")
        open(path, "wb").write(data)
        """)
        let document = Extractors.extract(bytes, name: "tricks.zip", mediaType: nil)
        #expect(document.outcome == .ok, "\(document.reason ?? "")")
        let names = document.children.map(\.name)
        #expect(names.prefix(5) == ["../../etc/passwd", "/absolute/evil.txt", "dup.txt", "dup.txt", "bad\u{FFFD}name\u{FFFD}.txt"])
        // A NUL ends the path, as C strings do; the member is kept under what precedes it.
        #expect(names[5] == "nul")
        #expect(String(decoding: document.children[5].bytes, as: UTF8.self) == "behind a nul")
        // Over 255 bytes: the tail, where the file's name is, after a marker.
        let cut = names[6]
        #expect(cut.hasPrefix("…") && cut.hasSuffix("/final-name.txt"))
        #expect(cut.utf8.count <= 255 && cut.utf8.count > 240)
        // Both duplicates are kept, each with its own bytes.
        #expect(document.children[2].bytes != document.children[3].bytes)
        #expect(document.children.allSatisfy { $0.part == .member })
        #expect(document.text.contains("../../etc/passwd"))
        // Nothing was written anywhere: a label is never a path that is opened.
        #expect(!FileManager.default.fileExists(atPath: "/absolute/evil.txt"))
        #expect(!FileManager.default.fileExists(atPath: FileManager.default.currentDirectoryPath + "/dup.txt"))
    }

    @Test func namesInUnicodeAndInLegacyCharsets() throws {
        let zip = try ArchiveFiles.python("""
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("Zeugenaussage-Müller/Ærø 証言.txt", "unicode names")
        """)
        #expect(Extractors.extract(zip, name: "u.zip", mediaType: nil).children.map(\.name) == ["Zeugenaussage-Müller/Ærø 証言.txt"])
        // A Latin-1 name in a tar (no charset declared) is no UTF-8: its odd byte is replaced.
        let tar = try ArchiveFiles.python("""
        with tarfile.open(path, "w", format=tarfile.GNU_FORMAT, encoding="latin-1") as t:
            info = tarfile.TarInfo("café.txt"); info.size = 4; t.addfile(info, io.BytesIO(b"data"))
        """)
        #expect(Extractors.extract(tar, name: "l.tar", mediaType: nil).children.map(\.name) == ["caf\u{FFFD}.txt"])
    }

    @Test func aHighRatioMemberIsStoppedWhileItIsRead() throws {
        let bytes = try ArchiveFiles.python("""
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
            z.writestr("zeros.bin", bytes(256 << 20))
            z.writestr("after.txt", "the member after the bomb is read")
        """)
        #expect(bytes.count < 1 << 20)
        let start = Date()
        let document = Extractors.extract(bytes, name: "ratio.zip", mediaType: nil)
        #expect(Date().timeIntervalSince(start) < 10)
        #expect(document.outcome == .partial)
        #expect(document.reason == "Zeros.bin was not kept: it expands more than 200 times its compressed size.")
        // ZIP skips the rest of a member cheaply, so the next one is still read.
        #expect(document.children.map(\.name) == ["after.txt"])
    }

    @Test func aHighRatioMemberInACompressedTarStopsTheReading() throws {
        let bytes = try ArchiveFiles.python("""
        import gzip
        raw = io.BytesIO()
        with tarfile.open(fileobj=raw, mode="w") as t:
            first = b"read before the bomb"
            info = tarfile.TarInfo("first.txt"); info.size = len(first); t.addfile(info, io.BytesIO(first))
            info = tarfile.TarInfo("zeros.bin"); info.size = 256 << 20; t.addfile(info, io.BytesIO(bytes(256 << 20)))
            info = tarfile.TarInfo("after.txt"); info.size = 5; t.addfile(info, io.BytesIO(b"after"))
        open(path, "wb").write(gzip.compress(raw.getvalue(), 9))
        """)
        let document = Extractors.extract(bytes, name: "ratio.tar.gz", mediaType: nil)
        #expect(document.outcome == .partial)
        #expect(document.reason == "Zeros.bin was not kept: it expands more than 200 times its compressed size; reading stopped there, since skipping the rest of it would mean expanding it.")
        #expect(document.children.map(\.name) == ["first.txt"])
    }

    @Test func aHugeMemberCountKeepsTheFirstMembersUpToTheLimit() throws {
        let limit = ExtractionLimits().maxChildren
        let bytes = try ArchiveFiles.python("""
        with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
            for i in range(\(limit + 50)):
                z.writestr(f"m{i}.txt", "x")
        """)
        // More members than the office reader lists: the archive extractor takes the ZIP.
        #expect((try? ZipArchive(bytes)) == nil)
        let document = Extractors.extract(bytes, name: "many.zip", mediaType: nil)
        #expect(document.outcome == .partial)
        #expect(document.children.count == limit)
        #expect(document.children.last?.name == "m\(limit - 1).txt")
        #expect(document.reason == "Members after the first \(limit) were not read (the limit is \(limit) child items).")
    }

    @Test func theTotalExpandedBudgetIsShared() throws {
        let bytes = try ArchiveFiles.python("""
        import random
        random.seed(1)
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            for i in range(8):
                z.writestr(f"part{i}", bytes(random.getrandbits(8) for _ in range(200000)))
        """)
        var limits = ExtractionLimits()
        limits.maxExpandedBytes = 1 << 20
        let document = Extractors.extract(bytes, name: "budget.zip", mediaType: nil, limits: limits)
        #expect(document.outcome == .partial)
        #expect(document.children.map(\.name) == ["part0", "part1", "part2", "part3", "part4"])
        #expect(document.reason == "Members from part5 on were not read (the limit is 1048576 bytes expanded in all).")
        #expect(document.children.reduce(0) { $0 + $1.bytes.count } <= limits.maxExpandedBytes)
    }

    /// 42.zip in miniature: each level is read one at a time (as each member's own item
    /// is indexed), and the core's bomb is stopped by the ratio limit.
    @Test func aNestedBombIsReadOneLevelAtATime() throws {
        let bytes = try ArchiveFiles.python("""
        inner = io.BytesIO()
        with zipfile.ZipFile(inner, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("core.bin", bytes(64 << 20))
        level = inner.getvalue()
        for depth in range(3):
            outer = io.BytesIO()
            with zipfile.ZipFile(outer, "w", zipfile.ZIP_DEFLATED) as z:
                for i in range(16):
                    z.writestr(f"{depth}-{i}.zip", level)
            level = outer.getvalue()
        open(path, "wb").write(level)
        """)
        let start = Date()
        var document = Extractors.extract(bytes, name: "42.zip", mediaType: nil)
        for _ in 0..<3 {
            #expect(document.outcome == .ok)
            #expect(document.children.count == 16)
            let first = try #require(document.children.first)
            // Only bytes: a member archive is not opened by its parent's extraction.
            #expect(first.document == nil && first.mediaType == "application/zip")
            document = Extractors.extract(first.bytes, name: first.name, mediaType: first.mediaType)
        }
        #expect(document.outcome == .partial)
        #expect(document.reason == "Core.bin was not kept: it expands more than 200 times its compressed size.")
        #expect(document.children.isEmpty)
        #expect(Date().timeIntervalSince(start) < 20)
    }

    @Test func aDamagedCompressedTarKeepsItsFirstMembers() throws {
        let bytes = try ArchiveFiles.python("""
        import gzip, random
        random.seed(7)
        words = ["harbour", "ledger", "parcel", "courier", "lantern", "vault", "witness", "ferry"]
        raw = io.BytesIO()
        with tarfile.open(fileobj=raw, mode="w") as t:
            for i in range(12):
                text = " ".join(random.choice(words) + str(random.randrange(10**6)) for _ in range(6000)).encode()
                info = tarfile.TarInfo(f"doc{i:02}.txt"); info.size = len(text); t.addfile(info, io.BytesIO(text))
        packed = gzip.compress(raw.getvalue(), 6)
        open(path, "wb").write(packed[:len(packed) * 2 // 3])
        """)
        let document = Extractors.extract(bytes, name: "cut.tar.gz", mediaType: nil)
        #expect(document.outcome == .partial)
        #expect(document.children.count >= 3 && document.children.count < 12, "\(document.children.count)")
        #expect(document.children.first?.name == "doc00.txt")
        #expect(document.reason?.contains("truncated gzip input") == true, "\(document.reason ?? "")")
    }

    @Test func anEmptyZipIsOkWithNoMembers() throws {
        let bytes = try ArchiveFiles.python("""
        with zipfile.ZipFile(path, "w") as z:
            pass
        """)
        // An empty archive has no office package in it either.
        let document = Extractors.extract(bytes, name: "empty.zip", mediaType: nil)
        #expect(document.outcome == .ok)
        #expect(document.children.isEmpty && document.text.isEmpty)
    }
}

import Foundation
import Testing
@testable import SearchIndex

/// The 72 real PDFs of the pypdf 7.1.1 source package (many producers, encrypted variants),
/// fetched once into a cache folder; skipped when the package cannot be had.
enum ExtractPDFCorpus {
    static let version = "7.1.1"

    static var cache: URL {
        if let folder = ProcessInfo.processInfo.environment["EVIDENCE_TEST_CACHE"] {
            return URL(fileURLWithPath: folder, isDirectory: true)
        }
        return FileManager.default.temporaryDirectory.appendingPathComponent("evidence-test-corpora", isDirectory: true)
    }

    /// The sdist's `resources` folder. The tarball is downloaded (pip, the ordinary client)
    /// only when it is not in the cache yet, and unpacked beside it once.
    static let resources: URL? = {
        let manager = FileManager.default
        let unpacked = cache.appendingPathComponent("pypdf-\(version)")
        let folder = unpacked.appendingPathComponent("resources")
        if manager.fileExists(atPath: folder.path) { return folder }
        do {
            try manager.createDirectory(at: cache, withIntermediateDirectories: true)
            let tarball = cache.appendingPathComponent("pypdf-\(version).tar.gz")
            if !manager.fileExists(atPath: tarball.path) {
                try ZipTestTools.run("python3", ["-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", ":all:",
                                                 "pypdf==\(version)", "-d", cache.path], timeout: 180)
            }
            // Unpack beside, then move into place, so concurrent runs never see half a folder.
            let scratch = cache.appendingPathComponent("unpack-\(UUID().uuidString)")
            try manager.createDirectory(at: scratch, withIntermediateDirectories: true)
            defer { try? manager.removeItem(at: scratch) }
            try ZipTestTools.run("tar", ["xzf", tarball.path, "-C", scratch.path], timeout: 120)
            try? manager.moveItem(at: scratch.appendingPathComponent("pypdf-\(version)"), to: unpacked)
            return manager.fileExists(atPath: folder.path) ? folder : nil
        } catch {
            print("pypdf \(version) source package unavailable: \(error)")
            return nil
        }
    }()

    static var available: Bool { resources != nil }

    static func pdfs() -> [URL] {
        guard let resources,
              let enumerator = FileManager.default.enumerator(at: resources, includingPropertiesForKeys: nil) else { return [] }
        return enumerator.compactMap { $0 as? URL }.filter { $0.pathExtension.lowercased() == "pdf" }
            .sorted { $0.path < $1.path }
    }

    static func relative(_ url: URL) -> String {
        guard let resources else { return url.lastPathComponent }
        return String(url.standardizedFileURL.path.dropFirst(resources.standardizedFileURL.path.count + 1))
    }

    /// Files that need a user password, with the password pypdf's own tests give them
    /// (tests/test_encryption.py, tests/test_reader.py, tests/bench.py).
    static let userPasswords = [
        "encryption/r2-user-password.pdf": "asdfzxcv",
        "encryption/r3-user-password.pdf": "asdfzxcv",
        "encryption/r4-user-password.pdf": "asdfzxcv",
        "encryption/r4-aes-user-password.pdf": "asdfzxcv",
        "encryption/r6-both-passwords.pdf": "foo",
        "encryption/r6-cleartext-metadata.pdf": "foo",
        "encrypted-file.pdf": "test",
        "crazyones-encrypted-256.pdf": "password",
        "libreoffice-writer-password.pdf": "openpassword",
    ]

    /// Encrypted with an empty password, or only an owner password: readable without one.
    /// (r5/r6-user-password have a user password but an empty owner password, and from
    /// revision 5 on the empty owner password opens them, as it does for pdftotext.)
    static let openWithoutPassword = [
        "encryption/r2-empty-password.pdf", "encryption/r3-empty-password.pdf", "encryption/r5-empty-password.pdf",
        "encryption/r6-empty-password.pdf", "encryption/r2-owner-password.pdf", "encryption/r4-owner-password.pdf",
        "encryption/r5-owner-password.pdf", "encryption/r6-owner-password.pdf", "encryption/r5-user-password.pdf",
        "encryption/r6-user-password.pdf", "encryption/r4-aes-v2-no-key-length.pdf",
    ]

    static let hasPdftotext: Bool = (try? ZipTestTools.run("pdftotext", ["-v"], timeout: 30)) != nil

    static func pdftotext(_ url: URL) -> String? {
        guard let data = try? ZipTestTools.run("pdftotext", ["-q", "-enc", "UTF-8", url.path, "-"], timeout: 60) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}

@Suite(.enabled(if: ExtractPDFCorpus.available, "the pypdf source package is unavailable (no cache, no network): pypdf PDFs not run"))
struct ExtractPDFCorpusTests {
    /// Every PDF of the package, each bounded in time: no crash, no hang, bounded text.
    @Test func everyPDFExtractsWithinBounds() throws {
        let files = ExtractPDFCorpus.pdfs()
        #expect(files.count >= 70)
        var outcomes: [ExtractedDocument.Outcome: Int] = [:]
        for file in files {
            let document = try #require(ExtractPDFSupport.extract(try ZipTestTools.bytes(file), seconds: 60),
                                        "\(ExtractPDFCorpus.relative(file)) did not finish within 60 s")
            #expect(document.text.utf8.count <= ExtractionLimits().maxTextBytes)
            #expect(document.outcome != .unsupported)
            if document.outcome == .failed || document.outcome == .partial { #expect(document.reason?.isEmpty == false) }
            outcomes[document.outcome, default: 0] += 1
        }
        print("pypdf \(ExtractPDFCorpus.version) PDFs: \(files.count), outcomes \(outcomes.sorted { $0.key.rawValue < $1.key.rawValue })")
    }

    @Test func passwordProtectedPDFsFailAsEncrypted() throws {
        let resources = try #require(ExtractPDFCorpus.resources)
        for (file, _) in ExtractPDFCorpus.userPasswords.sorted(by: { $0.key < $1.key }) {
            let document = try #require(ExtractPDFSupport.extract(try ZipTestTools.bytes(resources.appendingPathComponent(file))))
            #expect(document.outcome == .failed && document.reason == PDFExtractor.encryptedReason, "\(file): \(document.outcome)")
            #expect(document.text.isEmpty)
        }
        for file in ExtractPDFCorpus.openWithoutPassword {
            let document = try #require(ExtractPDFSupport.extract(try ZipTestTools.bytes(resources.appendingPathComponent(file))))
            #expect(document.outcome == .ok, "\(file): \(document.outcome) \(document.reason ?? "")")
            #expect(!document.text.isEmpty, "\(file) gave no text")
        }
    }

    /// Against pdftotext (the same poppler, its reading-order mode), after NFKC: the words
    /// pdftotext finds are found, documents where it finds none have no text layer (or their
    /// text came from OCR), and it refuses exactly the PDFs we report as encrypted.
    @Test(.enabled(if: ExtractPDFCorpus.hasPdftotext, "pdftotext (poppler-utils) is absent"))
    func wordsAgreeWithPdftotext() throws {
        var compared = 0
        var lowest = (1.0, "")
        for file in ExtractPDFCorpus.pdfs() {
            let name = ExtractPDFCorpus.relative(file)
            let document = try #require(ExtractPDFSupport.extract(try ZipTestTools.bytes(file)))
            guard let reference = ExtractPDFCorpus.pdftotext(file) else {
                #expect(document.outcome == .failed && document.reason == PDFExtractor.encryptedReason,
                        "pdftotext refuses \(name), we said \(document.outcome)")
                continue
            }
            if ExtractOfficeCorpus.words(reference).isEmpty {
                // No text layer: OCR read the pages (and says so), or the outcome says there is none.
                #expect(document.outcome == .noTextLayer || (document.outcome == .ok && document.ocr != nil),
                        "\(name): pdftotext finds no words, we said \(document.outcome)")
                continue
            }
            #expect(document.outcome == .ok, "\(name): \(document.outcome) \(document.reason ?? "")")
            let expected = ExtractPDFSupport.comparableWords(reference)
            guard !expected.isEmpty else { continue }
            let found = ExtractPDFSupport.comparableWords(document.text)
            let recall = Double(expected.intersection(found).count) / Double(expected.count)
            if recall < lowest.0 { lowest = (recall, name) }
            #expect(recall >= 0.97, "\(name): only \(Int(recall * 100))% of pdftotext's words, missing \(expected.subtracting(found).sorted().prefix(20))")
            compared += 1
        }
        #expect(compared >= 40)
        print("compared \(compared) PDFs with pdftotext; lowest word recall \(lowest.0) (\(lowest.1))")
    }
}

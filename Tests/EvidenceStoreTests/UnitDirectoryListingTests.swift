@testable import EvidenceStore
import Foundation
import Testing

/// Listing a folder reads each `readdir` name through its pointer only: copying the whole
/// `dirent` crashed `evidence add` of a folder of 25,000 files (a read past the kernel's buffer).
@Suite("Directory listing")
struct UnitDirectoryListingTests {
    @Test("a folder of 30,000 files with names of every length from 1 to 255 bytes lists whole, twice over")
    func largeFolder() throws {
        let folder = (NSTemporaryDirectory() as NSString).appendingPathComponent("evidence-listing-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var expected: [String] = []
        for index in 0..<30_000 {
            let stem = String(index)
            let length = max(stem.count, 1 + index % 255)
            let name = stem + String(repeating: "x", count: length - stem.count)
            expected.append(name)
            #expect(FileManager.default.createFile(atPath: (folder as NSString).appendingPathComponent(name), contents: nil))
        }
        #expect(try FileSystem.list(folder) == expected.sorted())
        let raw = try RawPath(bytes: Array(folder.utf8)).list()
        #expect(raw.count == expected.count)
        #expect(Set(raw.map { String(decoding: $0.bytes, as: UTF8.self) }) == Set(expected))
    }
}

import Foundation
import SearchBenchKit
import SearchIndex

/// Indexing rate: the corpus into a fresh case index through CaseIndex (one batch, then
/// commit and close), extraction and file reading excluded.
struct IndexBenchmark {
    let corpus: String
    let database: String
    /// nil: CaseIndex's own default.
    let flushThreshold: Int?

    func run() throws {
        let items = try BenchCorpus.load(corpus)
        try CaseIndex.destroy(path: database)
        let started = DispatchTime.now().uptimeNanoseconds
        let cpuStarted = ProcessClock.cpuSeconds()
        let index = try CaseIndex.open(path: database)
        if let flushThreshold { index.flushThreshold = flushThreshold }
        let threshold = index.flushThreshold
        try index.index(contentsOf: items)
        index.watermark = UInt64(items.count)
        try index.commit()
        try index.close()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        let cpu = ProcessClock.cpuSeconds() - cpuStarted
        let bytes = items.reduce(0) { $0 + $1.text.utf8.count }
        print("evidence CaseIndex (flush threshold \(threshold)): \(items.count) docs, \(bytes / 1024) KiB of text, "
              + "\(format(seconds, 2)) s (\(format(cpu, 2)) s CPU) = \(format(Double(items.count) / seconds, 1)) docs/s")
        print("RESULT index engine=evidence docs=\(items.count) seconds=\(format(seconds, 3)) cpu=\(format(cpu, 3)) "
              + "rate=\(format(Double(items.count) / seconds, 2)) bytes=\(Self.folderBytes(database))")
    }

    /// Bytes of the files under `path` (the index's size on disk).
    static func folderBytes(_ path: String) -> Int {
        guard let walker = FileManager.default.enumerator(atPath: path) else { return 0 }
        var total = 0
        while let name = walker.nextObject() as? String {
            let attributes = try? FileManager.default.attributesOfItem(atPath: path + "/" + name)
            if attributes?[.type] as? FileAttributeType == .typeRegular {
                total += (attributes?[.size] as? Int) ?? 0
            }
        }
        return total
    }
}

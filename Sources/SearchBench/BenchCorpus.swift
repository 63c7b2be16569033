import CivilCalendar
import Foundation
import SearchBenchKit
import SearchIndex

/// The generated text corpus (scripts/bench/make_text_corpus.py; scripts/bench-search.sh writes
/// `list.txt`, which names the documents in order). Each document starts with a header
/// (`Title:`, `Category:`, `Date:`, `Exhibit:`) and a blank line. The whole file is the
/// item's text, as an extractor would hand it over; the header also gives its metadata
/// (title, the category as the kind, the date for date ranges, the exhibit reference).
enum BenchCorpus {
    static let caseID = "bench"

    /// Every document of the corpus as an item, read fully into memory (reading is not
    /// part of what is measured).
    static func load(_ folder: String) throws -> [IndexDocument] {
        guard let listData = FileManager.default.contents(atPath: folder + "/list.txt") else {
            throw BenchError.badInput("Cannot read \(folder)/list.txt.")
        }
        let paths = String(decoding: listData, as: UTF8.self).split(separator: "\n").map(String.init)
        var items: [IndexDocument] = []
        items.reserveCapacity(paths.count)
        for (i, path) in paths.enumerated() {
            guard let data = FileManager.default.contents(atPath: folder + "/" + path) else {
                throw BenchError.badInput("Cannot read \(folder)/\(path).")
            }
            // The generator writes UTF-8; a damaged byte becomes U+FFFD, as an extractor would make it.
            let text = String(decoding: data, as: UTF8.self)
            items.append(try item(number: i, path: path, text: text))
        }
        return items
    }

    static func item(number: Int, path: String, text: String) throws -> IndexDocument {
        var header: [String: String] = [:]
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).prefix(6) {
            guard let colon = line.firstIndex(of: ":") else { break }
            header[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        guard let kind = header["Category"], let dateText = header["Date"], let date = Self.millis(day: dateText) else {
            throw BenchError.badInput("\(path) has no Category: or Date: header.")
        }
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return IndexDocument(
            itemID: String(format: "doc-%06d", number), caseID: caseID, caseReference: "OP-BENCH", kind: kind,
            exhibitRef: header["Exhibit"], officer: "DC Bench \(number % 7)", fileName: name, mediaType: "text/plain",
            sha256: Self.pseudoHash(text), date: date, title: header["Title"], text: text)
    }

    /// "YYYY-MM-DD" → milliseconds since 1970 at 00:00 UTC.
    static func millis(day: String) -> Int64? {
        let parts = day.split(separator: "-").compactMap { Int64($0) }
        guard parts.count == 3, (1...12).contains(parts[1]), (1...31).contains(parts[2]) else { return nil }
        return CivilDate.days(fromCivil: parts[0], parts[1], parts[2]) * 86_400_000
    }

    /// A 64-hex-digit stand-in for the SHA-256 (distinct per text, as real hashes are; the
    /// index only stores it as a filter term, and SearchIndex has no digest of its own).
    static func pseudoHash(_ text: String) -> String {
        var out = ""
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for round in 0..<4 {
            h ^= UInt64(round)
            for b in text.utf8 {
                h ^= UInt64(b)
                h = h &* 0x0000_0100_0000_01b3
            }
            let hex = String(h, radix: 16)
            out += String(repeating: "0", count: 16 - hex.count) + hex
        }
        return out
    }
}

import CXapian
import Foundation
import PipelineQueue

/// The search index of one case: a folder (the caller passes `<state>/index/<case id>`)
/// holding the case's Xapian databases. The single writer of that folder; readers
/// (`Searcher`) never block on it.
///
/// Layout:
/// ```
/// <case>/control/              a Xapian database without documents: format and watermark metadata
/// <case>/shards/<class>/       the documents of one visibility class, e.g. "official",
/// <case>/shards/<class>.sensitive/    "official-sensitive", "secret.sensitive"
/// ```
/// Why a shard per visibility class (classification × sensitive): Xapian computes term
/// statistics (BM25 weights, percentages), wildcard expansion, snippet scoring and spelling
/// suggestions over the databases it searches. If a case's hidden items lived in the same
/// database as its visible ones, a boolean filter would hide them from the hits and the
/// counts, but their words would still shift the scores and the order of the hits, choose
/// other snippet fragments and appear as spelling suggestions. `Searcher` opens only the
/// shards of the classes a user may see (and still applies the visibility filter inside the
/// query), so every figure it returns is computed as if the hidden items did not exist.
/// Spelling data is written per shard from each document's own words (and removed again
/// when the document is replaced or removed), so suggestions come only from visible items.
/// The spelling changes of a batch are summed and applied once, at its `commit()`: applied at
/// every flush they took 40% of the time of indexing a large batch, since each flush rewrote
/// the frequency of nearly every word of the vocabulary. A shard whose flushed documents may
/// still lack their words carries the metadata `evidence:spelling = pending`, committed with
/// them; opening a shard so marked after a crash rebuilds its spelling data from its documents.
///
/// Writes are staged: `index` and `remove` change the databases in memory, every
/// `flushThreshold` changes are flushed (committed) to bound memory, and `commit()` makes
/// everything durable and then records the watermark. A crash loses at most the changes
/// since the last flush, and the watermark is never ahead of the documents, so replaying the
/// ledger from the watermark (re-indexing replaces documents by item id) repairs it.
/// A batch is any run of `index`/`remove` calls ended by `commit()`; `index(contentsOf:)`
/// builds the documents of a large batch on a second thread while this one writes them.
///
/// Not thread-safe: use one CaseIndex from one thread at a time (it is the only writer of
/// its folder anyway: a second one, in any process, fails with `IndexError.busy`).
public final class CaseIndex {
    /// The case's index folder.
    public let path: String
    /// Changes (index or remove) after which the shards are committed automatically: the
    /// lever XAPIAN_FLUSH_THRESHOLD sets for Xapian's own automatic commits (default 10,000;
    /// 500 indexes markedly faster, at the price of a larger, less densely packed index).
    public var flushThreshold = 500

    private let control: XWritable
    private var shards: [String: Shard] = [:]
    private let generator: XTermGenerator
    private let scratch: XDocument
    /// Whether the index had no documents when opened, and the item ids written since:
    /// an id not seen cannot have an earlier version to replace.
    private var startedEmpty = false
    private var seen = Set<String>()
    /// Staged spelling changes per shard: word → change of frequency.
    private var spellingDeltas: [String: [String: Int]] = [:]
    /// Shards marked `evidence:spelling = pending` (staged or committed) until their spelling
    /// changes are applied.
    private var spellingPending: Set<String> = []
    private var staged = 0
    private var committedWatermark: UInt64?
    private var stagedWatermark: UInt64??
    private var stagedVisibility: String?

    private struct Shard {
        let writer: XWritable
        let reader: XDatabase
    }

    static let formatKey = "evidence:format"
    /// 2: documents carry a visibility term (`XVIS`); 3: and their case and visibility class in
    /// value slot 9, and the index holds only what its user may see; 4: CJK text is indexed as
    /// n-grams (unigrams and bigrams); 5: photos carry their EXIF camera (`camera:`, slots 10-11)
    /// and day taken (`taken:`, slot 12). An older index is rebuilt (and its images extracted,
    /// which format 4 skipped).
    static let formatVersion = "5"
    static let watermarkKey = "evidence:watermark"
    /// What the index's user could see when it was committed (the caller's stamp, compared by
    /// the caller: an index built under another visibility is deleted and built again).
    static let visibilityKey = "evidence:visibility"
    /// Shard metadata: "pending" while documents committed to the shard may lack their words
    /// in its spelling data; empty otherwise.
    static let spellingKey = "evidence:spelling"
    /// Staged spelling words (all shards) beyond which a flush applies them early: the memory
    /// bound of a batch with an unusually large vocabulary.
    static let maxDeferredSpellingWords = 250_000

    /// Opens the case's index for writing, creating it if missing.
    public static func open(path: String) throws -> CaseIndex {
        try CaseIndex(path: path)
    }

    public init(path: String) throws {
        self.path = path
        let fm = FileManager.default
        do {
            try fm.createDirectory(atPath: path + "/shards", withIntermediateDirectories: true)
        } catch {
            throw IndexError.failed("Could not create the search index folder \(path): \(error.localizedDescription).")
        }
        do {
            control = try XWritable(path: path + "/control")
            generator = try XTermGenerator(language: IndexSchema.language, stemStrategy: Int32(CX_STEM_SOME))
            try generator.enableCJKNgrams()
            scratch = try XDocument()
        } catch {
            throw IndexError.from(error, path: path, doing: "open")
        }
        let format: String
        let watermark: String
        do {
            let reader = try control.reader()
            format = try reader.metadata(Self.formatKey)
            watermark = try reader.metadata(Self.watermarkKey)
        } catch {
            throw IndexError.from(error, path: path, doing: "open")
        }
        if format.isEmpty {
            do {
                try control.setMetadata(Self.formatKey, Self.formatVersion)
                try control.commit()
            } catch {
                throw IndexError.from(error, path: path, doing: "create")
            }
        } else if format != Self.formatVersion {
            throw IndexError.corrupt(path: path, detail: "unknown index format \(format)")
        }
        if !watermark.isEmpty {
            guard let value = UInt64(watermark) else {
                throw IndexError.corrupt(path: path, detail: "the watermark \"\(watermark)\" is not a number")
            }
            committedWatermark = value
        }
        let names: [String]
        do {
            names = try fm.contentsOfDirectory(atPath: path + "/shards").sorted()
        } catch {
            throw IndexError.failed("Could not list the search index folder \(path)/shards: \(error.localizedDescription).")
        }
        var documents = 0
        do {
            for name in names where !name.hasPrefix(".") {
                let shard = try shard(named: name)
                documents += try shard.reader.documentCount
                if try shard.reader.metadata(Self.spellingKey) == "pending" {
                    try Self.rebuildSpelling(of: shard)
                }
            }
        } catch {
            throw IndexError.from(error, path: path, doing: "open")
        }
        startedEmpty = documents == 0
    }

    /// Replaces a shard's spelling data with the words of its documents (after a crash left
    /// documents committed without their words) and clears the mark, in one commit.
    private static func rebuildSpelling(of shard: Shard) throws(XapianFailure) {
        for (word, frequency) in try shard.reader.allSpellings() where frequency > 0 {
            try shard.writer.removeSpelling(word, UInt32(clamping: frequency))
        }
        var words: [String: Int] = [:]
        for (idTerm, _) in try shard.reader.allTerms(prefix: IndexSchema.Prefix.itemID) {
            guard let document = try shard.reader.firstDocument(withTerm: idTerm) else { continue }
            for (term, wdf) in try spellingWords(of: document) { words[term, default: 0] += Int(wdf) }
        }
        for (word, frequency) in words.sorted(by: { $0.key < $1.key }) where frequency > 0 {
            try shard.writer.addSpelling(word, UInt32(clamping: frequency))
        }
        try shard.writer.setMetadata(spellingKey, "")
        try shard.writer.commit()
    }

    deinit {
        // Xapian commits staged documents when a writer is freed: keep their words with them.
        try? applySpelling()
    }

    /// Deletes a case's index folder (and everything in it). A folder that exists but does
    /// not look like an index is refused.
    public static func destroy(path: String) throws {
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else { return }
        let entries = (try? fm.contentsOfDirectory(atPath: path)) ?? []
        guard isDirectory.boolValue, entries.allSatisfy({ ["control", "shards"].contains($0) }) else {
            throw IndexError.invalidRequest("\(path) is not a search index folder; it was left alone.")
        }
        do {
            try fm.removeItem(atPath: path)
        } catch {
            throw IndexError.failed("Could not delete the search index at \(path): \(error.localizedDescription).")
        }
    }

    /// Whether the index at `path` was written in another format than this build's (it is
    /// then deleted and rebuilt from the ledger: an index is a projection).
    public static func isOutdated(path: String) throws -> Bool {
        guard FileManager.default.fileExists(atPath: path + "/control") else { return false }
        do {
            let format = try XDatabase(readOnly: path + "/control").metadata(formatKey)
            return !format.isEmpty && format != formatVersion
        } catch {
            throw IndexError.from(error, path: path, doing: "read")
        }
    }

    /// The visibility stamp committed with the watermark of the index at `path` (nil if none,
    /// or no index), read without taking the write lock.
    public static func committedVisibility(path: String) throws -> String? {
        guard FileManager.default.fileExists(atPath: path + "/control") else { return nil }
        do {
            let value = try XDatabase(readOnly: path + "/control").metadata(visibilityKey)
            return value.isEmpty ? nil : value
        } catch {
            throw IndexError.from(error, path: path, doing: "read")
        }
    }

    /// The committed watermark of the index at `path` (nil if none, or no index), read
    /// without taking the write lock: for reporting how far the index lags the ledger.
    public static func committedWatermark(path: String) throws -> UInt64? {
        guard FileManager.default.fileExists(atPath: path + "/control") else { return nil }
        do {
            let value = try XDatabase(readOnly: path + "/control").metadata(watermarkKey)
            return value.isEmpty ? nil : UInt64(value)
        } catch {
            throw IndexError.from(error, path: path, doing: "read")
        }
    }

    // MARK: Writing

    /// The ledger position the index is built up to. Setting it is staged and recorded by
    /// the next `commit()`, after the documents.
    public var watermark: UInt64? {
        get { stagedWatermark ?? committedWatermark }
        set { stagedWatermark = .some(newValue) }
    }

    /// Changes staged since the last flush.
    public var stagedChanges: Int { staged }

    /// Indexes an item, replacing any earlier version of it (found by item id, in whichever
    /// visibility shard it was).
    public func index(_ document: IndexDocument) throws {
        try write(Self.prepare(document, generator: generator, scratch: scratch, path: path))
    }

    /// Indexes many items: a batch (commit when done). Large batches are pipelined: a second
    /// thread builds the Xapian documents (term generation, stemming, document data) while
    /// this one writes them, in order, into the single writer. An item that cannot be
    /// indexed stops the batch with its error; the items before it stay staged.
    public func index<S: Sequence>(contentsOf documents: S) throws where S.Element == IndexDocument {
        let items = Array(documents)
        guard items.count >= Self.pipelineMinimum else {
            for item in items { try index(item) }
            return
        }
        let queue = BlockingQueue<Result<PreparedDocument, Error>>(capacity: 64)
        let done = DispatchSemaphore(value: 0)
        let path = self.path
        let producer = Thread {
            defer { done.signal() }
            do {
                let generator = try XTermGenerator(language: IndexSchema.language, stemStrategy: Int32(CX_STEM_SOME))
                try generator.enableCJKNgrams()
                let scratch = try XDocument()
                for item in items {
                    let prepared = Result { try Self.prepare(item, generator: generator, scratch: scratch, path: path) }
                    guard queue.put(prepared) else { break }
                }
            } catch {
                queue.put(.failure(IndexError.from(error, path: path, doing: "index items in")))
            }
            queue.close()
        }
        producer.start()
        defer {
            queue.close()
            done.wait()
        }
        while let next = queue.take() {
            try write(next.get())
        }
    }

    /// Batches at least this large are pipelined.
    static let pipelineMinimum = 32

    /// Removes an item (nothing happens if it is not indexed).
    public func remove(itemID: String) throws {
        let idTerm = try Self.idTerm(itemID)
        if startedEmpty { seen.insert(idTerm) }
        do {
            for (name, shard) in shards { try removeExisting(idTerm, from: shard, named: name) }
        } catch {
            throw IndexError.from(error, path: path, doing: "remove item \(itemID) from")
        }
        try countChange()
    }

    /// The visibility stamp recorded with the next watermark (`committedVisibility`).
    public var visibility: String? {
        get { stagedVisibility }
        set { stagedVisibility = newValue }
    }

    /// Makes every staged change durable, then records the watermark (and the visibility
    /// stamp, in the same commit of the control database).
    public func commit() throws {
        try flush()
        if let value = stagedWatermark {
            do {
                try control.setMetadata(Self.watermarkKey, value.map { String($0) } ?? "")
                if let stamp = stagedVisibility { try control.setMetadata(Self.visibilityKey, stamp) }
                try control.commit()
            } catch {
                throw IndexError.from(error, path: path, doing: "commit")
            }
            committedWatermark = value
            stagedWatermark = nil
        }
    }

    /// Commits staged document changes and closes the databases. The staged watermark is
    /// not recorded: call `commit()` first.
    public func close() throws {
        try flush()
        do {
            for (_, shard) in shards.sorted(by: { $0.key < $1.key }) { try shard.writer.close() }
            try control.close()
        } catch {
            throw IndexError.from(error, path: path, doing: "close")
        }
        shards = [:]
    }

    // MARK: Reading

    /// Documents in the index, staged changes included.
    public var documentCount: Int {
        get throws {
            do {
                return try shards.values.reduce(0) { try $0 + $1.reader.documentCount }
            } catch {
                throw IndexError.from(error, path: path, doing: "read")
            }
        }
    }

    /// Every indexed item id, sorted (for `verify`).
    public func itemIDs() throws -> [String] {
        var ids = Set<String>()
        do {
            for (_, shard) in shards {
                for (term, _) in try shard.reader.allTerms(prefix: IndexSchema.Prefix.itemID) {
                    ids.insert(String(term.dropFirst(IndexSchema.Prefix.itemID.count)))
                }
            }
        } catch {
            throw IndexError.from(error, path: path, doing: "read")
        }
        return ids.sorted()
    }

    // MARK: Internals

    private static func idTerm(_ itemID: String) throws -> String {
        guard !itemID.isEmpty else { throw IndexError.invalidDocument("An item id cannot be empty.") }
        let term = IndexSchema.Prefix.itemID + itemID
        guard term.utf8.count <= IndexSchema.maxTermBytes, !itemID.utf8.contains(0) else {
            throw IndexError.invalidDocument("The item id \"\(itemID.prefix(40))…\" is too long to index.")
        }
        return term
    }

    /// A document built for the writer (off its thread, for batches).
    struct PreparedDocument {
        let itemID: String
        let idTerm: String
        let shardName: String
        let document: XDocument
        /// The document's unprefixed terms with their wdf: its words for the spelling data.
        let spelling: [(term: String, wdf: UInt32)]
    }

    /// Builds the Xapian document of an item. Uses `generator` and leaves it pointing at
    /// `scratch`, so that the built document is referred to by nothing else and can be
    /// handed to another thread.
    static func prepare(_ item: IndexDocument, generator: XTermGenerator, scratch: XDocument,
                        path: String) throws -> PreparedDocument {
        let idTerm = try idTerm(item.itemID)
        do {
            let document = try makeDocument(item, generator: generator)
            try generator.setDocument(scratch)
            let spelling = try spellingWords(of: document)
            return PreparedDocument(
                itemID: item.itemID, idTerm: idTerm,
                shardName: IndexSchema.shardName(classification: item.classification, sensitive: item.sensitive),
                document: document, spelling: spelling)
        } catch {
            throw IndexError.from(error, path: path, doing: "index item \(item.itemID) in")
        }
    }

    /// Writes a prepared document into its shard, after removing any earlier version of the
    /// item from every shard (and its words from that shard's spelling data).
    private func write(_ prepared: PreparedDocument) throws {
        do {
            let target = try shard(named: prepared.shardName)
            try markSpellingPending(prepared.shardName)
            // A rebuild into an empty index need not look for earlier versions.
            let mayExist = !startedEmpty || seen.contains(prepared.idTerm)
            if startedEmpty { seen.insert(prepared.idTerm) }
            if mayExist {
                for (other, shard) in shards where other != prepared.shardName {
                    try removeExisting(prepared.idTerm, from: shard, named: other)
                }
                if let old = try target.reader.firstDocument(withTerm: prepared.idTerm) {
                    try stageSpelling(of: old, shardName: prepared.shardName, sign: -1)
                }
                try target.writer.replaceDocument(term: prepared.idTerm, prepared.document)
            } else {
                try target.writer.addDocument(prepared.document)
            }
            try stageSpelling(prepared.spelling, shardName: prepared.shardName, sign: 1)
        } catch {
            throw IndexError.from(error, path: path, doing: "index item \(prepared.itemID) in")
        }
        try countChange()
    }

    /// A document's terms that go into the spelling data (`isWord`), with their wdf.
    static func spellingWords(of document: XDocument) throws(XapianFailure) -> [(term: String, wdf: UInt32)] {
        try document.terms().filter { isWord($0.term) }
    }

    /// Whether a term goes into the spelling data: an unprefixed term (a word as written,
    /// lower-cased; not a stem or a field term) without digits and of at most 40 bytes
    /// (numbers, references and hashes are not words to suggest, and only slow indexing).
    static func isWord(_ term: String) -> Bool {
        let utf8 = term.utf8
        guard let first = utf8.first, utf8.count <= 40, !(first >= UInt8(ascii: "A") && first <= UInt8(ascii: "Z")) else {
            return false
        }
        return !utf8.contains { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }

    private func shard(named name: String) throws(XapianFailure) -> Shard {
        if let shard = shards[name] { return shard }
        let writer = try XWritable(path: path + "/shards/" + name)
        let shard = Shard(writer: writer, reader: try writer.reader())
        shards[name] = shard
        return shard
    }

    private func removeExisting(_ idTerm: String, from shard: Shard, named name: String) throws(XapianFailure) {
        guard try shard.reader.termExists(idTerm) else { return }
        if let old = try shard.reader.firstDocument(withTerm: idTerm) {
            try stageSpelling(of: old, shardName: name, sign: -1)
        }
        try shard.writer.deleteDocuments(term: idTerm)
    }

    /// Stages a document's words (`isWord`), each with its wdf, as an addition to (sign 1)
    /// or a removal from (sign -1) its shard's spelling data, so that removing exactly
    /// undoes adding. Staged changes are summed per word and applied at the batch's commit:
    /// one Xapian call per word and batch rather than per word and document.
    private func stageSpelling(of document: XDocument, shardName: String, sign: Int) throws(XapianFailure) {
        try stageSpelling(try Self.spellingWords(of: document), shardName: shardName, sign: sign)
    }

    private func stageSpelling(_ words: [(term: String, wdf: UInt32)], shardName: String,
                               sign: Int) throws(XapianFailure) {
        try markSpellingPending(shardName)
        // Taken out of the dictionary while it changes: a copy left behind would make Swift
        // copy the whole table (every word of the batch) on every document.
        var deltas = spellingDeltas.removeValue(forKey: shardName) ?? [:]
        defer { spellingDeltas[shardName] = deltas }
        for (term, wdf) in words { deltas[term, default: 0] += sign * Int(wdf) }
    }

    /// Marks a shard whose spelling changes are about to be held back, before any change to
    /// it: the mark is then in every commit that holds such a change.
    private func markSpellingPending(_ shardName: String) throws(XapianFailure) {
        guard !spellingPending.contains(shardName) else { return }
        try shard(named: shardName).writer.setMetadata(Self.spellingKey, "pending")
        spellingPending.insert(shardName)
    }

    /// Stages the held spelling changes of every shard and the clearing of their marks (the
    /// caller commits the shards).
    private func applySpelling() throws(XapianFailure) {
        for (name, deltas) in spellingDeltas.sorted(by: { $0.key < $1.key }) {
            guard let shard = shards[name] else { continue }
            for (word, delta) in deltas where delta != 0 {
                if delta > 0 {
                    try shard.writer.addSpelling(word, UInt32(clamping: delta))
                } else {
                    try shard.writer.removeSpelling(word, UInt32(clamping: -delta))
                }
            }
            spellingDeltas[name] = nil
        }
        for name in spellingPending.sorted() {
            guard let shard = shards[name] else { continue }
            try shard.writer.setMetadata(Self.spellingKey, "")
            spellingPending.remove(name)
        }
    }

    private func countChange() throws {
        staged += 1
        if staged >= max(1, flushThreshold) { try flush(automatic: true) }
    }

    /// Commits the shards. An automatic flush (bounding memory within a batch) holds the
    /// spelling changes back, unless there are too many; the others apply them.
    private func flush(automatic: Bool = false) throws {
        guard staged > 0 || (!automatic && !spellingPending.isEmpty) else { return }
        do {
            let held = spellingDeltas.values.reduce(0) { $0 + $1.count }
            if !automatic || held > Self.maxDeferredSpellingWords { try applySpelling() }
            for (_, shard) in shards.sorted(by: { $0.key < $1.key }) { try shard.writer.commit() }
        } catch {
            throw IndexError.from(error, path: path, doing: "commit")
        }
        staged = 0
    }

    private static func makeDocument(_ item: IndexDocument, generator tg: XTermGenerator) throws(XapianFailure) -> XDocument {
        typealias P = IndexSchema.Prefix
        typealias S = IndexSchema.Slot
        let doc = try XDocument()
        try tg.setDocument(doc)
        try tg.indexText(item.text)
        // The prefixed copies of the title, fields and file name (for `title:`, `subject:`,
        // …) are indexed with wdf 0: each is also indexed as plain text, and BM25 divides by
        // the document length (the sum of the wdf), so counting their words twice made an
        // item with a title or long headers (an email) look longer than the same words
        // without them, and shifted its score in every free-text search. With wdf 0 an item
        // scores what its words give it: on Cranfield the product's ranking is identical to
        // plain Xapian's over the same words (scripts/bench-search.sh; counted twice, MAP
        // moved from 0.2915 to 0.2920 by that bias). The copies keep their positions
        // (phrases within a field work) and match as before; a search for a field alone is
        // ranked by the rest of the query, then by date.
        if let title = item.title, !title.isEmpty {
            try tg.increaseTermPosition()
            try tg.indexText(title, wdfIncrement: 0, prefix: P.title)
            try tg.increaseTermPosition()
            try tg.indexText(title)
        }
        for (key, value) in item.fields.sorted(by: { $0.key < $1.key }) where !value.isEmpty {
            if let prefix = IndexSchema.prefixedExtractedFields[key.lowercased()] {
                try tg.increaseTermPosition()
                try tg.indexText(value, wdfIncrement: 0, prefix: prefix)
            }
            try tg.increaseTermPosition()
            try tg.indexText(value)
        }
        // A photo's camera, make and model as one phrase (`camera:"google pixel 7"`); their words
        // are in the plain text already, as fields.
        let make = item.fields[IndexSchema.ImageField.make], model = item.fields[IndexSchema.ImageField.model]
        if let camera = ImageMetadata.cameraName(make: make, model: model) {
            try tg.increaseTermPosition()
            try tg.indexText(camera, wdfIncrement: 0, prefix: P.camera)
        }
        if let name = item.fileName, !name.isEmpty {
            try tg.increaseTermPosition()
            try tg.indexText(name, wdfIncrement: 0, prefix: P.name)
            try tg.increaseTermPosition()
            try tg.indexText(name)
        }

        func boolean(_ prefix: String, _ value: String?) throws(XapianFailure) {
            guard let value, !IndexSchema.normalise(value).isEmpty else { return }
            try doc.addBooleanTerm(IndexSchema.booleanTerm(prefix, value))
        }
        try doc.addBooleanTerm(IndexSchema.Prefix.itemID + item.itemID)
        try boolean(P.parentID, item.parentID)
        try boolean(P.caseID, item.caseID)
        try boolean(P.caseReference, item.caseReference)
        try boolean(P.kind, item.kind)
        try boolean(P.exhibitRef, item.exhibitRef)
        try boolean(P.officer, item.officer)
        try boolean(P.fileName, item.fileName)
        try boolean(P.mediaType, item.mediaType)
        try boolean(P.classification, item.classification)
        try boolean(P.sensitive, item.sensitive ? "yes" : "no")
        try doc.addBooleanTerm(IndexSchema.visibilityTerm(
            caseID: item.caseID, shard: IndexSchema.shardName(classification: item.classification, sensitive: item.sensitive)))
        try boolean(P.status, item.disclosureStatus)
        try boolean(P.sha256, item.sha256)
        try boolean(P.extraction, item.extraction.rawValue)

        let (day, month) = IndexSchema.day(item.date)
        try doc.addValue(S.day, day)
        try doc.addValue(S.time, bytes: sortableSerialise(Double(item.date)))
        try doc.addValue(S.caseReference, item.caseReference)
        try doc.addValue(S.kind, IndexSchema.normalise(item.kind))
        try doc.addValue(S.mediaType, IndexSchema.normalise(field: P.mediaType, item.mediaType))
        if let officer = item.officer, !IndexSchema.normalise(officer).isEmpty {
            try doc.addValue(S.officer, officer.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        try doc.addValue(S.month, month)
        try doc.addValue(S.classification, IndexSchema.normalise(item.classification))
        try doc.addValue(S.visibilityClass, IndexSchema.classValue(
            caseID: item.caseID, shard: IndexSchema.shardName(classification: item.classification, sensitive: item.sensitive)))
        if let make = make?.trimmingCharacters(in: .whitespacesAndNewlines), !make.isEmpty { try doc.addValue(S.cameraMake, make) }
        if let model = model?.trimmingCharacters(in: .whitespacesAndNewlines), !model.isEmpty {
            try doc.addValue(S.cameraModel, model)
        }
        if let taken = IndexSchema.takenDay(item.fields[IndexSchema.ImageField.dateTaken]) { try doc.addValue(S.takenDay, taken) }
        let snippetSource = Self.snippetSource(item)
        if !snippetSource.isEmpty { try doc.addValue(S.snippetText, snippetSource) }

        let stored = StoredItem(
            id: item.itemID, parent: item.parentID, caseID: item.caseID, caseRef: item.caseReference,
            kind: item.kind, ref: item.exhibitRef, name: item.fileName, title: item.title,
            type: IndexSchema.normalise(field: P.mediaType, item.mediaType), date: item.date,
            officer: item.officer.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : $0 },
            classification: item.classification, sensitive: item.sensitive, status: item.disclosureStatus,
            extraction: item.extraction.rawValue, extractionReason: item.extractionReason, ocr: item.ocr)
        do {
            try doc.setData(StoredItem.encode(stored))
        } catch let error as XapianFailure {
            throw error
        } catch {
            throw XapianFailure(raw: "Error: could not encode the document data: \(error)")
        }
        return doc
    }

    /// The text snippets are cut from: the body, or the title, fields and file name when
    /// there is no body; capped, and without the highlight marker characters.
    static func snippetSource(_ item: IndexDocument) -> String {
        var source = item.text
        if source.allSatisfy(\.isWhitespace) {
            var parts: [String] = []
            if let title = item.title { parts.append(title) }
            for (key, value) in item.fields.sorted(by: { $0.key < $1.key }) { parts.append("\(key): \(value)") }
            if let name = item.fileName { parts.append(name) }
            source = parts.joined(separator: "\n")
        }
        if source.utf8.count > IndexSchema.maxSnippetSourceBytes {
            var end = source.utf8.index(source.utf8.startIndex, offsetBy: IndexSchema.maxSnippetSourceBytes)
            while end > source.startIndex, String.Index(end, within: source.unicodeScalars) == nil {
                end = source.utf8.index(before: end)
            }
            source = String(String.UnicodeScalarView(source.unicodeScalars[..<end]))
        }
        if source.unicodeScalars.contains(where: { $0 == "\u{E000}" || $0 == "\u{E001}" }) {
            source.unicodeScalars.removeAll { $0 == "\u{E000}" || $0 == "\u{E001}" }
        }
        return source
    }
}

import CXapian

// Thin owning wrappers over the CXapian handles. Internal: the public API is CaseIndex and
// Searcher. Each wrapper frees its handle in deinit; none is shared across threads.

/// An error reported by libxapian through the shim: its Xapian type ("DatabaseLockError",
/// "QueryParserError", …) and message.
struct XapianFailure: Error, CustomStringConvertible {
    let type: String
    let message: String

    init(raw: String) {
        if let colon = raw.firstIndex(of: ":"), !raw[..<colon].contains(" ") {
            type = String(raw[..<colon])
            message = String(raw[raw.index(after: colon)...]).trimmingLeadingSpaces()
        } else {
            type = "Error"
            message = raw
        }
    }

    var description: String { "\(type): \(message)" }
}

extension String {
    fileprivate func trimmingLeadingSpaces() -> String {
        String(drop(while: { $0 == " " }))
    }
}

/// Runs a shim call with an error out-parameter and throws what it reports.
@inline(__always)
func xapian<T>(_ body: (UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> T) throws(XapianFailure) -> T {
    var error: UnsafeMutablePointer<CChar>? = nil
    let result = body(&error)
    if let error {
        let message = String(cString: error)
        cxapian_free_string(error)
        throw XapianFailure(raw: message)
    }
    return result
}

/// Calls `body` with the UTF-8 bytes of `string` as (pointer, length), binary-safe.
@inline(__always)
func withBytes<R>(_ string: String, _ body: (UnsafePointer<CChar>?, Int) throws -> R) rethrows -> R {
    var string = string
    return try string.withUTF8 { buffer in
        try buffer.withMemoryRebound(to: CChar.self) { try body($0.baseAddress, $0.count) }
    }
}

/// Takes ownership of a malloc'd string returned by the shim.
func takeString(_ pointer: UnsafeMutablePointer<CChar>?, _ length: Int) -> String {
    guard let pointer else { return "" }
    defer { cxapian_free_string(pointer) }
    return String(decoding: UnsafeRawBufferPointer(start: pointer, count: length), as: UTF8.self)
}

final class XDatabase {
    let handle: OpaquePointer

    init(handle: OpaquePointer) { self.handle = handle }

    /// An empty database to which shards are added.
    convenience init() throws(XapianFailure) {
        let h = try xapian { cx_database_new($0) }
        guard let h else { throw XapianFailure(raw: "Error: no database handle") }
        self.init(handle: h)
    }

    convenience init(readOnly path: String) throws(XapianFailure) {
        let h = try xapian { cx_database_open(path, $0) }
        guard let h else { throw XapianFailure(raw: "Error: no database handle") }
        self.init(handle: h)
    }

    deinit { cx_database_free(handle) }

    func add(_ other: XDatabase) throws(XapianFailure) {
        _ = try xapian { cx_database_add_database(handle, other.handle, $0) }
    }

    @discardableResult
    func reopen() throws(XapianFailure) -> Bool {
        try xapian { cx_database_reopen(handle, $0) } == 1
    }

    var documentCount: Int {
        get throws(XapianFailure) { Int(try xapian { cx_database_doccount(handle, $0) }) }
    }

    func termExists(_ term: String) throws(XapianFailure) -> Bool {
        try xapian { err in withBytes(term) { cx_database_term_exists(handle, $0, $1, err) } } == 1
    }

    func firstDocument(withTerm term: String) throws(XapianFailure) -> XDocument? {
        let docid = try xapian { err in withBytes(term) { cx_database_first_docid(handle, $0, $1, err) } }
        guard docid != 0 else { return nil }
        let h = try xapian { cx_database_get_document(handle, docid, $0) }
        return h.map(XDocument.init(handle:))
    }

    func metadata(_ key: String) throws(XapianFailure) -> String {
        var length = 0
        let p = try xapian { err in withBytes(key) { cx_database_get_metadata(handle, $0, $1, &length, err) } }
        return takeString(p, length)
    }

    /// All terms with `prefix`, with their term frequencies.
    func allTerms(prefix: String) throws(XapianFailure) -> [(term: String, frequency: Int)] {
        let it = try xapian { err in withBytes(prefix) { cx_database_allterms(handle, $0, $1, err) } }
        guard let it else { return [] }
        return try XTermIterator(handle: it).collect()
    }

    /// Each term with `prefix`, in byte order, without collecting them.
    func forEachTerm(prefix: String, _ body: (String) -> Void) throws(XapianFailure) {
        let it = try xapian { err in withBytes(prefix) { cx_database_allterms(handle, $0, $1, err) } }
        guard let it else { return }
        try XTermIterator(handle: it).forEach { term, _, _ in body(term) }
    }

    /// Every word of the spelling data with its frequency, in byte order.
    func allSpellings() throws(XapianFailure) -> [(term: String, frequency: Int)] {
        let it = try xapian { cx_database_spellings(handle, $0) }
        guard let it else { return [] }
        return try XTermIterator(handle: it).collect()
    }

    func spellingSuggestion(_ word: String, maxEditDistance: UInt32 = 2) throws(XapianFailure) -> String {
        var length = 0
        let p = try xapian { err in
            withBytes(word) { cx_database_spelling_suggestion(handle, $0, $1, maxEditDistance, &length, err) }
        }
        return takeString(p, length)
    }
}

final class XWritable {
    let handle: OpaquePointer

    init(path: String) throws(XapianFailure) {
        let h = try xapian { cx_writable_open(path, $0) }
        guard let h else { throw XapianFailure(raw: "Error: no database handle") }
        handle = h
    }

    deinit { cx_writable_free(handle) }

    func close() throws(XapianFailure) { _ = try xapian { cx_writable_close(handle, $0) } }

    func reader() throws(XapianFailure) -> XDatabase {
        let h = try xapian { cx_writable_reader(handle, $0) }
        guard let h else { throw XapianFailure(raw: "Error: no database handle") }
        return XDatabase(handle: h)
    }

    func commit() throws(XapianFailure) { _ = try xapian { cx_writable_commit(handle, $0) } }

    func setMetadata(_ key: String, _ value: String) throws(XapianFailure) {
        _ = try xapian { err in
            withBytes(key) { k, kl in withBytes(value) { cx_writable_set_metadata(handle, k, kl, $0, $1, err) } }
        }
    }

    func replaceDocument(term: String, _ document: XDocument) throws(XapianFailure) {
        _ = try xapian { err in
            withBytes(term) { cx_writable_replace_document_by_term(handle, $0, $1, document.handle, err) }
        }
    }

    func addDocument(_ document: XDocument) throws(XapianFailure) {
        _ = try xapian { cx_writable_add_document(handle, document.handle, $0) }
    }

    func deleteDocuments(term: String) throws(XapianFailure) {
        _ = try xapian { err in withBytes(term) { cx_writable_delete_document_by_term(handle, $0, $1, err) } }
    }

    func addSpelling(_ word: String, _ frequency: UInt32) throws(XapianFailure) {
        _ = try xapian { err in withBytes(word) { cx_writable_add_spelling(handle, $0, $1, frequency, err) } }
    }

    func removeSpelling(_ word: String, _ frequency: UInt32) throws(XapianFailure) {
        _ = try xapian { err in withBytes(word) { cx_writable_remove_spelling(handle, $0, $1, frequency, err) } }
    }
}

final class XDocument {
    let handle: OpaquePointer

    init(handle: OpaquePointer) { self.handle = handle }

    convenience init() throws(XapianFailure) {
        let h = try xapian { cx_document_new($0) }
        guard let h else { throw XapianFailure(raw: "Error: no document handle") }
        self.init(handle: h)
    }

    deinit { cx_document_free(handle) }

    var data: String {
        get throws(XapianFailure) {
            var length = 0
            let p = try xapian { cx_document_get_data(handle, &length, $0) }
            return takeString(p, length)
        }
    }

    func setData(_ data: String) throws(XapianFailure) {
        _ = try xapian { err in withBytes(data) { cx_document_set_data(handle, $0, $1, err) } }
    }

    func addBooleanTerm(_ term: String) throws(XapianFailure) {
        _ = try xapian { err in withBytes(term) { cx_document_add_boolean_term(handle, $0, $1, err) } }
    }

    func addValue(_ slot: UInt32, _ value: String) throws(XapianFailure) {
        _ = try xapian { err in withBytes(value) { cx_document_add_value(handle, slot, $0, $1, err) } }
    }

    func addValue(_ slot: UInt32, bytes: [UInt8]) throws(XapianFailure) {
        _ = try xapian { err in
            bytes.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) { cx_document_add_value(handle, slot, $0.baseAddress, $0.count, err) }
            }
        }
    }

    func value(_ slot: UInt32) throws(XapianFailure) -> String {
        var length = 0
        let p = try xapian { cx_document_get_value(handle, slot, &length, $0) }
        return takeString(p, length)
    }

    /// The document's terms with their wdf.
    func terms() throws(XapianFailure) -> [(term: String, wdf: UInt32)] {
        let it = try xapian { cx_document_termlist(handle, $0) }
        guard let it else { return [] }
        let iterator = XTermIterator(handle: it)
        var out: [(String, UInt32)] = []
        try iterator.forEach { term, wdf, _ in out.append((term, wdf)) }
        return out
    }
}

final class XTermIterator {
    let handle: OpaquePointer

    init(handle: OpaquePointer) { self.handle = handle }
    deinit { cx_termiter_free(handle) }

    func forEach(_ body: (String, UInt32, UInt32) throws(XapianFailure) -> Void) throws(XapianFailure) {
        while true {
            var term: UnsafePointer<CChar>? = nil
            var length = 0
            var wdf: UInt32 = 0
            var frequency: UInt32 = 0
            let r = try xapian { cx_termiter_next(handle, &term, &length, &wdf, &frequency, $0) }
            guard r == 1, let term else { return }
            let s = String(decoding: UnsafeRawBufferPointer(start: term, count: length), as: UTF8.self)
            try body(s, wdf, frequency)
        }
    }

    func collect() throws(XapianFailure) -> [(term: String, frequency: Int)] {
        var out: [(String, Int)] = []
        try forEach { term, _, frequency in out.append((term, Int(frequency))) }
        return out
    }
}

final class XTermGenerator {
    let handle: OpaquePointer

    init(language: String, stemStrategy: Int32 = Int32(CX_STEM_SOME)) throws(XapianFailure) {
        let h = try xapian { cx_termgen_new(language, stemStrategy, $0) }
        guard let h else { throw XapianFailure(raw: "Error: no term generator handle") }
        handle = h
    }

    /// Splits spans of Chinese, Japanese and Korean characters into unigrams and bigrams, so
    /// that a word inside a CJK sentence (which has no spaces) is found; other scripts are
    /// split into words as before. Queries must be parsed with `CX_FLAG_CJK_NGRAM` to match.
    func enableCJKNgrams() throws(XapianFailure) {
        let flag = UInt32(CX_TERMGEN_FLAG_CJK_NGRAM)
        _ = try xapian { cx_termgen_set_flags(handle, flag, ~flag, $0) }
    }

    deinit { cx_termgen_free(handle) }

    /// The generator refers to `document` until the next call: keep it alive meanwhile.
    func setDocument(_ document: XDocument) throws(XapianFailure) {
        _ = try xapian { cx_termgen_set_document(handle, document.handle, $0) }
    }

    func indexText(_ text: String, wdfIncrement: UInt32 = 1, prefix: String = "") throws(XapianFailure) {
        _ = try xapian { err in
            withBytes(text) { t, tl in
                withBytes(prefix) { cx_termgen_index_text(handle, t, tl, wdfIncrement, $0, $1, err) }
            }
        }
    }

    func increaseTermPosition(_ delta: UInt32 = 100) throws(XapianFailure) {
        _ = try xapian { cx_termgen_increase_termpos(handle, delta, $0) }
    }
}

final class XQuery {
    let handle: OpaquePointer

    init(handle: OpaquePointer) { self.handle = handle }
    deinit { cx_query_free(handle) }

    static func term(_ term: String) throws(XapianFailure) -> XQuery {
        let h = try xapian { err in withBytes(term) { cx_query_term($0, $1, err) } }
        guard let h else { throw XapianFailure(raw: "Error: no query handle") }
        return XQuery(handle: h)
    }

    static func matchAll() throws(XapianFailure) -> XQuery {
        let h = try xapian { cx_query_match_all($0) }
        guard let h else { throw XapianFailure(raw: "Error: no query handle") }
        return XQuery(handle: h)
    }

    static func combine(_ op: Int32, _ subqueries: [XQuery]) throws(XapianFailure) -> XQuery {
        let handles: [OpaquePointer?] = subqueries.map { $0.handle }
        let h = try xapian { err in
            handles.withUnsafeBufferPointer { buffer in cx_query_combine(op, buffer.baseAddress, buffer.count, err) }
        }
        guard let h else { throw XapianFailure(raw: "Error: no query handle") }
        return XQuery(handle: h)
    }

    /// `query` with its weights multiplied by `factor` (0: it filters and adds no weight).
    static func scaled(_ query: XQuery, by factor: Double) throws(XapianFailure) -> XQuery {
        let h = try xapian { cx_query_scale_weight(query.handle, factor, $0) }
        guard let h else { throw XapianFailure(raw: "Error: no query handle") }
        return XQuery(handle: h)
    }

    var isEmpty: Bool { cx_query_empty(handle) == 1 }

    var description: String {
        var length = 0
        guard let p = try? xapian({ cx_query_description(handle, &length, $0) }) else { return "" }
        return takeString(p, length)
    }
}

final class XQueryParser {
    let handle: OpaquePointer

    init() throws(XapianFailure) {
        let h = try xapian { cx_queryparser_new($0) }
        guard let h else { throw XapianFailure(raw: "Error: no query parser handle") }
        handle = h
    }

    deinit { cx_queryparser_free(handle) }

    func setStemmer(_ language: String, strategy: Int32 = Int32(CX_STEM_SOME)) throws(XapianFailure) {
        _ = try xapian { cx_queryparser_set_stemmer(handle, language, strategy, $0) }
    }

    func setDefaultOperator(_ op: Int32) throws(XapianFailure) {
        _ = try xapian { cx_queryparser_set_default_op(handle, op, $0) }
    }

    func setDatabase(_ database: XDatabase) throws(XapianFailure) {
        _ = try xapian { cx_queryparser_set_database(handle, database.handle, $0) }
    }

    func setMaxWildcardExpansion(_ max: UInt32) throws(XapianFailure) {
        _ = try xapian {
            cx_queryparser_set_max_expansion(handle, max, Int32(CX_WILDCARD_LIMIT_ERROR), UInt32(CX_FLAG_WILDCARD), $0)
        }
    }

    func addPrefix(_ field: String, _ prefix: String) throws(XapianFailure) {
        _ = try xapian { cx_queryparser_add_prefix(handle, field, prefix, $0) }
    }

    func addBooleanPrefix(_ field: String, _ prefix: String) throws(XapianFailure) {
        _ = try xapian { cx_queryparser_add_boolean_prefix(handle, field, prefix, $0) }
    }

    func addDateRange(slot: UInt32, prefix: String?) throws(XapianFailure) {
        _ = try xapian { err in
            if let prefix {
                return cx_queryparser_add_date_range(handle, slot, prefix, 0, 1970, err)
            }
            return cx_queryparser_add_date_range(handle, slot, nil, 0, 1970, err)
        }
    }

    func parse(_ query: String, flags: UInt32) throws(XapianFailure) -> XQuery {
        let h = try xapian { err in withBytes(query) { cx_queryparser_parse(handle, $0, $1, flags, nil, err) } }
        guard let h else { throw XapianFailure(raw: "Error: no query handle") }
        return XQuery(handle: h)
    }

    func correctedQuery() throws(XapianFailure) -> String {
        var length = 0
        let p = try xapian { cx_queryparser_corrected_query(handle, &length, $0) }
        return takeString(p, length)
    }
}

final class XValueSpy {
    let handle: OpaquePointer

    init(slot: UInt32) throws(XapianFailure) {
        let h = try xapian { cx_valuespy_new(slot, $0) }
        guard let h else { throw XapianFailure(raw: "Error: no match spy handle") }
        handle = h
    }

    deinit { cx_valuespy_free(handle) }

    func counts() throws(XapianFailure) -> [(value: String, count: Int)] {
        let it = try xapian { cx_valuespy_values(handle, $0) }
        guard let it else { return [] }
        return try XTermIterator(handle: it).collect().map { ($0.term, $0.frequency) }
    }
}

final class XEnquire {
    let handle: OpaquePointer
    /// Spies the Enquire refers to, kept alive as long as it is.
    private var spies: [XValueSpy] = []

    init(_ database: XDatabase) throws(XapianFailure) {
        let h = try xapian { cx_enquire_new(database.handle, $0) }
        guard let h else { throw XapianFailure(raw: "Error: no enquire handle") }
        handle = h
    }

    deinit { cx_enquire_free(handle) }

    func setQuery(_ query: XQuery) throws(XapianFailure) {
        _ = try xapian { cx_enquire_set_query(handle, query.handle, $0) }
    }

    func sortByValueThenRelevance(_ slot: UInt32, reverse: Bool) throws(XapianFailure) {
        _ = try xapian { cx_enquire_set_sort_by_value_then_relevance(handle, slot, reverse ? 1 : 0, $0) }
    }

    func add(_ spy: XValueSpy) throws(XapianFailure) {
        _ = try xapian { cx_enquire_add_matchspy(handle, spy.handle, $0) }
        spies.append(spy)
    }

    func mset(first: Int, count: Int, checkAtLeast: Int) throws(XapianFailure) -> XMSet {
        let h = try xapian {
            cx_enquire_get_mset(handle, UInt32(clamping: first), UInt32(clamping: count), UInt32(clamping: checkAtLeast), $0)
        }
        guard let h else { throw XapianFailure(raw: "Error: no match set handle") }
        return XMSet(handle: h, enquire: self)
    }
}

final class XMSet {
    let handle: OpaquePointer
    /// The Enquire (and its spies) this MSet came from.
    private let enquire: XEnquire

    init(handle: OpaquePointer, enquire: XEnquire) {
        self.handle = handle
        self.enquire = enquire
    }

    deinit { cx_mset_free(handle) }

    var count: Int { Int(cx_mset_size(handle)) }

    func matches() throws(XapianFailure) -> (lower: Int, estimated: Int, upper: Int) {
        var lower: UInt32 = 0, estimated: UInt32 = 0, upper: UInt32 = 0
        _ = try xapian { cx_mset_matches(handle, &lower, &estimated, &upper, $0) }
        return (Int(lower), Int(estimated), Int(upper))
    }

    func item(_ index: Int) throws(XapianFailure) -> (docid: UInt32, rank: Int, percent: Int, weight: Double) {
        var docid: UInt32 = 0, rank: UInt32 = 0, percent: Int32 = 0, weight = 0.0
        _ = try xapian { cx_mset_item(handle, UInt32(index), &docid, &rank, &percent, &weight, $0) }
        return (docid, Int(rank), Int(percent), weight)
    }

    func document(_ index: Int) throws(XapianFailure) -> XDocument {
        let h = try xapian { cx_mset_document(handle, UInt32(index), $0) }
        guard let h else { throw XapianFailure(raw: "Error: no document handle") }
        return XDocument(handle: h)
    }

    func snippet(_ text: String, length: Int, language: String, flags: UInt32,
                 highlightStart: String, highlightEnd: String, omit: String) throws(XapianFailure) -> String {
        var resultLength = 0
        let p = try xapian { err in
            withBytes(text) {
                cx_mset_snippet(handle, $0, $1, length, language, flags, highlightStart, highlightEnd, omit,
                                &resultLength, err)
            }
        }
        return takeString(p, resultLength)
    }
}

/// Xapian's sortable_serialise: a byte string whose order is the numeric order.
func sortableSerialise(_ value: Double) -> [UInt8] {
    var buffer = [CChar](repeating: 0, count: 9)
    let n = buffer.withUnsafeMutableBufferPointer { cx_sortable_serialise(value, $0.baseAddress) }
    return buffer.prefix(n).map { UInt8(bitPattern: $0) }
}

/// State shared by every extractor working on one input file (an email and its attachments,
/// an mbox and its messages), so that the limits bound the whole file and not each part.
/// Used by one synchronous call at a time and never shared between tasks.
final class TextExtractionContext {
    let limits: ExtractionLimits
    /// Bytes produced by base64/quoted-printable decoding and copied out as child bytes.
    private(set) var expandedBytes = 0
    private(set) var childCount = 0
    /// MIME entities visited: bounds the work on a message of a million empty parts.
    private(set) var entityCount = 0

    /// Most MIME entities walked per input file.
    static let maxEntities = 100_000

    /// Deepest nesting any extractor recurses into: `maxDepth`, but never so deep that the
    /// recursion (a few frames per level) could exhaust a thread's stack.
    let maxDepth: Int
    static let recursionCap = 100

    init(limits: ExtractionLimits) {
        self.limits = limits
        self.maxDepth = max(0, min(limits.maxDepth, Self.recursionCap))
    }

    var expandedBudgetLeft: Int { max(0, limits.maxExpandedBytes - expandedBytes) }

    /// Records `count` more expanded bytes; false (and nothing recorded) past the limit.
    func reserveExpanded(_ count: Int) -> Bool {
        guard count <= expandedBudgetLeft else { return false }
        expandedBytes += count
        return true
    }

    /// Claims one child item; false once the file has produced `maxChildren`.
    func reserveChild() -> Bool {
        guard childCount < limits.maxChildren else { return false }
        childCount += 1
        return true
    }

    func enterEntity() -> Bool {
        guard entityCount < Self.maxEntities else { return false }
        entityCount += 1
        return true
    }
}

/// What went wrong while extracting one document: a few short clauses that become the
/// outcome's one-sentence reason.
struct TextExtractionNotes {
    private(set) var items: [String] = []

    var isEmpty: Bool { items.isEmpty }

    mutating func add(_ note: String) {
        if items.count < 6 && !items.contains(note) { items.append(note) }
    }

    /// "Text truncated at 16777216 bytes; unknown charset x-foo read as UTF-8."
    var reason: String? {
        guard let first = items.first else { return nil }
        let joined = ([first.prefix(1).uppercased() + first.dropFirst()] + items.dropFirst()).joined(separator: "; ")
        return joined + "."
    }
}

/// Text accumulated up to the per-document limit, cut on a character boundary.
struct TextBuilder {
    private(set) var bytes: [UInt8] = []
    let limit: Int
    private(set) var truncated = false

    init(limit: Int) {
        self.limit = max(0, limit)
    }

    var isEmpty: Bool { bytes.isEmpty }
    var isFull: Bool { truncated }
    var last: UInt8? { bytes.last }

    /// Appends UTF-8 bytes (a whole number of characters); past the limit, keeps what fits.
    mutating func append<C: Collection<UInt8>>(_ utf8: C) {
        guard !truncated else { return }
        let room = limit - bytes.count
        if utf8.count <= room {
            bytes.append(contentsOf: utf8)
            return
        }
        let chunk = Array(utf8)
        var cut = room
        // Back off to the start of the character the limit falls inside.
        while cut > 0 && cut < chunk.count && chunk[cut] & 0xC0 == 0x80 { cut -= 1 }
        bytes.append(contentsOf: chunk[0..<cut])
        truncated = true
    }

    mutating func append(_ s: String) { append(Array(s.utf8)) }

    mutating func append(byte: UInt8) {
        guard !truncated else { return }
        if bytes.count < limit { bytes.append(byte) } else { truncated = true }
    }

    var string: String { String(decoding: bytes, as: UTF8.self) }

    var truncationNote: String { "text truncated at the limit of \(limit) bytes" }
}

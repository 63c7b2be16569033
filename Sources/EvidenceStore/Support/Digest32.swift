/// 32 bytes held inline (no heap buffer, unlike `[UInt8]`): a SHA-256 kept per item by the
/// checks that run over every item of a ledger, where an array per value would cost more than
/// the value.
struct Digest32: Hashable, Sendable {
    private var words: (UInt64, UInt64, UInt64, UInt64)

    /// Nil unless `bytes` holds exactly 32 bytes.
    init?(_ bytes: [UInt8]) {
        guard bytes.count == 32 else { return nil }
        func word(_ at: Int) -> UInt64 {
            bytes[at..<(at + 8)].reduce(0) { $0 << 8 | UInt64($1) }
        }
        words = (word(0), word(8), word(16), word(24))
    }

    /// The SHA-256 of `text`'s UTF-8, which names it in a set without keeping it; nil only
    /// when hashing fails (the crypto library out of memory).
    init?(hashing text: String) {
        guard let digest = try? SHA256.hash(Array(text.utf8)) else { return nil }
        self.init(digest)
    }

    var bytes: [UInt8] {
        [words.0, words.1, words.2, words.3].flatMap { word in
            (0..<8).map { UInt8(truncatingIfNeeded: word >> (56 - 8 * UInt64($0))) }
        }
    }

    /// All zero bits: no SHA-256 output anyone can produce on purpose, so it stands for "none".
    static let zero = Digest32(words: (0, 0, 0, 0))

    private init(words: (UInt64, UInt64, UInt64, UInt64)) {
        self.words = words
    }

    static func == (lhs: Digest32, rhs: Digest32) -> Bool {
        lhs.words == rhs.words
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(words.0)
        hasher.combine(words.1)
        hasher.combine(words.2)
        hasher.combine(words.3)
    }
}

extension Digest32: Comparable {
    /// Byte order (the words are big-endian), so that sorted digests can be searched.
    static func < (lhs: Digest32, rhs: Digest32) -> Bool {
        lhs.words < rhs.words
    }
}

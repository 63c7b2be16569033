/// A transparency log checkpoint (c2sp.org/tlog-checkpoint): the note text
/// `origin\nsize\nbase64(root hash)\n` followed by optional extension lines.
public struct Checkpoint: Sendable, Equatable {
    public static let rootHashSize = 32

    /// The log's identity; our logs use `<host>/evidence/<repository id>`.
    public var origin: String
    /// Number of leaves in the tree.
    public var size: UInt64
    /// RFC 6962 root hash at `size`: 32 bytes (SHA-256).
    public var rootHash: [UInt8]
    /// Opaque extra lines (without newlines), each non-empty. Not recommended by the spec.
    public var extensions: [String]

    public init(origin: String, size: UInt64, rootHash: [UInt8], extensions: [String] = []) {
        self.origin = origin
        self.size = size
        self.rootHash = rootHash
        self.extensions = extensions
    }

    /// Parses a checkpoint body strictly, including a 32-byte root hash.
    public init(parsingBody text: String) throws {
        try self.init(parsingBody: text, requireSHA256Root: true)
    }

    /// `requireSHA256Root: false` accepts a root of any non-empty length. It exists only
    /// for format-level test vectors whose "hashes" are words such as "bananas".
    init(parsingBody text: String, requireSHA256Root: Bool) throws {
        guard text.utf8.last == NoteFormat.newline else { throw Self.malformed("the last line has no newline") }
        if NoteFormat.firstControlCharacter(in: text.utf8) != nil {
            throw Self.malformed("it contains a control character other than newline")
        }
        let lines = text.utf8.dropLast().split(separator: NoteFormat.newline, omittingEmptySubsequences: false)
            .map { String(decoding: $0, as: UTF8.self) }
        guard lines.count >= 3 else { throw Self.malformed("it needs origin, size and root hash lines") }
        if let empty = lines.firstIndex(where: \.isEmpty) {
            throw Self.malformed("line \(empty + 1) is empty")
        }
        guard let size = Self.parseSize(lines[1]) else {
            throw Self.malformed("the tree size must be a decimal number without leading zeros")
        }
        guard let root = NoteFormat.decodeBase64(lines[2]), !root.isEmpty else {
            throw Self.malformed("the root hash is not canonical base64")
        }
        if requireSHA256Root, root.count != Self.rootHashSize {
            throw Self.malformed("the root hash is \(root.count) bytes, not \(Self.rootHashSize)")
        }
        self.init(origin: lines[0], size: size, rootHash: root, extensions: Array(lines.dropFirst(3)))
    }

    /// The note text: origin, size, root hash and extension lines, each ending in a newline.
    public var body: String {
        ([origin, String(size), NoteFormat.encodeBase64(rootHash)] + extensions)
            .map { $0 + "\n" }.joined()
    }

    /// Throws unless `body` parses back to this checkpoint (32-byte root, non-empty lines
    /// without newlines or control characters): checked before signing.
    public func validate() throws {
        guard try Checkpoint(parsingBody: body) == self else {
            throw Self.malformed("a line contains a newline, so the body would not read back")
        }
    }

    public static func == (a: Checkpoint, b: Checkpoint) -> Bool {
        NoteFormat.sameBytes(a.origin, b.origin) && a.size == b.size && a.rootHash == b.rootHash
            && a.extensions.count == b.extensions.count
            && zip(a.extensions, b.extensions).allSatisfy { NoteFormat.sameBytes($0, $1) }
    }

    /// ASCII digits only ("0" for the empty tree, else no leading zero) within UInt64.
    /// `UInt64(_:)` alone would also accept a leading "+".
    private static func parseSize(_ line: String) -> UInt64? {
        let digits = Array(line.utf8)
        guard digits.allSatisfy({ (0x30...0x39).contains($0) }),
              digits.first != UInt8(ascii: "0") || digits.count == 1 else { return nil }
        return UInt64(line)
    }

    private static func malformed(_ detail: String) -> CheckpointError { .malformedCheckpoint(detail) }
}

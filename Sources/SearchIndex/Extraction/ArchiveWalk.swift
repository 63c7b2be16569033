/// One archive's members, read in order within the limits: the children kept, the listing
/// of every path (the archive's own text) and what could not be read.
struct ArchiveWalk {
    let reader: ArchiveReader
    let format: ArchiveFormat
    let archiveName: String?
    let limits: ExtractionLimits

    private(set) var children: [ExtractedChild] = []
    private var listing: TextBuilder
    private var notes = TextExtractionNotes()
    /// Bytes of members kept so far, against `maxExpandedBytes`.
    private var expanded = 0
    /// Entries whose header was read (files, folders, links).
    private var entries = 0
    private var encrypted: [String] = []
    private var damaged: [String] = []
    /// Why reading stopped before the archive's end, when it did.
    private var stopped: String?
    private var chunk = [UInt8](repeating: 0, count: 64 << 10)

    /// Damaged headers in a row after which the rest of the archive is given up.
    static let maxDamagedHeadersInARow = 16

    init(reader: ArchiveReader, format: ArchiveFormat, archiveName: String?, limits: ExtractionLimits) {
        self.reader = reader
        self.format = format
        self.archiveName = archiveName
        self.limits = limits
        self.listing = TextBuilder(limit: limits.maxTextBytes)
    }

    mutating func run() {
        var damagedInARow = 0
        while stopped == nil {
            switch reader.next() {
            case .end:
                return
            case .damaged(let message, let fatal):
                damagedInARow += 1
                if Self.isEncryption(message) {
                    // 7z and RAR can encrypt the names too: nothing past this point is readable.
                    stopped = "the archive is encrypted after \(entries) entries and could not be read further (\(message))"
                } else if fatal || damagedInARow >= Self.maxDamagedHeadersInARow {
                    stopped = "the archive is damaged after \(entries) entries (\(message))"
                } else {
                    notes.add("a member header is damaged (\(message))")
                }
            case .member(let header):
                damagedInARow = 0
                member(header)
            }
        }
    }

    private mutating func member(_ header: ArchiveMemberHeader) {
        entries += 1
        let name = reader.isLoneFile ? ArchiveMemberName.loneMember(archiveName: archiveName) : ArchiveMemberName.label(header.path)
        if !listing.isEmpty { listing.append(byte: 0x0A) }
        listing.append(name)
        // Folders, links and devices are no items: their paths are listed, nothing more.
        guard header.kind == .file else { return }
        guard children.count < limits.maxChildren else {
            stopped = "members after the first \(limits.maxChildren) were not read (the limit is \(limits.maxChildren) child items)"
            return
        }
        if header.encrypted {
            encrypted.append(name)
            if !reader.skipData() { stopped = "reading stopped at the encrypted member \(name)" }
            return
        }
        switch read() {
        case .success(let bytes):
            expanded += bytes.count
            children.append(ExtractedChild(name: name, mediaType: ArchiveMemberType.guess(name: name, head: bytes.prefix(512)),
                                           bytes: bytes, part: .member))
        case .failure(.overExpandedBudget):
            stopped = "members from \(name) on were not read (the limit is \(limits.maxExpandedBytes) bytes expanded in all)"
        case .failure(.overRatio):
            notes.add("\(name) was not kept: it expands more than \(limits.maxCompressionRatio) times its compressed size")
            if !format.skipsCheaply || !reader.skipData() {
                stopped = "reading stopped there, since skipping the rest of it would mean expanding it"
            }
        case .failure(.unreadable(let error)):
            if Self.isEncryption(error.message) { encrypted.append(name) } else { damaged.append(name) }
            if error.fatal || !reader.skipData() { stopped = "reading stopped at \(name) (\(error.message))" }
        }
    }

    private enum MemberFailure: Error {
        case overExpandedBudget
        case overRatio
        case unreadable(ArchiveReadError)
    }

    /// The current member's bytes, stopped as soon as a limit is passed (before, not after,
    /// the bytes past it are held).
    private mutating func read() -> Result<[UInt8], MemberFailure> {
        var bytes: [UInt8] = []
        let start = reader.consumed
        while true {
            let reader = self.reader
            let result = chunk.withUnsafeMutableBytes { reader.readData(into: $0) }
            let count: Int
            switch result {
            case .success(let n): count = n
            case .failure(let error): return .failure(.unreadable(error))
            }
            if count == 0 { return .success(bytes) }
            guard count <= limits.maxExpandedBytes - expanded - bytes.count else { return .failure(.overExpandedBudget) }
            bytes.append(contentsOf: chunk[0..<count])
            // The input consumed while this member was read, plus the block libarchive may
            // already have held when it began: at least the member's compressed size.
            let input = reader.consumed - start + ArchiveInput.blockSize
            if bytes.count > ArchiveExtractor.ratioCheckFloor && bytes.count / input >= limits.maxCompressionRatio {
                return .failure(.overRatio)
            }
        }
    }

    /// libarchive's messages for a member it cannot decrypt ("Passphrase required for this
    /// entry", "Encrypted file is unsupported", "Encryption is not supported").
    static func isEncryption(_ message: String) -> Bool {
        let lower = message.lowercased()
        return lower.contains("passphrase") || lower.contains("encrypt") || lower.contains("password")
    }

    func document() -> ExtractedDocument {
        var notes = self.notes
        if !encrypted.isEmpty {
            notes.add("\(Self.count(encrypted.count, "member is", "members are")) encrypted and could not be read: \(Self.names(encrypted))")
        }
        if !damaged.isEmpty {
            notes.add("\(Self.count(damaged.count, "member is", "members are")) damaged and could not be read: \(Self.names(damaged))")
        }
        if let stopped { notes.add(stopped) }
        if listing.truncated { notes.add(listing.truncationNote) }
        let outcome: ExtractedDocument.Outcome
        if notes.isEmpty {
            outcome = .ok
        } else {
            // Nothing at all could be read: the archive failed; else what was read is kept.
            outcome = entries == 0 ? .failed : .partial
        }
        return ExtractedDocument(outcome: outcome, reason: notes.reason, text: listing.string,
                                 fields: ["members": String(entries)], children: children)
    }

    private static func count(_ n: Int, _ one: String, _ many: String) -> String {
        n == 1 ? "1 \(one)" : "\(n) \(many)"
    }

    /// The first few names, and how many more.
    private static func names(_ names: [String]) -> String {
        let shown = names.prefix(5).joined(separator: ", ")
        return names.count > 5 ? shown + " and \(names.count - 5) more" : shown
    }
}

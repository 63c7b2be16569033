/// A ZIP archive held in memory, read from its central directory (APPNOTE 6.3.x), with the
/// bounds of `ExtractionLimits` applied to everything it expands.
///
/// Opening parses the end-of-central-directory record (and the ZIP64 locator and record),
/// every central directory entry and every local header, and rejects archives whose entries'
/// data overlap or run into the central directory: legitimate writers never do that, while
/// "overlapping" zip bombs depend on it. Nothing is decompressed until `read` is called, and
/// nested archives are never opened: an entry that is itself a ZIP is just bytes.
public struct ZipArchive: Sendable {
    public struct Entry: Sendable, Equatable {
        /// The entry's path inside the archive, as stored ("/" separated; directories end in "/").
        public let name: String
        /// 0 stored, 8 deflate; anything else is listed but not read.
        public let method: UInt16
        /// The general-purpose flags (bit 0: encrypted, bit 3: data descriptor, bit 11: UTF-8).
        public let flags: UInt16
        public let crc32: UInt32
        public let compressedSize: Int
        public let uncompressedSize: Int
        /// Offset of the entry's local header in the file.
        public let localHeaderOffset: Int
        /// Offset of the entry's (compressed) data in the file, found from its local header.
        var dataOffset: Int

        public var isEncrypted: Bool { flags & 0x0001 != 0 }
        public var isDirectory: Bool { name.hasSuffix("/") }
    }

    /// The entries in central directory order.
    public let entries: [Entry]
    /// Bytes expanded so far by `read`, counted against `limits.maxExpandedBytes`.
    public private(set) var expandedBytes = 0
    public let limits: ExtractionLimits
    /// Entries above this expanded size must respect `limits.maxCompressionRatio`; below it the
    /// ratio is not checked, since small, repetitive XML parts legitimately compress far
    /// better than 200:1 and the total budget bounds them anyway.
    public static let ratioCheckFloor = 1 << 20
    /// Names longer than this are refused. ZIP allows 65,535 bytes; no real archive needs more
    /// than a path's worth.
    public static let defaultMaxNameLength = 4096

    let storage: ZipBytes
    private var firstIndexByName: [String: Int] = [:]
    /// Built once, so that case-insensitive lookups stay O(1) however many entries there are.
    private var firstIndexByLowercasedName: [String: Int] = [:]

    /// Opens `bytes` as an archive. At most `maxEntries` entries (default: `limits.maxChildren`,
    /// the contract's bound on the parts one file may produce) and names of at most
    /// `maxNameLength` bytes.
    public init(_ bytes: [UInt8], limits: ExtractionLimits = ExtractionLimits(),
                maxEntries: Int? = nil, maxNameLength: Int = ZipArchive.defaultMaxNameLength) throws(ZipError) {
        self.limits = limits
        self.storage = ZipBytes(bytes: bytes)
        let directory = try ZipCentralDirectory.locate(storage)
        let entryLimit = maxEntries ?? limits.maxChildren
        guard directory.entryCount <= UInt64(entryLimit) else {
            throw .tooManyEntries(count: directory.entryCount, limit: entryLimit)
        }
        var parsed = try ZipCentralDirectory.entries(storage, directory, maxNameLength: maxNameLength)
        try ZipCentralDirectory.resolveLocalHeaders(storage, &parsed, dataLimit: directory.dataEnd)
        entries = parsed
        for (index, entry) in parsed.enumerated() {
            if firstIndexByName[entry.name] == nil { firstIndexByName[entry.name] = index }
            let lowercased = entry.name.lowercased()
            if firstIndexByLowercasedName[lowercased] == nil { firstIndexByLowercasedName[lowercased] = index }
        }
    }

    /// The first entry with exactly this name.
    public func entry(named name: String) -> Entry? {
        firstIndexByName[name].map { entries[$0] }
    }

    /// The first entry whose name equals `name` ignoring ASCII case (OPC part names are
    /// case-insensitive).
    public func entry(caseInsensitive name: String) -> Entry? {
        if let exact = entry(named: name) { return exact }
        return firstIndexByLowercasedName[name.lowercased()].map { entries[$0] }
    }

    /// The entry's expanded bytes, CRC-checked. Counts against the archive's expansion budget,
    /// which is why it is mutating.
    public mutating func read(_ entry: Entry) throws(ZipError) -> [UInt8] {
        if entry.isEncrypted { throw .encrypted(entry.name) }
        guard entry.method == 0 || entry.method == 8 else {
            throw .unsupportedMethod(method: entry.method, entry: entry.name)
        }
        let remaining = limits.maxExpandedBytes - expandedBytes
        guard entry.uncompressedSize <= remaining else {
            throw .limitExceeded("expanding \(entry.name) would pass the limit of \(limits.maxExpandedBytes) bytes in total")
        }
        if entry.uncompressedSize > Self.ratioCheckFloor,
           entry.uncompressedSize / max(entry.compressedSize, 1) > limits.maxCompressionRatio {
            throw .limitExceeded("\(entry.name) would expand more than \(limits.maxCompressionRatio) times")
        }
        guard let compressed = storage.slice(entry.dataOffset, entry.compressedSize) else {
            throw .truncated("the data of \(entry.name) runs past the end of the file")
        }
        let data: [UInt8]
        if entry.method == 0 {
            guard entry.compressedSize == entry.uncompressedSize else {
                throw .malformed("the stored entry \(entry.name) has different compressed and expanded sizes")
            }
            data = Array(compressed)
        } else {
            switch ZipInflater.inflateRaw(compressed, expectedSize: entry.uncompressedSize) {
            case .success(let output): data = output
            case .failure(.longerThanDeclared):
                throw .malformed("\(entry.name) expands past its declared size")
            case .failure(.truncated):
                throw .truncated("the compressed data of \(entry.name) ends early")
            case .failure(.damaged):
                throw .malformed("the compressed data of \(entry.name) is damaged")
            }
        }
        guard data.count == entry.uncompressedSize else {
            throw .malformed("\(entry.name) expands to \(data.count) bytes, not the \(entry.uncompressedSize) declared")
        }
        guard ZipInflater.crc32(data) == entry.crc32 else { throw .checksumMismatch(entry.name) }
        expandedBytes += data.count
        return data
    }
}

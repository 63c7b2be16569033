/// An OLE compound file (MS-CFB): its directory, and the bytes of its streams. Enough to tell
/// an encrypted Office Open XML package (the `EncryptionInfo` and `EncryptedPackage` streams
/// of MS-OFFCRYPTO) from a legacy binary document (`WordDocument`, `Workbook`, `PowerPoint
/// Document`) or an Outlook message (`__properties_version1.0`), and to read those.
///
/// Every sector number is checked against the file before it is used, and every chain is cut
/// at the number of sectors the file can hold, so a loop in a chain or a forged count ends the
/// walk instead of spinning. Streams are read on demand, each within a caller's byte limit.
struct OLECompoundFile {
    enum Failure: Error, Equatable {
        case damaged(String)

        /// What is wrong, as the end of a sentence.
        var reason: String {
            switch self {
            case .damaged(let why): why
            }
        }
    }

    /// One directory entry: a storage (a folder), a stream (a file) or the root.
    struct Entry: Equatable {
        enum Kind: UInt8 {
            case storage = 1, stream = 2, root = 5
        }

        let name: String
        let kind: Kind
        let left: UInt32
        let right: UInt32
        let child: UInt32
        let start: UInt32
        let size: Int
    }

    static let signature: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]
    /// Most directory entries read: real files have tens; the limit only bounds a forged one.
    static let maxEntries = 65_536
    private static let noStream: UInt32 = 0xFFFF_FFFF

    /// The names of all entries in use, in directory order ("Root Entry" first).
    let names: [String]
    /// Entries by directory index; unused slots are nil.
    let entries: [Entry?]
    /// Whether the file ends before sectors its tables name: a cut-off copy, whose later
    /// streams are missing.
    let isTruncated: Bool
    private let bytes: [UInt8]
    private let sectorSize: Int
    private let sectorCount: Int
    private let fat: [UInt32]
    private let miniFAT: [UInt32]
    /// The root's mini stream, which holds the streams shorter than `miniCutoff`.
    private let miniContainer: [UInt8]
    private let miniSectorSize: Int
    private let miniCutoff: Int

    init(_ bytes: [UInt8]) throws(Failure) {
        guard bytes.count >= 512, bytes.starts(with: Self.signature) else { throw .damaged("it is shorter than its header") }
        let shift = Int(Self.uint16(bytes, 0x1E))
        guard shift == 9 || shift == 12 else { throw .damaged("its sector size (2^\(shift)) is not 512 or 4096 bytes") }
        let sectorSize = 1 << shift
        // Sector n starts at (n + 1) * sectorSize: the header fills sector -1.
        let sectorCount = bytes.count / sectorSize - 1
        guard sectorCount > 0 else { throw .damaged("it holds no sectors") }
        func offset(_ sector: UInt32) -> Int? {
            guard sector < UInt32(clamping: sectorCount) else { return nil }
            let start = (Int(sector) + 1) * sectorSize
            return start + sectorSize <= bytes.count ? start : nil
        }

        // The FAT's own sectors: 109 in the header, the rest in the DIFAT chain.
        var fatSectors: [UInt32] = []
        var missing = false
        for index in 0..<109 {
            let sector = Self.uint32(bytes, 0x4C + 4 * index)
            if offset(sector) != nil { fatSectors.append(sector) } else if sector < 0xFFFF_FFFA { missing = true }
        }
        var difat = Self.uint32(bytes, 0x44)
        var difatSteps = 0
        while let start = offset(difat), difatSteps < sectorCount {
            let perSector = sectorSize / 4 - 1
            for index in 0..<perSector {
                let sector = Self.uint32(bytes, start + 4 * index)
                if offset(sector) != nil { fatSectors.append(sector) } else if sector < 0xFFFF_FFFA { missing = true }
            }
            difat = Self.uint32(bytes, start + 4 * perSector)
            difatSteps += 1
        }
        guard !fatSectors.isEmpty else { throw .damaged("its sector table is missing") }
        // The FAT can name no more sectors than the file has.
        var fat: [UInt32] = []
        fat.reserveCapacity(min(sectorCount, fatSectors.count * sectorSize / 4))
        for sector in fatSectors where fat.count < sectorCount {
            guard let start = offset(sector) else { continue }
            for index in 0..<(sectorSize / 4) {
                let next = Self.uint32(bytes, start + 4 * index)
                if fat.count < sectorCount {
                    fat.append(next)
                } else if next != 0xFFFF_FFFF {
                    missing = true  // a sector in use beyond the end of the file
                }
            }
        }

        var names: [String] = []
        var entries: [Entry?] = []
        var sector = Self.uint32(bytes, 0x30)
        var steps = 0
        while let start = offset(sector), steps < sectorCount, entries.count < Self.maxEntries {
            for entry in stride(from: start, to: start + sectorSize, by: 128) {
                // Type 0 is an unused slot; 1 storage, 2 stream, 5 root.
                guard let kind = Entry.Kind(rawValue: bytes[entry + 0x42]) else {
                    entries.append(nil)
                    continue
                }
                let length = min(Int(Self.uint16(bytes, entry + 0x40)), 64)
                var units: [UInt16] = []
                for index in stride(from: 0, to: length - 1, by: 2) where index + 1 < 64 {
                    units.append(Self.uint16(bytes, entry + index))
                }
                while units.last == 0 { units.removeLast() }
                let name = String(decoding: units, as: UTF16.self)
                names.append(name)
                // Version 3 files (512-byte sectors) may leave garbage in the size's high half.
                let low = Int(Self.uint32(bytes, entry + 0x78))
                let high = shift == 9 ? 0 : Int(Self.uint32(bytes, entry + 0x7C))
                let size = high > 0 ? Int.max : low
                entries.append(Entry(name: name, kind: kind, left: Self.uint32(bytes, entry + 0x44),
                                     right: Self.uint32(bytes, entry + 0x48), child: Self.uint32(bytes, entry + 0x4C),
                                     start: Self.uint32(bytes, entry + 0x74), size: size))
            }
            guard Int(sector) < fat.count else { break }
            sector = fat[Int(sector)]
            steps += 1
        }
        guard !names.isEmpty else { throw .damaged("its directory is missing") }
        self.names = names
        self.entries = entries
        self.isTruncated = missing
        self.bytes = bytes
        self.sectorSize = sectorSize
        self.sectorCount = sectorCount
        self.fat = fat
        let miniShift = Int(Self.uint16(bytes, 0x20))
        self.miniSectorSize = (1...12).contains(miniShift) ? 1 << miniShift : 64
        self.miniCutoff = Int(Self.uint32(bytes, 0x38))

        // The mini FAT: the sector table of the streams kept in the root's mini stream.
        var miniFAT: [UInt32] = []
        var chain = Self.chain(from: Self.uint32(bytes, 0x3C), fat: fat, sectorCount: sectorCount)
        chain = Array(chain.prefix(sectorCount))
        for sector in chain {
            guard let start = offset(sector) else { break }
            for index in 0..<(sectorSize / 4) { miniFAT.append(Self.uint32(bytes, start + 4 * index)) }
        }
        self.miniFAT = miniFAT
        if let root = entries.first ?? nil, root.size <= bytes.count {
            miniContainer = Self.read(bytes, start: root.start, size: root.size, fat: fat, sectorSize: sectorSize,
                                      sectorCount: sectorCount) ?? []
        } else {
            miniContainer = []
        }
    }

    /// Password-protected OOXML (MS-OFFCRYPTO §2.3.4): the package is encrypted into the
    /// EncryptedPackage stream, with the key's parameters in EncryptionInfo.
    var isEncryptedPackage: Bool {
        names.contains("EncryptionInfo") && names.contains("EncryptedPackage")
    }

    // MARK: - The tree

    /// The root storage's index (always the first entry).
    static let root = 0

    /// The indexes of a storage's direct members, in tree order. The red-black tree's links
    /// are followed with a visited set, so a forged cycle is read once.
    func children(of storage: Int) -> [Int] {
        guard storage >= 0, storage < entries.count, let parent = entries[storage], parent.kind != .stream else { return [] }
        var result: [Int] = []
        var visited: Set<UInt32> = [UInt32(storage), 0]  // never itself nor the root
        var stack: [UInt32] = [parent.child]
        while let next = stack.popLast() {
            guard next != Self.noStream, Int(next) < entries.count, visited.insert(next).inserted,
                  let entry = entries[Int(next)] else { continue }
            result.append(Int(next))
            stack.append(entry.right)
            stack.append(entry.left)
        }
        return result
    }

    /// The member of `storage` called `name` (compared case-insensitively, as CFB does).
    func child(named name: String, of storage: Int) -> Int? {
        let wanted = name.uppercased()
        return children(of: storage).first { entries[$0]?.name.uppercased() == wanted }
    }

    /// The entry at a path of names from the root, such as ["Macros", "VBA"].
    func entry(at path: [String]) -> Int? {
        var current = Self.root
        for name in path {
            guard let next = child(named: name, of: current) else { return nil }
            current = next
        }
        return current
    }

    // MARK: - Streams

    /// A stream's bytes, or nil when it is not a stream, is longer than `maxBytes`, or its
    /// chain ends before its size.
    func stream(_ index: Int, maxBytes: Int) -> [UInt8]? {
        guard index >= 0, index < entries.count, let entry = entries[index], entry.kind == .stream,
              entry.size <= maxBytes else { return nil }
        if entry.size == 0 { return [] }
        if entry.size < miniCutoff { return miniStream(start: entry.start, size: entry.size) }
        return regularStream(start: entry.start, size: entry.size)
    }

    /// The stream at `path`, within `maxBytes`.
    func stream(at path: [String], maxBytes: Int) -> [UInt8]? {
        entry(at: path).flatMap { stream($0, maxBytes: maxBytes) }
    }

    /// The size a stream declares (nil for storages and missing entries).
    func size(of index: Int) -> Int? {
        guard index >= 0, index < entries.count, let entry = entries[index], entry.kind == .stream else { return nil }
        return entry.size
    }

    private func regularStream(start: UInt32, size: Int) -> [UInt8]? {
        Self.read(bytes, start: start, size: size, fat: fat, sectorSize: sectorSize, sectorCount: sectorCount)
    }

    private static func read(_ bytes: [UInt8], start: UInt32, size: Int, fat: [UInt32], sectorSize: Int,
                             sectorCount: Int) -> [UInt8]? {
        guard size <= bytes.count else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(size)
        for sector in chain(from: start, fat: fat, sectorCount: sectorCount) {
            let offset = (Int(sector) + 1) * sectorSize
            let take = min(sectorSize, size - out.count, bytes.count - offset)
            guard take > 0 else { break }
            out.append(contentsOf: bytes[offset..<(offset + take)])
            if out.count == size { return out }
        }
        return out.count == size ? out : nil
    }

    private func miniStream(start: UInt32, size: Int) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(size)
        var sector = start
        var steps = 0
        let limit = miniContainer.count / miniSectorSize
        while Int(sector) < limit, steps <= limit {
            let offset = Int(sector) * miniSectorSize
            let take = min(miniSectorSize, size - out.count)
            out.append(contentsOf: miniContainer[offset..<(offset + take)])
            if out.count == size { return out }
            guard Int(sector) < miniFAT.count else { return nil }
            sector = miniFAT[Int(sector)]
            steps += 1
        }
        return nil
    }

    /// The sectors of a chain, cut at the file's sector count and at the first number that is
    /// not a sector of the file.
    private static func chain(from start: UInt32, fat: [UInt32], sectorCount: Int) -> [UInt32] {
        var result: [UInt32] = []
        var sector = start
        while Int(sector) < sectorCount, Int(sector) < fat.count, result.count < sectorCount {
            result.append(sector)
            sector = fat[Int(sector)]
        }
        return result
    }

    static func uint16(_ bytes: [UInt8], _ at: Int) -> UInt16 {
        UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8
    }

    static func uint32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
    }
}

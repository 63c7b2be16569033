/// The names in an OLE compound file's directory (MS-CFB): enough to tell an encrypted Office
/// Open XML package (the `EncryptionInfo` and `EncryptedPackage` streams of MS-OFFCRYPTO) from
/// a legacy binary document (`WordDocument`, `Workbook`, `PowerPoint Document`).
///
/// Only the header, the FAT sectors the header and the DIFAT chain list, and the directory
/// chain are read. Every sector number is checked against the file before it is used, and
/// every chain is cut at the number of sectors the file can hold, so a loop in a chain or a
/// forged count ends the walk instead of spinning.
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

    static let signature: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]
    /// Most directory entries read: real files have tens; the limit only bounds a forged one.
    static let maxEntries = 65_536

    let names: [String]

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
        for index in 0..<109 {
            let sector = Self.uint32(bytes, 0x4C + 4 * index)
            if offset(sector) != nil { fatSectors.append(sector) }
        }
        var difat = Self.uint32(bytes, 0x44)
        var difatSteps = 0
        while let start = offset(difat), difatSteps < sectorCount {
            let perSector = sectorSize / 4 - 1
            for index in 0..<perSector {
                let sector = Self.uint32(bytes, start + 4 * index)
                if offset(sector) != nil { fatSectors.append(sector) }
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
            for index in 0..<(sectorSize / 4) where fat.count < sectorCount {
                fat.append(Self.uint32(bytes, start + 4 * index))
            }
        }

        var names: [String] = []
        var sector = Self.uint32(bytes, 0x30)
        var steps = 0
        while let start = offset(sector), steps < sectorCount, names.count < Self.maxEntries {
            for entry in stride(from: start, to: start + sectorSize, by: 128) {
                // Type 0 is an unused slot; 1 storage, 2 stream, 5 root.
                guard bytes[entry + 0x42] != 0 else { continue }
                let length = min(Int(Self.uint16(bytes, entry + 0x40)), 64)
                var units: [UInt16] = []
                for index in stride(from: 0, to: length - 1, by: 2) where index + 1 < 64 {
                    units.append(Self.uint16(bytes, entry + index))
                }
                while units.last == 0 { units.removeLast() }
                names.append(String(decoding: units, as: UTF16.self))
            }
            guard Int(sector) < fat.count else { break }
            sector = fat[Int(sector)]
            steps += 1
        }
        guard !names.isEmpty else { throw .damaged("its directory is missing") }
        self.names = names
    }

    /// Password-protected OOXML (MS-OFFCRYPTO §2.3.4): the package is encrypted into the
    /// EncryptedPackage stream, with the key's parameters in EncryptionInfo.
    var isEncryptedPackage: Bool {
        names.contains("EncryptionInfo") && names.contains("EncryptedPackage")
    }

    private static func uint16(_ bytes: [UInt8], _ at: Int) -> UInt16 {
        UInt16(bytes[at]) | UInt16(bytes[at + 1]) << 8
    }

    private static func uint32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
    }
}

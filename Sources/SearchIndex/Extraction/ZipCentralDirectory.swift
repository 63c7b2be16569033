/// Parsing of the end-of-central-directory records, the central directory and the local
/// headers. Every number read from the file is range-checked against the file's size before
/// any arithmetic, so no declared size or offset can overflow or index out of bounds.
enum ZipCentralDirectory {
    struct Location {
        var entryCount: UInt64
        /// Where the central directory actually starts in the file.
        var offset: Int
        var size: Int
        /// Offsets stored in the archive plus this give file offsets: non-zero when data was
        /// prepended to the archive (self-extracting executables).
        var shift: Int
        /// Entry data must end here, at the start of the central directory.
        var dataEnd: Int { offset }
    }

    static let maxCommentLength = 0xFFFF
    static let endRecordSize = 22
    static let centralHeaderSize = 46
    static let localHeaderSize = 30

    static func locate(_ file: ZipBytes) throws(ZipError) -> Location {
        guard file.count >= endRecordSize else { throw .notAnArchive }
        // The record sits at the end, followed only by its comment of up to 64 KiB.
        var found: Int?
        var position = file.count - endRecordSize
        let lowest = max(0, file.count - endRecordSize - maxCommentLength)
        while position >= lowest {
            if file.bytes[position] == 0x50, file.u32(position) == ZipSignature.endOfCentralDirectory,
               let commentLength = file.u16(position + 20),
               Int(commentLength) <= file.count - endRecordSize - position {
                found = position
                break
            }
            position -= 1
        }
        guard let end = found,
              let count16 = file.u16(end + 10), let size32 = file.u32(end + 12), let offset32 = file.u32(end + 16)
        else { throw .notAnArchive }

        var entryCount = UInt64(count16)
        var size = UInt64(size32)
        var offset = UInt64(offset32)
        // The central directory ends where the next record (ZIP64 or classic) begins.
        var recordStart = end
        if end >= 20, file.u32(end - 20) == ZipSignature.zip64Locator {
            guard let recordOffset = file.u64(end - 20 + 8), let disks = file.u32(end - 20 + 16) else {
                throw .truncated("the ZIP64 locator is cut short")
            }
            if disks > 1 { throw .multiDisk }
            guard let start = Int(exactly: recordOffset), start < end - 20,
                  file.u32(start) == ZipSignature.zip64EndOfCentralDirectory,
                  let count64 = file.u64(start + 32), let size64 = file.u64(start + 40), let offset64 = file.u64(start + 48)
            else { throw .malformed("the ZIP64 end-of-central-directory record is missing or cut short") }
            entryCount = count64
            size = size64
            offset = offset64
            recordStart = start
        }
        guard let directorySize = Int(exactly: size), directorySize <= recordStart,
              let declaredOffset = Int(exactly: offset), declaredOffset <= recordStart
        else { throw .truncated("the central directory is larger than the file") }
        let actualOffset = recordStart - directorySize
        let shift = actualOffset - declaredOffset
        guard shift >= 0 else { throw .malformed("the central directory overlaps its end record") }
        // Each entry takes at least 46 bytes, so the count is checked against the size too.
        guard entryCount <= UInt64(directorySize / centralHeaderSize) else {
            throw .truncated("the central directory is too small for the \(entryCount) entries it declares")
        }
        return Location(entryCount: entryCount, offset: actualOffset, size: directorySize, shift: shift)
    }

    static func entries(_ file: ZipBytes, _ location: Location, maxNameLength: Int) throws(ZipError) -> [ZipArchive.Entry] {
        var entries: [ZipArchive.Entry] = []
        entries.reserveCapacity(Int(location.entryCount))
        let end = location.offset + location.size
        var position = location.offset
        for number in 0..<location.entryCount {
            guard position + centralHeaderSize <= end,
                  file.u32(position) == ZipSignature.centralHeader,
                  let flags = file.u16(position + 8), let method = file.u16(position + 10),
                  let crc = file.u32(position + 16),
                  let compressed32 = file.u32(position + 20), let uncompressed32 = file.u32(position + 24),
                  let nameLength = file.u16(position + 28), let extraLength = file.u16(position + 30),
                  let commentLength = file.u16(position + 32), let offset32 = file.u32(position + 42)
            else { throw .malformed("central directory entry \(number + 1) of \(location.entryCount) is damaged") }
            guard Int(nameLength) <= maxNameLength else {
                throw .nameTooLong(length: Int(nameLength), limit: maxNameLength)
            }
            let nameStart = position + centralHeaderSize
            let extraStart = nameStart + Int(nameLength)
            let recordEnd = extraStart + Int(extraLength) + Int(commentLength)
            guard recordEnd <= end, let rawName = file.slice(nameStart, Int(nameLength)) else {
                throw .truncated("central directory entry \(number + 1) runs past the directory's end")
            }
            let name = ZipNameDecoding.decode(rawName, utf8: flags & 0x0800 != 0)
            var compressed = UInt64(compressed32)
            var uncompressed = UInt64(uncompressed32)
            var offset = UInt64(offset32)
            try readZip64Extra(file, from: extraStart, length: Int(extraLength), entry: name,
                               uncompressed: &uncompressed, compressed: &compressed, offset: &offset)
            guard let compressedSize = Int(exactly: compressed), compressedSize <= file.count,
                  let localOffset = Int(exactly: offset), localOffset <= file.count
            else { throw .malformed("\(name) declares more compressed data, or a later offset, than the file holds") }
            guard let uncompressedSize = Int(exactly: uncompressed) else {
                throw .malformed("\(name) declares an impossible expanded size")
            }
            entries.append(ZipArchive.Entry(
                name: name, method: method, flags: flags, crc32: crc, compressedSize: compressedSize,
                uncompressedSize: uncompressedSize, localHeaderOffset: localOffset + location.shift, dataOffset: 0))
            position = recordEnd
        }
        return entries
    }

    /// The ZIP64 extended information field (header ID 1) holds, in this order, only those of
    /// the expanded size, compressed size and local header offset that are saturated
    /// (0xFFFFFFFF) in the fixed header.
    private static func readZip64Extra(_ file: ZipBytes, from start: Int, length: Int, entry: String,
                                       uncompressed: inout UInt64, compressed: inout UInt64,
                                       offset: inout UInt64) throws(ZipError) {
        let saturated: UInt64 = 0xFFFF_FFFF
        guard uncompressed == saturated || compressed == saturated || offset == saturated else { return }
        var position = start
        let end = start + length
        while position + 4 <= end, let id = file.u16(position), let size = file.u16(position + 2) {
            let dataStart = position + 4
            let dataEnd = dataStart + Int(size)
            guard dataEnd <= end else { break }
            if id == 0x0001 {
                var field = dataStart
                for index in 0..<3 {
                    let isSaturated = [uncompressed, compressed, offset][index] == saturated
                    guard isSaturated else { continue }
                    guard field + 8 <= dataEnd, let value = file.u64(field) else {
                        throw .malformed("the ZIP64 field of \(entry) is too short")
                    }
                    switch index {
                    case 0: uncompressed = value
                    case 1: compressed = value
                    default: offset = value
                    }
                    field += 8
                }
                return
            }
            position = dataEnd
        }
    }

    /// Finds each entry's data after its local header, and refuses entries whose data runs
    /// into the central directory or into another entry's.
    static func resolveLocalHeaders(_ file: ZipBytes, _ entries: inout [ZipArchive.Entry], dataLimit: Int) throws(ZipError) {
        for index in entries.indices {
            let entry = entries[index]
            let header = entry.localHeaderOffset
            guard file.u32(header) == ZipSignature.localHeader else {
                throw .malformed("the local header of \(entry.name) is missing")
            }
            guard let nameLength = file.u16(header + 26), let extraLength = file.u16(header + 28) else {
                throw .truncated("the local header of \(entry.name) is cut short")
            }
            let dataOffset = header + localHeaderSize + Int(nameLength) + Int(extraLength)
            guard dataOffset <= dataLimit, entry.compressedSize <= dataLimit - dataOffset else {
                throw .malformed("the data of \(entry.name) runs into the central directory")
            }
            entries[index].dataOffset = dataOffset
        }
        let order = entries.indices.sorted { entries[$0].localHeaderOffset < entries[$1].localHeaderOffset }
        for (first, second) in zip(order, order.dropFirst()) {
            let a = entries[first], b = entries[second]
            if a.dataOffset + a.compressedSize > b.localHeaderOffset {
                throw .malformed("the entries \(a.name) and \(b.name) overlap")
            }
        }
    }
}

/// The record stream of an XLSB part ([MS-XLSB] 2.1.4): each record is a type and a size,
/// both variable-length integers of 7-bit groups (the type at most 2 bytes, the size at most
/// 4), then `size` bytes of data. Every read is bounds-checked: a record that runs past the
/// part ends the stream and is reported.
struct XLSBRecords {
    let bytes: [UInt8]
    private var offset = 0
    /// Set when the stream ended inside a record.
    private(set) var isTruncated = false

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    mutating func next() -> (type: Int, data: ArraySlice<UInt8>)? {
        guard offset < bytes.count else { return nil }
        guard let type = varint(maxBytes: 2), let size = varint(maxBytes: 4), size <= bytes.count - offset else {
            isTruncated = true
            offset = bytes.count
            return nil
        }
        let data = bytes[offset..<(offset + size)]
        offset += size
        return (type, data)
    }

    private mutating func varint(maxBytes: Int) -> Int? {
        var value = 0
        for index in 0..<maxBytes {
            guard offset < bytes.count else { return nil }
            let byte = bytes[offset]
            offset += 1
            value |= Int(byte & 0x7F) << (7 * index)
            if byte & 0x80 == 0 { return value }
        }
        return value
    }
}

/// Reading the fields of a record's data, little-endian, bounds-checked.
struct XLSBFields {
    let data: ArraySlice<UInt8>
    var offset: Int

    init(_ data: ArraySlice<UInt8>) {
        self.data = data
        self.offset = data.startIndex
    }

    mutating func uint32() -> UInt32? {
        guard offset + 4 <= data.endIndex else { return nil }
        defer { offset += 4 }
        return UInt32(data[offset]) | UInt32(data[offset + 1]) << 8 | UInt32(data[offset + 2]) << 16 | UInt32(data[offset + 3]) << 24
    }

    mutating func uint64() -> UInt64? {
        guard let low = uint32(), let high = uint32() else { return nil }
        return UInt64(high) << 32 | UInt64(low)
    }

    mutating func byte() -> UInt8? {
        guard offset < data.endIndex else { return nil }
        defer { offset += 1 }
        return data[offset]
    }

    mutating func skip(_ count: Int) -> Bool {
        guard offset + count <= data.endIndex else { return false }
        offset += count
        return true
    }

    /// XLWideString: a 32-bit count of UTF-16 units, then the units; the nullable form's
    /// 0xFFFFFFFF count is nil.
    mutating func wideString() -> String? {
        guard let count = uint32(), count != 0xFFFF_FFFF else { return nil }
        let length = Int(count) * 2
        guard count < 0x4000_0000, offset + length <= data.endIndex else { return nil }
        var units: [UInt16] = []
        units.reserveCapacity(Int(count))
        var index = offset
        while index < offset + length {
            units.append(UInt16(data[index]) | UInt16(data[index + 1]) << 8)
            index += 2
        }
        offset += length
        return String(decoding: units, as: UTF16.self)
    }
}

import CPFF

/// Small helpers over libpff's C API: error text, strings, binary values and times of an item.
enum PFF {
    typealias Item = UnsafeMutablePointer<libpff_item_t>
    typealias Error = UnsafeMutablePointer<libpff_error_t>

    /// libpff's error as one line (at most 300 bytes), freeing it.
    static func message(_ error: inout Error?) -> String {
        guard let error else { return "no reason given" }
        var buffer = [CChar](repeating: 0, count: 512)
        _ = libpff_error_sprint(error, &buffer, buffer.count)
        var mutable: Error? = error
        libpff_error_free(&mutable)
        let text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let line = TextNormalisation.collapseWhitespace(text)
        return line.isEmpty ? "no reason given" : TextNormalisation.prefix(line, maxBytes: 300)
    }

    static func folderName(_ folder: Item) -> String? {
        var size = 0
        guard libpff_folder_get_utf8_name_size(folder, &size, nil) == 1, size > 1, size <= 4096 else { return nil }
        var buffer = [UInt8](repeating: 0, count: size)
        guard libpff_folder_get_utf8_name(folder, &buffer, size, nil) == 1 else { return nil }
        let name = TextNormalisation.collapseWhitespace(String(decoding: buffer.prefix { $0 != 0 }, as: UTF8.self))
        return name.isEmpty ? nil : name.replacingSlashes()
    }

    /// A string property (any string type, converted to UTF-8 by libpff) of record set `set`.
    static func string(_ item: Item, _ tag: UInt16, set: Int32 = 0, maxBytes: Int = 16 << 20) -> String? {
        var size = 0
        let flags = UInt8(LIBPFF_ENTRY_VALUE_FLAG_MATCH_ANY_VALUE_TYPE.rawValue)
        guard libpff_item_get_entry_value_utf8_string_size(item, set, UInt32(tag), &size, flags, nil) == 1,
              size > 1, size <= maxBytes else { return nil }
        var buffer = [UInt8](repeating: 0, count: size)
        guard libpff_item_get_entry_value_utf8_string(item, set, UInt32(tag), &buffer, size, flags, nil) == 1 else { return nil }
        let value = String(decoding: buffer.prefix { $0 != 0 }, as: UTF8.self)
        return value.isEmpty ? nil : value
    }

    static func int32(_ item: Item, _ tag: UInt16, set: Int32 = 0) -> Int? {
        var value: UInt32 = 0
        guard libpff_item_get_entry_value_32bit(item, set, UInt32(tag), &value, 0, nil) == 1 else { return nil }
        return Int(Int32(bitPattern: value))
    }

    /// A FILETIME property as milliseconds since 1970 UTC.
    static func time(_ item: Item, _ tag: UInt16) -> Int64? {
        var value: UInt64 = 0
        guard libpff_item_get_entry_value_filetime(item, 0, UInt32(tag), &value, 0, nil) == 1, value > 0,
              value < 2_650_467_744_000_000_000 else { return nil }
        return Int64(value / 10_000) - 11_644_473_600_000
    }

    /// A body, by its size and read functions; nil when absent, empty or over `maxBytes`.
    static func body(_ item: Item, maxBytes: Int,
                     size sizeFunction: (Item, UnsafeMutablePointer<Int>, UnsafeMutablePointer<Error?>?) -> Int32,
                     read: (Item, UnsafeMutablePointer<UInt8>, Int, UnsafeMutablePointer<Error?>?) -> Int32) -> [UInt8]? {
        var size = 0
        guard sizeFunction(item, &size, nil) == 1, size > 0, size <= maxBytes else { return nil }
        var buffer = [UInt8](repeating: 0, count: size)
        let ok = buffer.withUnsafeMutableBufferPointer { pointer -> Bool in
            guard let base = pointer.baseAddress else { return false }
            return read(item, base, size, nil) == 1
        }
        guard ok else { return nil }
        while buffer.last == 0 { buffer.removeLast() }
        return buffer.isEmpty ? nil : buffer
    }
}

extension String {
    /// A folder name as one step of a path: its own slashes become a look-alike.
    fileprivate func replacingSlashes() -> String {
        String(map { $0 == "/" ? "\u{2215}" : $0 })
    }
}

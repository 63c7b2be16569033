#if canImport(Glibc)
import Glibc
#endif

/// A file system path as the bytes the kernel uses. Seized media often carry names that
/// are not UTF-8 (Latin-1 names from old Windows or FAT volumes); a Swift `String` would
/// replace their bytes and then fail to open the file, so paths are kept as bytes and
/// only turned into text for display and for the record.
public struct RawPath: Hashable, Sendable {
    public let bytes: [UInt8]

    public init(_ text: String) { bytes = Array(text.utf8) }
    public init(bytes: [UInt8]) { self.bytes = bytes }

    public var isValidUTF8: Bool { String(validating: bytes, as: UTF8.self) != nil }

    /// The path as text: UTF-8 as it is, every byte that is not part of valid UTF-8 as `\xNN`.
    public var display: String {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        var out = ""
        var index = 0
        while index < bytes.count {
            let lead = bytes[index]
            let length = lead < 0x80 ? 1 : lead >> 5 == 0b110 ? 2 : lead >> 4 == 0b1110 ? 3 : lead >> 3 == 0b11110 ? 4 : 0
            if length > 0, index + length <= bytes.count,
               let piece = String(validating: bytes[index..<(index + length)], as: UTF8.self) {
                out += piece
                index += length
            } else {
                out += "\\x" + String(lead, radix: 16, uppercase: true).leftPadded(to: 2)
                index += 1
            }
        }
        return out
    }

    public var lastComponent: RawPath {
        let trimmed = bytes.last == 0x2F ? Array(bytes.dropLast()) : bytes
        guard let slash = trimmed.lastIndex(of: 0x2F) else { return RawPath(bytes: trimmed) }
        return RawPath(bytes: Array(trimmed[(slash + 1)...]))
    }

    public func appending(_ component: RawPath) -> RawPath {
        if bytes.isEmpty { return component }
        return RawPath(bytes: bytes + (bytes.last == 0x2F ? [] : [0x2F]) + component.bytes)
    }

    public var isAbsolute: Bool { bytes.first == 0x2F }

    public func withCString<R>(_ body: (UnsafePointer<CChar>) throws -> R) rethrows -> R {
        try (bytes + [0]).withUnsafeBufferPointer { buffer in
            try buffer.withMemoryRebound(to: CChar.self) { try body($0.baseAddress!) }
        }
    }

    /// Entries of the directory at this path (no "." or ".."), as raw names, sorted bytewise.
    public func list() throws -> [RawPath] {
        guard let directory = withCString({ opendir($0) }) else {
            throw FileSystem.ioError(errno, "list", display)
        }
        defer { closedir(directory) }
        var names: [RawPath] = []
        while let entry = readdir(directory) {
            let name = FileSystem.direntName(entry)
            if name != [0x2E] && name != [0x2E, 0x2E] { names.append(RawPath(bytes: name)) }
        }
        return names.sorted { $0.bytes.lexicographicallyPrecedes($1.bytes) }
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}

import CArchive
#if canImport(Glibc)
import Glibc
#endif

/// What an archive's header says of one member, copied out of libarchive's entry (which is
/// reused for the next member).
struct ArchiveMemberHeader {
    enum Kind: Equatable {
        case file
        case directory
        /// A symbolic or hard link, and what it points to: no item of its own.
        case link(target: [UInt8])
        /// A device, FIFO or socket: no item.
        case special
    }

    /// The path as stored (raw bytes; libarchive's UTF-8 form where it has one).
    let path: [UInt8]
    let kind: Kind
    /// The member's data (or metadata) is encrypted.
    let encrypted: Bool
    /// The size the header declares, when it declares one (never trusted for allocation).
    let declaredSize: Int64?

    init(_ entry: OpaquePointer) {
        path = Self.bytes(archive_entry_pathname_utf8(entry) ?? archive_entry_pathname(entry))
        encrypted = archive_entry_is_encrypted(entry) != 0
        declaredSize = archive_entry_size_is_set(entry) != 0 ? archive_entry_size(entry) : nil
        if let target = archive_entry_hardlink_utf8(entry) ?? archive_entry_hardlink(entry) {
            kind = .link(target: Self.bytes(target))
            return
        }
        // File type bits of the mode (AE_IFMT and friends, macros Swift does not import).
        switch archive_entry_filetype(entry) & 0o170000 {
        case 0o100000: kind = .file
        case 0o040000: kind = .directory
        // No type at all (some writers): a path ending in "/" is a folder, else a file.
        case 0: kind = path.last == UInt8(ascii: "/") ? .directory : .file
        case 0o120000: kind = .link(target: Self.bytes(archive_entry_symlink_utf8(entry) ?? archive_entry_symlink(entry)))
        default: kind = .special
        }
    }

    private static func bytes(_ text: UnsafePointer<CChar>?) -> [UInt8] {
        guard let text else { return [] }
        return Array(UnsafeBufferPointer(start: UnsafeRawPointer(text).assumingMemoryBound(to: UInt8.self), count: strlen(text)))
    }
}

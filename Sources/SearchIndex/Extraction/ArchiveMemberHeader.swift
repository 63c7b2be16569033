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

    /// The path as UTF-8 bytes: libarchive's UTF-8 form, else its wide form (RAR 4 names
    /// and others it holds as Unicode, which it cannot turn into UTF-8 in the C locale), else
    /// the stored bytes as they are.
    let path: [UInt8]
    let kind: Kind
    /// The member's data (or metadata) is encrypted.
    let encrypted: Bool
    /// The size the header declares, when it declares one (never trusted for allocation).
    let declaredSize: Int64?

    init(_ entry: OpaquePointer) {
        path = Self.text(archive_entry_pathname_utf8(entry), archive_entry_pathname_w(entry), archive_entry_pathname(entry))
        encrypted = archive_entry_is_encrypted(entry) != 0
        declaredSize = archive_entry_size_is_set(entry) != 0 ? archive_entry_size(entry) : nil
        let hardlink = (archive_entry_hardlink_utf8(entry), archive_entry_hardlink_w(entry), archive_entry_hardlink(entry))
        if hardlink.0 != nil || hardlink.1 != nil || hardlink.2 != nil {
            kind = .link(target: Self.text(hardlink.0, hardlink.1, hardlink.2))
            return
        }
        // File type bits of the mode (AE_IFMT and friends, macros Swift does not import).
        switch archive_entry_filetype(entry) & 0o170000 {
        case 0o100000: kind = .file
        case 0o040000: kind = .directory
        // No type at all (some writers): a path ending in "/" is a folder, else a file.
        case 0: kind = path.last == UInt8(ascii: "/") ? .directory : .file
        case 0o120000:
            kind = .link(target: Self.text(archive_entry_symlink_utf8(entry), archive_entry_symlink_w(entry),
                                           archive_entry_symlink(entry)))
        default: kind = .special
        }
    }

    private static func text(_ utf8: UnsafePointer<CChar>?, _ wide: UnsafePointer<wchar_t>?,
                             _ stored: UnsafePointer<CChar>?) -> [UInt8] {
        if utf8 != nil { return bytes(utf8) }
        if let wide {
            // wchar_t is UTF-32 here (glibc); a value that is no scalar becomes U+FFFD.
            var scalars = String.UnicodeScalarView()
            var index = 0
            while wide[index] != 0 {
                scalars.append(Unicode.Scalar(UInt32(bitPattern: wide[index])) ?? "\u{FFFD}")
                index += 1
            }
            return Array(String(scalars).utf8)
        }
        return bytes(stored)
    }

    private static func bytes(_ text: UnsafePointer<CChar>?) -> [UInt8] {
        guard let text else { return [] }
        return Array(UnsafeBufferPointer(start: UnsafeRawPointer(text).assumingMemoryBound(to: UInt8.self), count: strlen(text)))
    }
}

/// Formats recognised but not read, so that an item says what it is ("unsupported: Apple
/// iWork") instead of "a ZIP archive" or nothing: an investigator then knows to open it in the
/// application, and which items a later version of this reader would add.
enum NamedUnsupportedFormat {
    static let iWorkReason = "an Apple iWork document (Pages, Numbers or Keynote), whose content is stored as protobuf IWA objects that are not read: unsupported: Apple iWork"
    static let oneNoteReason = "The file is a Microsoft OneNote section (.one), whose revision-store format is not read: unsupported: OneNote."

    /// iWork '13 and later: `Index/*.iwa` entries (or `Index.zip` holding them, in packages
    /// saved as single files by older versions); iWork '09: `index.xml` with a `QuickLook/`
    /// preview, or the gzipped `index.apxl.gz` / `index.xml.gz`.
    static func reason(of archive: ZipArchive) -> String? {
        let names = archive.entries.lazy.map { $0.name.lowercased() }
        let isIWork = names.contains { ($0.hasPrefix("index/") && $0.hasSuffix(".iwa")) || $0 == "index.zip" }
            || names.contains { $0 == "index.apxl.gz" || $0 == "index.xml.gz" }
            || (names.contains("index.xml") && names.contains { $0.hasPrefix("quicklook/") })
        return isIWork ? iWorkReason : nil
    }

    /// The file-format GUIDs a OneNote revision store file begins with ([MS-ONESTORE] 2.3.1):
    /// {7B5C52E4-D88C-4DA7-AEB1-5378D02996D3} for a section (.one) and
    /// {43FF2FA1-EFD9-4C76-9EE2-10EA5722765F} for a table of contents (.onetoc2), in the
    /// GUID's little-endian byte order.
    static let oneNoteSignatures: [[UInt8]] = [
        [0xE4, 0x52, 0x5C, 0x7B, 0x8C, 0xD8, 0xA7, 0x4D, 0xAE, 0xB1, 0x53, 0x78, 0xD0, 0x29, 0x96, 0xD3],
        [0xA1, 0x2F, 0xFF, 0x43, 0xD9, 0xEF, 0x76, 0x4C, 0x9E, 0xE2, 0x10, 0xEA, 0x57, 0x22, 0x76, 0x5F],
    ]

    /// Whether `document` is the verdict on a named format, final for the dispatcher.
    static func isNamed(_ document: ExtractedDocument) -> Bool {
        document.outcome == .unsupported && (document.reason?.contains("unsupported: Apple iWork") == true
            || document.reason?.contains("unsupported: OneNote") == true)
    }

    /// The outcome for a file that is not a ZIP but a named format, or nil.
    static func document(_ bytes: [UInt8]) -> ExtractedDocument? {
        if oneNoteSignatures.contains(where: { bytes.starts(with: $0) }) {
            return ExtractedDocument(outcome: .unsupported, reason: oneNoteReason)
        }
        return nil
    }
}

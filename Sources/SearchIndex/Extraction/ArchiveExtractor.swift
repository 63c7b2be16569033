/// The members of an archive (ZIP, tar, gzip/bzip2/xz-compressed tar or lone file, 7z,
/// RAR) as child items, read through libarchive. The archive's own text is its members'
/// paths, one a line, so that a search for a file name inside finds the archive; each
/// member's text is extracted when its own item is indexed (a member that is an archive
/// is opened then, one derivation round deeper).
///
/// Limits (`ExtractionLimits`): at most `maxChildren` members kept, `maxExpandedBytes`
/// expanded in all, and no member expanding past `maxCompressionRatio` times the input its
/// reading consumed (checked while it is read, above a 1 MiB floor). A member over a limit
/// is not kept and the outcome is `partial`, its reason naming the limit; an encrypted or
/// damaged member is named in the reason too. Nothing from an archive is written to disk.
public enum ArchiveExtractor {
    /// Expanded members up to this size are not held to the ratio limit: small, repetitive
    /// files legitimately compress far better than 200:1, and the total budget bounds them.
    public static let ratioCheckFloor = 1 << 20

    public static func extract(_ bytes: [UInt8], format: ArchiveFormat, name: String?,
                               limits: ExtractionLimits = ExtractionLimits()) -> ExtractedDocument {
        guard bytes.count <= limits.maxInputBytes else {
            return ExtractedDocument(outcome: .failed, reason: "the file is larger than the \(limits.maxInputBytes >> 20) MiB extraction limit")
        }
        do {
            return try ArchiveReader.read(bytes, as: format) { reader in
                var walk = ArchiveWalk(reader: reader, format: format, archiveName: name, limits: limits)
                walk.run()
                return walk.document()
            }
        } catch {
            return ExtractedDocument(outcome: .failed, reason: "The file could not be read as a \(format.displayName) archive: \(error.reason).")
        }
    }
}

extension ArchiveFormat {
    /// The name a reason gives the format.
    var displayName: String {
        switch self {
        case .zip: "ZIP"
        case .tar: "tar"
        case .compressed: "compressed (gzip, bzip2 or xz)"
        case .sevenZip: "7z"
        case .rar: "RAR"
        }
    }
}

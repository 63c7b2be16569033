/// Why a ZIP archive, or one entry of it, could not be read. Every way a hostile or broken
/// archive can fail ends here, bounded, rather than in a crash or an unbounded allocation.
public enum ZipError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No end-of-central-directory record: not a ZIP archive at all.
    case notAnArchive
    /// The archive ends before a structure it declares.
    case truncated(String)
    /// A structure is inconsistent (bad signature, offsets out of range, overlapping entries).
    case malformed(String)
    /// The archive spans several disks (split archives are not read).
    case multiDisk
    /// More entries than the limit allows.
    case tooManyEntries(count: UInt64, limit: Int)
    /// An entry name longer than the limit allows.
    case nameTooLong(length: Int, limit: Int)
    /// The entry is encrypted (traditional PKWARE or AES); its name.
    case encrypted(String)
    /// A compression method other than stored (0) and deflate (8).
    case unsupportedMethod(method: UInt16, entry: String)
    /// Reading would pass a bound of `ExtractionLimits` (expanded size or compression ratio).
    case limitExceeded(String)
    /// The entry's CRC-32 does not match its data.
    case checksumMismatch(String)

    public var description: String {
        switch self {
        case .notAnArchive: "The file is not a ZIP archive."
        case .truncated(let what): "The ZIP archive is truncated: \(what)."
        case .malformed(let what): "The ZIP archive is damaged: \(what)."
        case .multiDisk: "The ZIP archive spans several disks, which is not supported."
        case .tooManyEntries(let count, let limit):
            "The ZIP archive declares \(count) entries, more than the limit of \(limit)."
        case .nameTooLong(let length, let limit):
            "A ZIP entry name is \(length) bytes long, more than the limit of \(limit)."
        case .encrypted(let name): "The ZIP entry \(name) is encrypted."
        case .unsupportedMethod(let method, let name):
            "The ZIP entry \(name) uses compression method \(method), which is not supported."
        case .limitExceeded(let what): "A decompression limit was reached: \(what)."
        case .checksumMismatch(let name): "The ZIP entry \(name) fails its CRC-32 check."
        }
    }
}

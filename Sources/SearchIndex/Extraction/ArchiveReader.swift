import CArchive
#if canImport(Glibc)
import Glibc
#endif

/// One pass over an archive held in memory, through libarchive: the members' headers in
/// order and each member's bytes in chunks. Call and error translation only; the limits
/// are the extractor's. libarchive reads from memory here and nothing is written anywhere:
/// a member's path is only ever a label.
final class ArchiveReader {
    /// What libarchive says of the next member.
    enum Step {
        case member(ArchiveMemberHeader)
        case end
        /// The header could not be read; with `fatal` false, later members may still be.
        case damaged(String, fatal: Bool)
    }

    private let handle: OpaquePointer
    private let input: ArchiveInput

    /// Bytes of input libarchive has consumed so far.
    var consumed: Int { input.handedOut }

    /// Whether libarchive read the input as a lone compressed file (no archive inside).
    var isLoneFile: Bool { archive_format(handle) == ARCHIVE_FORMAT_RAW }

    /// Reads `bytes` as `format` with `body`; the reader lives only inside it, as the
    /// input's memory does. Throws the reason when libarchive cannot open the bytes.
    static func read<T>(_ bytes: [UInt8], as format: ArchiveFormat, _ body: (ArchiveReader) -> T) throws(ArchiveOpenError) -> T {
        // libarchive turns names stored as Unicode (RAR, ZIP's UTF-8 flag, pax) into the
        // current locale's character set, and in the C locale a name outside ASCII is lost.
        // This thread reads in a UTF-8 locale meanwhile; the process's locale is untouched.
        let utf8Locale = newlocale(Int32(1 << LC_CTYPE), "C.UTF-8", nil)
        let previousLocale = utf8Locale.map { uselocale($0) }
        defer {
            if let previousLocale { uselocale(previousLocale) }
            if let utf8Locale { freelocale(utf8Locale) }
        }
        let result: Result<T, ArchiveOpenError> = bytes.withUnsafeBufferPointer { buffer in
            // An empty buffer has no base address; one zero byte stands in (count stays 0).
            var empty: UInt8 = 0
            return withUnsafePointer(to: &empty) { fallback in
                let input = ArchiveInput(base: buffer.baseAddress ?? fallback, count: buffer.count)
                guard let reader = ArchiveReader(input: input, format: format) else {
                    return .failure(ArchiveOpenError(reason: "libarchive could not start a reader"))
                }
                if let failure = reader.open() { return .failure(failure) }
                return .success(body(reader))
            }
        }
        return try result.get()
    }

    private init?(input: ArchiveInput, format: ArchiveFormat) {
        guard let handle = archive_read_new() else { return nil }
        self.handle = handle
        self.input = input
        switch format {
        case .zip:
            // Seekable (from the central directory) where the archive has one; streamable
            // (local headers in order) for an archive cut short before its directory.
            archive_read_support_format_zip(handle)
        case .tar:
            archive_read_support_format_tar(handle)
        case .compressed:
            archive_read_support_filter_gzip(handle)
            archive_read_support_filter_bzip2(handle)
            archive_read_support_filter_xz(handle)
            archive_read_support_format_tar(handle)
            // Whatever is not a tar inside: the one decompressed file.
            archive_read_support_format_raw(handle)
        case .sevenZip:
            archive_read_support_format_7zip(handle)
        case .rar:
            archive_read_support_format_rar(handle)
            archive_read_support_format_rar5(handle)
        }
    }

    deinit {
        archive_read_free(handle)
    }

    private func open() -> ArchiveOpenError? {
        archive_read_set_callback_data(handle, Unmanaged.passUnretained(input).toOpaque())
        archive_read_set_read_callback(handle) { _, data, buffer in
            guard let data, let buffer else { return Int(ARCHIVE_FATAL) }
            return Unmanaged<ArchiveInput>.fromOpaque(data).takeUnretainedValue().read(buffer)
        }
        archive_read_set_seek_callback(handle) { _, data, offset, whence in
            guard let data else { return Int64(ARCHIVE_FATAL) }
            return Unmanaged<ArchiveInput>.fromOpaque(data).takeUnretainedValue().seek(offset: offset, whence: whence)
                ?? Int64(ARCHIVE_FATAL)
        }
        archive_read_set_skip_callback(handle) { _, data, request in
            guard let data else { return 0 }
            return Unmanaged<ArchiveInput>.fromOpaque(data).takeUnretainedValue().skip(request)
        }
        guard archive_read_open1(handle) == ARCHIVE_OK else {
            return ArchiveOpenError(reason: errorText ?? "libarchive does not recognise it")
        }
        return nil
    }

    /// The next member's header.
    func next() -> Step {
        var entry: OpaquePointer?
        let status = archive_read_next_header(handle, &entry)
        if status == ARCHIVE_EOF { return .end }
        guard status == ARCHIVE_OK || status == ARCHIVE_WARN, let entry else {
            return .damaged(errorText ?? "a member header is damaged", fatal: status != ARCHIVE_FAILED && status != ARCHIVE_RETRY)
        }
        return .member(ArchiveMemberHeader(entry))
    }

    /// Reads the current member's next bytes into `buffer`: the count, 0 at its end, or the
    /// error (`fatal`: nothing more can be read from the archive).
    func readData(into buffer: UnsafeMutableRawBufferPointer) -> Result<Int, ArchiveReadError> {
        let count = archive_read_data(handle, buffer.baseAddress, buffer.count)
        if count >= 0 { return .success(count) }
        return .failure(ArchiveReadError(message: errorText ?? "the member's data could not be read",
                                         fatal: count == Int(ARCHIVE_FATAL)))
    }

    /// Skips the rest of the current member; false when the archive cannot go on.
    func skipData() -> Bool {
        archive_read_data_skip(handle) != ARCHIVE_FATAL
    }

    /// libarchive's message for the last error, cut to a sentence's length.
    var errorText: String? {
        guard let message = archive_error_string(handle) else { return nil }
        let text = String(cString: message)
        return text.isEmpty ? nil : String(text.prefix(200))
    }
}

/// Why libarchive could not open the bytes as an archive.
struct ArchiveOpenError: Error {
    let reason: String
}

/// Why a member's data could not be read.
struct ArchiveReadError: Error {
    let message: String
    /// Nothing after it can be read.
    let fatal: Bool
}

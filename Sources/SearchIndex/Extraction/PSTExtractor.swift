import CPFF

/// Outlook PST/OST mailboxes, through libpff's C API in process (over libbfio's memory-range
/// handle, since the extraction child holds the file's bytes and no path): chosen over
/// shelling out to readpst (pst-utils), which would mean an exec and a scratch folder under the
/// child's memory limit. Each message becomes a child item like an mbox message: the folder
/// tree is walked, every message read into an `OutlookMessage` (the same model as .msg) and
/// written as RFC 822 (`OutlookMessage+RFC822.swift`) with its attachments and embedded
/// messages as MIME parts, so `EmailExtractor` reads each child as any .eml, and its
/// attachments become items under it. The folder path is the child's `folder` field, an
/// `X-Outlook-Folder` header, and part of its name. Bounded by `maxChildren` messages, the
/// expansion budget, and the nesting depth.
public enum PSTExtractor {
    /// "!BDN": the first bytes of a PST, OST or PAB file.
    public static let signature: [UInt8] = [0x21, 0x42, 0x44, 0x4E]

    public static func extract(_ bytes: [UInt8], limits: ExtractionLimits = ExtractionLimits()) -> ExtractedDocument {
        guard bytes.count <= limits.maxInputBytes else {
            return ExtractedDocument(outcome: .failed,
                                     reason: "The file is larger than the extraction limit of \(limits.maxInputBytes) bytes.")
        }
        guard bytes.starts(with: signature) else {
            return ExtractedDocument(outcome: .failed, reason: "The file is not an Outlook PST: it does not start with !BDN.")
        }
        var copy = bytes
        return copy.withUnsafeMutableBufferPointer { buffer -> ExtractedDocument in
            guard let base = buffer.baseAddress else {
                return ExtractedDocument(outcome: .failed, reason: "The PST file is empty.")
            }
            var handle: UnsafeMutablePointer<libbfio_handle_t>?
            var bfioError: UnsafeMutablePointer<libbfio_error_t>?
            guard libbfio_memory_range_initialize(&handle, &bfioError) == 1, let handle,
                  libbfio_memory_range_set(handle, base, buffer.count, &bfioError) == 1 else {
                libbfio_error_free(&bfioError)
                return ExtractedDocument(outcome: .failed, reason: "The PST file could not be handed to libpff.")
            }
            var mutableHandle: UnsafeMutablePointer<libbfio_handle_t>? = handle
            defer { libbfio_handle_free(&mutableHandle, nil) }
            var file: UnsafeMutablePointer<libpff_file_t>?
            var error: UnsafeMutablePointer<libpff_error_t>?
            guard libpff_file_initialize(&file, &error) == 1, let file else {
                return ExtractedDocument(outcome: .failed, reason: "libpff could not start: \(PFF.message(&error)).")
            }
            var mutableFile: UnsafeMutablePointer<libpff_file_t>? = file
            defer { libpff_file_free(&mutableFile, nil) }
            guard libpff_file_open_file_io_handle(file, handle, Int32(LIBPFF_ACCESS_FLAG_READ.rawValue), &error) == 1 else {
                return ExtractedDocument(outcome: .failed, reason: "The PST file is damaged: \(PFF.message(&error)).")
            }
            defer { libpff_file_close(file, nil) }
            var walker = PSTWalker(context: TextExtractionContext(limits: limits))
            var root: PFF.Item?
            guard libpff_file_get_root_folder(file, &root, &error) == 1, let root else {
                return ExtractedDocument(outcome: .failed, reason: "The PST file is damaged: it has no root folder (\(PFF.message(&error))).")
            }
            walker.walk(folder: root, path: [], depth: 0)
            var rootItem: PFF.Item? = root
            libpff_item_free(&rootItem, nil)
            return walker.document()
        }
    }
}

/// The folder walk of one PST.
struct PSTWalker {
    let context: TextExtractionContext
    var children: [ExtractedChild] = []
    var notes = TextExtractionNotes()
    var subjects = TextBuilder(limit: 1 << 20)
    var folders = 0
    var full = false

    init(context: TextExtractionContext) {
        self.context = context
    }

    mutating func walk(folder: PFF.Item, path: [String], depth: Int) {
        guard !full else { return }
        guard depth < context.maxDepth else {
            notes.add("folders nested deeper than \(context.maxDepth) levels were not read")
            return
        }
        folders += 1
        var name = PFF.folderName(folder)
        if depth == 0 { name = nil }  // the root folder has no name worth showing
        let here = path + (name.map { [$0] } ?? [])
        var count: Int32 = 0
        if libpff_folder_get_number_of_sub_messages(folder, &count, nil) == 1 {
            for index in 0..<count {
                guard !full else { break }
                var item: PFF.Item?
                var error: PFF.Error?
                guard libpff_folder_get_sub_message(folder, index, &item, &error) == 1, let message = item else {
                    notes.add("a message could not be read (\(PFF.message(&error)))")
                    continue
                }
                add(message: message, folder: here.joined(separator: "/"))
                libpff_item_free(&item, nil)
            }
        }
        var subfolders: Int32 = 0
        if libpff_folder_get_number_of_sub_folders(folder, &subfolders, nil) == 1 {
            for index in 0..<subfolders {
                var item: PFF.Item?
                var error: PFF.Error?
                guard libpff_folder_get_sub_folder(folder, index, &item, &error) == 1, let sub = item else {
                    notes.add("a folder could not be read (\(PFF.message(&error)))")
                    continue
                }
                walk(folder: sub, path: here, depth: depth + 1)
                libpff_item_free(&item, nil)
            }
        }
    }

    private mutating func add(message item: PFF.Item, folder: String) {
        guard context.reserveChild() else {
            notes.add("messages after the first \(children.count) were not split out (the limit is \(context.limits.maxChildren) child items)")
            full = true
            return
        }
        var message = OutlookMessage(pff: item, context: context, depth: 0)
        if !folder.isEmpty { message.extraFields["folder"] = folder }
        let bytes = message.rfc822(context: context)
        guard context.reserveExpanded(bytes.count) else {
            notes.add("messages beyond the expansion limit of \(context.limits.maxExpandedBytes) bytes were not kept")
            full = true
            return
        }
        for note in message.notes.items { notes.add(note) }
        var document = 1 <= context.maxDepth ? EmailExtractor.extract(bytes[...], context: context, depth: 1) : nil
        if !folder.isEmpty { document?.fields["folder"] = folder }
        let subject = message.subject.map { TextNormalisation.collapseWhitespace($0) } ?? ""
        var name = "message \(children.count + 1)"
        if !folder.isEmpty { name += " - " + TextNormalisation.prefix(folder, maxBytes: 120) }
        if !subject.isEmpty { name += " - " + TextNormalisation.prefix(subject, maxBytes: 160) }
        children.append(ExtractedChild(name: name, mediaType: "message/rfc822", bytes: bytes, document: document,
                                           part: .message))
        if !subjects.isEmpty { subjects.append(byte: 0x0A) }
        subjects.append(subject.isEmpty ? "(no subject)" : subject)
    }

    func document() -> ExtractedDocument {
        ExtractedDocument(outcome: notes.isEmpty ? .ok : .partial, reason: notes.reason, text: subjects.string,
                          fields: ["messages": String(children.count), "folders": String(folders)], children: children)
    }
}

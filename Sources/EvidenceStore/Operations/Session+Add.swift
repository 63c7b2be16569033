import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What `evidence add` records about the items of one invocation.
public struct AddOptions: Sendable {
    public var caseReference: String
    public var kind: String = "exhibit"
    public var exhibitRef: String?
    public var description: String?
    public var seizedBy: String?
    public var seizedAt: Timestamp?
    public var location: String?
    /// The seal or bag number the exhibit is in.
    public var seal: String?
    /// Where the exhibit is stored.
    public var storageLocation: String?
    public var classification: Classification?
    public var sensitive = false
    public var expectedSHA256: [UInt8]?
    /// The retention review date recorded with each item (`reviewDate` in `item.added`).
    public var reviewDate: CalendarDate?
    public var reason: String?
    public var wait: Double = 0
    /// The name recorded for the one file added (its `name` and `path` in `item.added`)
    /// instead of the file's own: an upload waits under a name of the service's choosing, and
    /// is recorded under the client's. A name, not a path: no `/` and no NUL.
    public var originalName: String?

    public init(caseReference: String) { self.caseReference = caseReference }

    public static let kinds = ["exhibit", "statement", "document", "email", "image", "video", "other"]

    /// Refuses descriptive text that is too long or holds control characters (64).
    public func validateText() throws {
        try Session.validateText(description, field: .description, limit: 8000)
        try Session.validateText(exhibitRef, field: .exhibitRef, limit: 64)
        try Session.validateText(seizedBy, field: .seizedBy, limit: 200)
        try Session.validateText(location, field: .location, limit: 500)
        try Session.validateText(seal, field: .seal, limit: 64)
        try Session.validateText(storageLocation, field: .storageLocation, limit: 500)
    }
}

/// One item committed by `evidence add`, reported only after its checkpoint is durable.
public struct AddedItem: Sendable, Codable, Equatable {
    public let id: String
    public let caseID: String
    public let sha256: String
    public let size: UInt64
    public let path: String
    public let duplicateOf: String?
}

/// What an `add` that returned did not store: files that changed while they were read.
public struct AddOutcome: Sendable {
    /// Items committed and reported.
    public internal(set) var added = 0
    /// Files refused because they changed while they were read; nothing was stored for them.
    public internal(set) var changed: [ChangedSource] = []

    /// The failure to report once the items that were fine are committed (65: the input was
    /// not one consistent file), or nil when every file was stored.
    public var failure: EvidenceError? {
        guard let first = changed.first else { return nil }
        let others = added == 0 ? "" : "; the \(added) other file\(added == 1 ? " was" : "s were") stored"
        if changed.count == 1 {
            return EvidenceError(.data, "\(first.path) changed while it was read (\(first.change)) and was refused: nothing was stored for it\(others). Add it again once nothing writes to it.")
        }
        return EvidenceError(.data, "\(changed.count) files changed while they were read and were refused (named above): nothing was stored for them\(others). Add them again once nothing writes to them.")
    }
}

/// A file found under the paths given to `add`.
struct IngestSource {
    let absolute: RawPath
    /// The path recorded for the item: relative to the folder given, or the file name.
    let recorded: RawPath

    var absolutePath: String { absolute.display }
    var recordedPath: String { recorded.display }
}

extension Session {
    /// How long committed items may wait for their checkpoint before being reported.
    static let groupCommitInterval: TimeInterval = 1.0
    static let groupCommitMaxItems = 256

    /// `add` for paths that are valid UTF-8 text.
    @discardableResult
    public func add(paths: [String], options: AddOptions, warn: (String) -> Void,
                    progress: ((String, UInt64) -> Void)? = nil, report: (AddedItem) throws -> Void) throws -> AddOutcome {
        try add(paths: paths.map(RawPath.init), options: options, warn: warn, progress: progress, report: report)
    }

    /// `evidence add`: streams each file into an object, then records it in the ledger.
    /// Items are reported through `report` as soon as the checkpoint covering them is durable.
    /// Paths that hold no regular file at all are refused (66) before anything is recorded.
    /// A file that changes while it is read is refused and named through `warn`, and the others
    /// are still committed: the outcome lists it, and its `failure` is what to report.
    @discardableResult
    public func add(paths: [RawPath], options: AddOptions, warn: (String) -> Void,
                    progress: ((String, UInt64) -> Void)? = nil, report: (AddedItem) throws -> Void) throws -> AddOutcome {
        guard AddOptions.kinds.contains(options.kind) else {
            throw EvidenceError(.usage, field: .kind, "\(name: .kind) must be one of \(AddOptions.kinds.joined(separator: ", ")).")
        }
        try options.validateText()
        var skipped = 0
        let sources = try Self.recording(Self.collectSources(paths) { warning in
            skipped += 1
            warn(warning)
        }, as: options.originalName)
        guard !sources.isEmpty else {
            let named = skipped == 0 ? "" : " (\(skipped) skipped, named above)"
            throw EvidenceError(.noInput, "Nothing was added: the paths given hold no regular file\(named).")
        }
        if options.expectedSHA256 != nil && sources.count != 1 {
            throw EvidenceError(.usage, field: .expectedSHA256, "\(name: .expectedSHA256) applies to exactly one file; \(sources.count) were given.")
        }
        // Decided before the writer lock is taken, so that a refusal can be recorded.
        let caseRecord = try findCase(options.caseReference, for: .addItem, reason: options.reason, wait: options.wait)
        let directory = repository.objectDirectory(caseID: caseRecord.id)
        let transaction = try LedgerTransaction(session: self, wait: options.wait, shareable: true) {
            Self.removeAbandonedObjects(in: directory, warn: warn)
        }
        var pendingReports: [AddedItem] = []
        var outcome = AddOutcome()
        var lastCommit = Date()
        func flush() throws {
            try transaction.commit()
            outcome.added += pendingReports.count
            for item in pendingReports { try report(item) }
            pendingReports = []
            lastCommit = Date()
        }
        do {
            let generation = try transaction.currentGeneration(caseID: caseRecord.id)
            // The item's class key seals its object and entries (FORMAT §5.4).
            let keyClass = KeyClass(classification: Self.itemClassification(options, in: caseRecord), sensitive: options.sensitive)
            guard try keys.caseKeys(caseID: caseRecord.id, generation: generation) != nil else {
                throw EvidenceError.noSuchCase(options.caseReference)
            }
            guard let caseKeys = try keys.caseKeys(caseID: caseRecord.id, keyID: keyClass.keyID(generation: generation)) else {
                throw LedgerTransaction.missingClassKey(keyClass, caseID: options.caseReference, generation: generation)
            }
            // Files are staged (read, hashed, sealed, written) two at a time while their
            // ledger entries are appended strictly in the order the files were given.
            let chunkSize = repository.config.chunkSize
            let progressBox = ProgressBox(progress)
            let stager = ConcurrentStager(count: sources.count, workers: 2, lookahead: 64) { index in
                try Self.stage(sources[index], directory: directory, caseKeys: caseKeys, chunkSize: chunkSize,
                               progress: progressBox)
            }
            defer { stager.cancelAndDiscard() }
            var stagedNames: [String: (itemID: String, object: LedgerEntry.ObjectRef)] = [:]
            for (index, source) in sources.enumerated() {
                let staged: StagedSource
                do {
                    staged = try stager.result(index)
                } catch let changed as ChangedSource {
                    // Its temporary object is already deleted; the files that were fine go on.
                    warn("Refused \(changed.path): it changed while it was read (\(changed.change)); nothing was stored for it.")
                    outcome.changed.append(changed)
                    continue
                }
                let item = try record(staged, source: source, caseRecord: caseRecord, caseKeys: caseKeys, options: options,
                                      transaction: transaction, stagedNames: &stagedNames)
                pendingReports.append(item)
                if pendingReports.count >= Self.groupCommitMaxItems
                    || Date().timeIntervalSince(lastCommit) >= Self.groupCommitInterval {
                    try flush()
                }
            }
            try flush()
            try transaction.finish()
        } catch {
            transaction.abandon()
            throw error
        }
        return outcome
    }

    /// The sources with the one file recorded under `name` (`AddOptions.originalName`), if given.
    static func recording(_ sources: [IngestSource], as name: String?) throws -> [IngestSource] {
        guard let name, let only = sources.first else { return sources }
        guard sources.count == 1 else {
            throw EvidenceError(.usage, "A recorded name applies to exactly one file; \(sources.count) were given.")
        }
        guard !name.isEmpty, !name.utf8.contains(0x2F), !name.utf8.contains(0) else {
            throw EvidenceError(.usage, "A recorded name is a file's name: not empty, with no / and no NUL.")
        }
        return [IngestSource(absolute: only.absolute, recorded: RawPath(name))]
    }

    /// An item's classification: the one asked for, or else its case's.
    static func itemClassification(_ options: AddOptions, in caseRecord: CaseRecord) -> Classification {
        options.classification ?? Classification(rawValue: caseRecord.classification ?? "") ?? .official
    }

    /// Deletes the temporary objects a killed `add` left in a case's object folder (up to
    /// `ConcurrentStager`'s lookahead of files, which may be large). Only the writer-lock
    /// holder writes there, so when a process takes the lock, before any of its transactions
    /// begins, every `.tmp-` file is abandoned. A file that cannot be deleted is only warned
    /// about: it takes space but carries no meaning.
    static func removeAbandonedObjects(in directory: String, warn: (String) -> Void) {
        let names = (try? FileSystem.list(directory)) ?? []
        for name in names where name.hasPrefix(".tmp-") {
            let path = (directory as NSString).appendingPathComponent(name)
            guard FileSystem.isRegularFile(path) else { continue }
            do {
                try FileSystem.remove(path)
            } catch {
                warn("could not delete \(path), a temporary object an interrupted add left: \(error)")
            }
        }
    }

    /// A file read, hashed and sealed into a temporary object, with what `record` needs.
    struct StagedSource {
        let object: ObjectWriter.Staged
        let modified: Timestamp
        let head: [UInt8]
    }

    /// The thread-safe half of ingesting a file: touches no session state.
    static func stage(_ source: IngestSource, directory: String, caseKeys: CaseKeys, chunkSize: Int,
                      progress: ProgressBox) throws -> StagedSource {
        let fd = source.absolute.withCString { Glibc.open($0, O_RDONLY | O_NOFOLLOW | O_CLOEXEC) }
        guard fd >= 0 else {
            let code = errno
            if code == ENOENT { throw EvidenceError(.noInput, "\(source.absolutePath) does not exist.") }
            throw EvidenceError(.io, "Could not read \(source.absolutePath): \(String(cString: strerror(code))); no item was added.")
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            throw EvidenceError(.io, "Could not read \(source.absolutePath): it is not a regular file; no item was added.")
        }
        let snapshot = SourceSnapshot(info)
        let modified = Timestamp(milliseconds: Int64(info.st_mtim.tv_sec) * 1000 + Int64(info.st_mtim.tv_nsec) / 1_000_000)
        var head = [UInt8](repeating: 0, count: 16)
        let headCount = pread(fd, &head, 16, 0)
        head = headCount > 0 ? Array(head.prefix(headCount)) : []
        _ = posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL)
        // Opened by name a second time: only used if it is still the same file.
        var direct = SourceFile.openDirect(source.absolute)
        if let opened = direct {
            var directInfo = stat()
            if fstat(opened, &directInfo) != 0 || !snapshot.isSameFile(as: directInfo) {
                close(opened)
                direct = nil
            }
        }
        defer { if let direct { close(direct) } }
        do {
            let object = try ObjectWriter.write(source: SourceFile(buffered: fd, direct: direct, name: source.absolutePath),
                                                fileSize: UInt64(max(0, info.st_size)), directory: directory,
                                                keys: caseKeys, chunkSize: chunkSize,
                                                progress: progress.callback(for: source.recordedPath))
            let change: String?
            do {
                change = try snapshot.change(fd: fd, path: source.absolute, bytesRead: object.size)
            } catch {
                object.discard()
                throw error
            }
            if let change {
                object.discard()
                throw ChangedSource(path: source.absolutePath, change: change)
            }
            return StagedSource(object: object, modified: modified, head: head)
        } catch let error as EvidenceError where error.kind == .io && error.message.hasPrefix("The disk is full") {
            throw EvidenceError(.io, "The disk is full: \(source.recordedPath) was not added (items reported before it are stored).")
        }
    }

    /// The in-order half: checks, dedup, naming the object, and the ledger entry.
    private func record(_ stagedSource: StagedSource, source: IngestSource, caseRecord: CaseRecord, caseKeys: CaseKeys,
                        options: AddOptions, transaction: LedgerTransaction,
                        stagedNames: inout [String: (itemID: String, object: LedgerEntry.ObjectRef)]) throws -> AddedItem {
        let staged = stagedSource.object
        if let expected = options.expectedSHA256, expected != staged.sha256 {
            staged.discard()
            throw EvidenceError(.data, "The SHA-256 of \(source.absolutePath) is \(Hex.encode(staged.sha256)), not the expected \(Hex.encode(expected)); nothing was stored.")
        }
        let itemID = try ULID.make(prefix: "itm")
        let (objectRef, duplicateOf) = try placeObject(staged, itemID: itemID, caseID: caseRecord.id, caseKeys: caseKeys,
                                                       stagedNames: &stagedNames)
        let salt = try SecureRandom.bytes(32)
        let commitment = try SHA256.hash(salt + staged.sha256)
        let fileName = source.recorded.lastComponent.display
        let classification = Self.itemClassification(options, in: caseRecord).rawValue
        let seizedAt = options.seizedAt?.description
        let sealed = ItemAddedEvent.Sealed(
            sha256: Hex.encode(staged.sha256), salt: Hex.encode(salt), size: Int64(staged.size), name: fileName,
            path: source.recordedPath,
            // A name that is not UTF-8 is shown with \xNN escapes and also kept exactly.
            rawPath: source.recorded.isValidUTF8 ? nil : Base64.encode(source.recorded.bytes),
            modified: stagedSource.modified.description, kind: options.kind, classification: classification,
            sensitive: options.sensitive, mediaType: MediaType.guess(name: fileName, head: stagedSource.head),
            exhibitRef: options.exhibitRef, description: options.description, seizedBy: options.seizedBy,
            seizedAt: seizedAt, location: options.location, seal: options.seal,
            storageLocation: options.storageLocation, duplicateOf: duplicateOf, reviewDate: options.reviewDate?.description)
        // The auditor sees the custody facts; the description stays with the case.
        let facts = ItemAddedEvent.AuditFacts(size: Int64(staged.size), exhibitRef: options.exhibitRef,
                                              seizedBy: options.seizedBy, seizedAt: seizedAt, location: options.location,
                                              seal: options.seal, storageLocation: options.storageLocation)
        try transaction.append(ItemAddedEvent(
            publicPart: VisibilityFacts(classification: classification, sensitive: options.sensitive),
            sealedPart: sealed, audit: audit(facts, reason: options.reason)
        ).draft(caseID: caseRecord.id, itemID: itemID, object: objectRef, commitment: commitment))
        // Report "same content as" only when the adder may see that item: otherwise it would
        // reveal that a hidden item exists, and what it holds.
        var shownDuplicate = duplicateOf
        if let earlier = duplicateOf, !stagedNames.values.contains(where: { $0.itemID == earlier }),
           try findItemIfVisible(earlier) == nil {
            shownDuplicate = nil
        }
        return AddedItem(id: itemID, caseID: caseRecord.id, sha256: Hex.encode(staged.sha256), size: staged.size,
                         path: source.recordedPath, duplicateOf: shownDuplicate)
    }

    /// The first committed, undisposed item of `caseID` whose object has this name, if any
    /// (a disposed item's object is gone, or about to be).
    /// Where a staged object's bytes go: onto an object staged earlier in this commit or one
    /// the ledger already references in the case (the staged copy is discarded, and the item
    /// is a duplicate of the first), or into place under its keyed name. Dedup lands only on
    /// objects the ledger references, and never across cases.
    func placeObject(_ staged: ObjectWriter.Staged, itemID: String, caseID: String, caseKeys: CaseKeys,
                     stagedNames: inout [String: (itemID: String, object: LedgerEntry.ObjectRef)])
        throws -> (object: LedgerEntry.ObjectRef, duplicateOf: String?) {
        let name = try caseKeys.objectName(forSHA256: staged.sha256)
        if let earlier = try stagedNames[name] ?? committedObject(caseID: caseID, name: name) {
            staged.discard()
            return (earlier.object, earlier.itemID)
        }
        do {
            try staged.commit(to: repository.objectPath(caseID: caseID, name: name))
        } catch {
            staged.discard()
            throw error
        }
        let object = LedgerEntry.ObjectRef(name: name, ciphertextSHA256: staged.ciphertextSHA256,
                                           ciphertextSize: staged.ciphertextSize)
        stagedNames[name] = (itemID, object)
        return (object, nil)
    }

    func committedObject(caseID: String, name: String) throws -> (itemID: String, object: LedgerEntry.ObjectRef)? {
        // One seek on the catalog (Catalog.committedObjectQuery), whatever the size of the case.
        guard let found = try catalog.firstLiveObject(caseID: caseID, objectName: name),
              let digest = Hex.decode(found.ciphertextSHA256),
              FileSystem.exists(repository.objectPath(caseID: caseID, name: name)) else { return nil }
        return (found.itemID, LedgerEntry.ObjectRef(name: name, ciphertextSHA256: digest,
                                                    ciphertextSize: UInt64(clamping: found.ciphertextSize)))
    }

    public static func validateText(_ text: String?, field: EvidenceError.Field, limit: Int) throws {
        guard let text else { return }
        guard text.utf8.count <= limit else { throw EvidenceError(.usage, field: field, "\(name: field) is limited to \(limit) bytes.") }
        guard !text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && $0 != "\n" }) else {
            throw EvidenceError(.usage, field: field, "\(name: field) must not contain control characters.")
        }
    }

    /// Expands the paths given to `add`: files as they are, folders recursively (sorted),
    /// skipping symbolic links and anything that is not a regular file, with a warning.
    static func collectSources(_ paths: [RawPath], warn: (String) -> Void) throws -> [IngestSource] {
        guard !paths.isEmpty else { throw EvidenceError(.usage, "Name at least one file or folder to add.") }
        var sources: [IngestSource] = []
        let workingDirectory = RawPath(FileManager.default.currentDirectoryPath)
        for path in paths {
            var info = stat()
            guard path.withCString({ lstat($0, &info) }) == 0 else {
                let code = errno
                if code == ENOENT || code == ENOTDIR { throw EvidenceError(.noInput, "\(path.display) does not exist.") }
                throw FileSystem.ioError(code, "read", path.display)
            }
            let absolute = path.isAbsolute ? path : workingDirectory.appending(path)
            switch info.st_mode & S_IFMT {
            case S_IFREG:
                sources.append(IngestSource(absolute: absolute, recorded: path.lastComponent))
            case S_IFDIR:
                let base = RawPath(((path.display as NSString).standardizingPath as NSString).lastPathComponent)
                let recorded = path.isValidUTF8 ? base : path.lastComponent
                try walk(absolute, recorded: recorded.bytes == Array(".".utf8) || recorded.bytes == Array("/".utf8) ? RawPath(bytes: []) : recorded,
                         into: &sources, warn: warn)
            case S_IFLNK:
                warn("Skipped \(path.display): symbolic links are not followed.")
            default:
                warn("Skipped \(path.display): \(specialFile(info.st_mode)), not a regular file.")
            }
        }
        return sources
    }

    private static func walk(_ directory: RawPath, recorded: RawPath, into sources: inout [IngestSource],
                             warn: (String) -> Void) throws {
        for name in try directory.list() {
            let full = directory.appending(name)
            let relative = recorded.appending(name)
            var info = stat()
            guard full.withCString({ lstat($0, &info) }) == 0 else { throw FileSystem.ioError(errno, "read", full.display) }
            switch info.st_mode & S_IFMT {
            case S_IFREG: sources.append(IngestSource(absolute: full, recorded: relative))
            case S_IFDIR: try walk(full, recorded: relative, into: &sources, warn: warn)
            case S_IFLNK: warn("Skipped \(relative.display): symbolic links are not followed.")
            default: warn("Skipped \(relative.display): \(specialFile(info.st_mode)), not a regular file.")
            }
        }
    }

    /// What a skipped special file is, for the warning that names it.
    private static func specialFile(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFIFO: return "it is a FIFO (named pipe)"
        case S_IFSOCK: return "it is a socket"
        case S_IFCHR: return "it is a character device"
        case S_IFBLK: return "it is a block device"
        default: return "it is a special file"
        }
    }
}

import EvidenceStore

/// Files to add to a case as items, with what is recorded about them.
public struct AddRequest: Sendable, Codable, Equatable {
    public var caseReference: String
    /// Files or folders on the service's host (a server spools an upload to one first).
    public var paths: [String]
    /// The same paths as the bytes the kernel uses, for a caller in this process whose paths
    /// may not be UTF-8 (names from seized media); used instead of `paths` when set.
    public var rawPaths: [RawPath]?
    public var kind: String = "exhibit"
    public var exhibitRef: String?
    public var description: String?
    public var seizedBy: String?
    public var location: String?
    public var seal: String?
    public var storageLocation: String?
    /// OFFICIAL, OFFICIAL-SENSITIVE or SECRET; the case's when nil.
    public var classification: String?
    public var sensitive = false
    /// The SHA-256 (hex) the file must have; only with exactly one file.
    public var expectedSHA256: String?
    /// When the exhibit was seized: an ISO 8601 date or time.
    public var seizedAt: String?
    /// When the items' retention is to be reviewed: YYYY-MM-DD.
    public var reviewDate: String?
    public var reason: String?
    /// Index the items for search as the service is configured to (false: leave it to the
    /// next search, which catches up first; for a large batch).
    public var index = true

    private enum CodingKeys: String, CodingKey {
        case caseReference, paths, kind, exhibitRef, description, seizedBy, location, seal, storageLocation
        case classification, sensitive, expectedSHA256, seizedAt, reviewDate, reason, index
    }

    public init(caseReference: String, paths: [String]) {
        self.caseReference = caseReference
        self.paths = paths
    }

    /// Paths given as bytes (see `rawPaths`).
    public init(caseReference: String, rawPaths: [RawPath]) {
        self.init(caseReference: caseReference, paths: rawPaths.map(\.display))
        self.rawPaths = rawPaths
    }

    /// The files to read.
    var files: [RawPath] { rawPaths ?? paths.map(RawPath.init) }

    /// The store's options, refusing what is malformed before any file is read or anyone
    /// signs in. The sentences name each field per front end (`EvidenceError.Field`), so a
    /// front end that checks a request first (the CLI, naming its flags) calls this too.
    public func options(wait: Double) throws -> AddOptions {
        var options = AddOptions(caseReference: caseReference)
        options.kind = kind
        options.exhibitRef = exhibitRef
        options.description = description
        options.seizedBy = seizedBy
        options.location = location
        options.seal = seal
        options.storageLocation = storageLocation
        options.sensitive = sensitive
        options.reason = reason
        options.wait = wait
        if let seizedAt { options.seizedAt = try Self.seizureTime(seizedAt) }
        if let classification { options.classification = try Self.classification(classification) }
        if let reviewDate {
            guard let date = CalendarDate(parsing: reviewDate) else {
                throw EvidenceError(.usage, field: .reviewDate, "\(name: .reviewDate) takes a date as YYYY-MM-DD, not \(reviewDate).")
            }
            options.reviewDate = date
        }
        if let expectedSHA256 {
            guard let bytes = Hex.decode(expectedSHA256), bytes.count == 32 else {
                throw EvidenceError(.usage, field: .expectedSHA256, "\(name: .expectedSHA256) takes 64 hexadecimal digits.")
            }
            options.expectedSHA256 = bytes
        }
        return options
    }

    /// A classification as given (any case), or the error naming the field.
    static func classification(_ text: String) throws -> Classification {
        guard let level = Classification(rawValue: text.uppercased()) else {
            throw EvidenceError(.usage, field: .classification, "\(name: .classification) must be OFFICIAL, OFFICIAL-SENSITIVE or SECRET.")
        }
        return level
    }

    /// A seizure time as given (ISO 8601), or the error naming the field.
    static func seizureTime(_ text: String) throws -> Timestamp {
        guard let time = Timestamp(userInput: text) else {
            throw EvidenceError(.usage, field: .seizedAt, "\(name: .seizedAt) must be an ISO 8601 date or time, e.g. 2026-03-14T02:40:00Z.")
        }
        return time
    }
}

/// What an add stored, and what it refused (files that changed while they were read).
public struct AddResult: Sendable, Codable, Equatable {
    public var items: [AddedItem]
    /// Files refused because they changed while read: nothing was stored for them.
    public var refused: [String]
    /// Parts (attachments, messages) recorded as items of their own by indexing, when the add
    /// indexed inline.
    public var derivedParts: Int
    /// Why indexing after the add failed, when it did: the items are stored all the same,
    /// and the next search catches up.
    public var indexingFailure: ServiceError?
    /// The failure that refused some files (they changed while read), when the others were
    /// stored: the add as a whole is to be reported as failed.
    public var failure: ServiceError?
}

/// What an add tells its caller while it runs (all optional; a server may ignore them).
public struct AddObserver: Sendable {
    /// Something the user should know that does not stop the add (a skipped device file).
    public var warn: @Sendable (String) -> Void
    /// Bytes read so far of the file being read.
    public var progress: (@Sendable (String, UInt64) -> Void)?
    /// An item, once the checkpoint covering it is durable.
    public var item: @Sendable (AddedItem) -> Void

    public init(warn: @escaping @Sendable (String) -> Void = { _ in }, progress: (@Sendable (String, UInt64) -> Void)? = nil,
                item: @escaping @Sendable (AddedItem) -> Void = { _ in }) {
        self.warn = warn
        self.progress = progress
        self.item = item
    }
}

/// A physical exhibit recorded (`add --physical`): an item with no digital content.
public struct PhysicalItemAdded: Sendable, Codable, Equatable {
    public var itemID: String
    public var caseID: String
    /// Why indexing it for search failed, when it did (the exhibit is recorded all the same).
    public var indexingFailure: ServiceError?
}

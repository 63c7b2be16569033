import EvidenceStore

/// Files to add to a case as items, with what is recorded about them.
public struct AddRequest: Sendable, Codable, Equatable {
    public var caseReference: String
    /// Files or folders on the service's host (a server spools an upload to one first).
    public var paths: [String]
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
    public var reason: String?

    public init(caseReference: String, paths: [String]) {
        self.caseReference = caseReference
        self.paths = paths
    }

    /// The store's options, refusing what is malformed before any file is read.
    func options(wait: Double) throws -> AddOptions {
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
        if let classification {
            guard let level = Classification(rawValue: classification.uppercased()) else {
                throw ServiceError(.invalidRequest, "The classification must be OFFICIAL, OFFICIAL-SENSITIVE or SECRET.",
                                   field: "classification")
            }
            options.classification = level
        }
        if let expectedSHA256 {
            guard let bytes = Hex.decode(expectedSHA256), bytes.count == 32 else {
                throw ServiceError(.invalidRequest, "The expected SHA-256 takes 64 hexadecimal digits.", field: "expectedSHA256")
            }
            options.expectedSHA256 = bytes
        }
        guard !paths.isEmpty else { throw ServiceError(.invalidRequest, "Name at least one file to add.", field: "paths") }
        return options
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
}

import EvidenceStore

/// Corrections to an item's recorded metadata (`evidence amend`): each field given replaces
/// the recorded one; the original stays in the ledger, and the correction is an event of
/// its own with who made it and why.
public struct ItemAmendment: Sendable, Codable, Equatable {
    public var kind: String?
    /// OFFICIAL, OFFICIAL-SENSITIVE or SECRET.
    public var classification: String?
    public var sensitive: Bool?
    /// An ISO 8601 date or time.
    public var seizedAt: String?
    public var exhibitRef: String?
    public var description: String?
    public var seizedBy: String?
    public var location: String?
    public var seal: String?
    public var storageLocation: String?

    public init() {}

    /// The changes as the store records them, refusing what is malformed (before anyone
    /// signs in, when a front end calls it first; the sentences name each field per front end).
    public func changes() throws -> [String: JSONValue] {
        var changes: [String: JSONValue] = [:]
        if let kind {
            guard AddOptions.kinds.contains(kind) else {
                throw EvidenceError(.usage, field: .kind, "\(name: .kind) must be one of \(AddOptions.kinds.joined(separator: ", ")).")
            }
            changes["kind"] = .string(kind)
        }
        if let classification { changes["classification"] = .string(try AddRequest.classification(classification).rawValue) }
        if let sensitive { changes["sensitive"] = .bool(sensitive) }
        if let seizedAt { changes["seizedAt"] = .string(try AddRequest.seizureTime(seizedAt).description) }
        let fields: [(EvidenceError.Field, String?, Int)] = [
            (.exhibitRef, exhibitRef, 64), (.description, description, 8000), (.seizedBy, seizedBy, 200),
            (.location, location, 500), (.seal, seal, 64), (.storageLocation, storageLocation, 500),
        ]
        for (field, value, limit) in fields {
            guard let value else { continue }
            try Session.validateText(value, field: field, limit: limit)
            changes[field.key] = .string(value)
        }
        return changes
    }
}

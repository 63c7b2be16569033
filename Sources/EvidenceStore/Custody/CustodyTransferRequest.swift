import Foundation

/// A hand-over as the user asked for it, checked before anyone signs in, so that a mistyped
/// command costs no passphrase prompt and records nothing.
public struct CustodyTransferRequest: Sendable, Equatable {
    public let itemID: String
    /// Who receives the exhibit: a person, or a place such as a laboratory, as written on the label.
    public let to: String
    public let reason: String
    /// The new seal or bag number, when the exhibit was resealed.
    public let seal: String?
    /// Where the exhibit is kept from now on, when it moved.
    public let location: String?

    public static let nameLimit = 200
    public static let reasonLimit = 2000
    public static let sealLimit = 64
    public static let locationLimit = 500

    /// Checks and tidies the values (surrounding spaces are dropped); a usage error (64) names
    /// the option at fault.
    public init(itemID: String, to: String?, reason: String?, seal: String?, location: String?) throws {
        let to = to?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        guard !to.isEmpty else { throw EvidenceError(.usage, field: .to, "Name who receives the exhibit\(cli: " with \(option: .to)").") }
        try Session.validateText(to, field: .to, limit: Self.nameLimit)
        guard !to.contains("\n") else { throw EvidenceError(.usage, field: .to, "\(name: .to) must be one line.") }
        let reason = reason?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        guard !reason.isEmpty else {
            throw EvidenceError(.usage, field: .reason,
                                "Say why the exhibit is handed over\(cli: " with \(option: .reason)"); it is part of the continuity record.")
        }
        try Session.validateText(reason, field: .reason, limit: Self.reasonLimit)
        let seal = try Self.optionalLine(seal, field: .seal, limit: Self.sealLimit)
        let location = try Self.optionalLine(location, field: .location, limit: Self.locationLimit)
        self.itemID = itemID
        self.to = to
        self.reason = reason
        self.seal = seal
        self.location = location
    }

    /// An optional one-line value: absent stays absent, but given empty is a mistake.
    private static func optionalLine(_ value: String?, field: EvidenceError.Field, limit: Int) throws -> String? {
        guard let value else { return nil }
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw EvidenceError(.usage, field: field, "\(name: field) must not be empty; leave it out if nothing changed.") }
        try Session.validateText(trimmed, field: field, limit: limit)
        guard !trimmed.contains("\n") else { throw EvidenceError(.usage, field: field, "\(name: field) must be one line.") }
        return trimmed
    }
}

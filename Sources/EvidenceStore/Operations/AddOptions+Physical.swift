import Foundation

extension AddOptions {
    /// What a physical exhibit must have: a reference for its label and a description, since
    /// there is no file to tell what it is; and no expected hash, since there is no content.
    public func validatePhysical() throws {
        try validateText()
        guard let exhibitRef, !exhibitRef.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw EvidenceError(.usage, field: .exhibitRef, "A physical exhibit needs \(option: .exhibitRef), the reference on its label.")
        }
        guard let description, !description.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw EvidenceError(.usage, field: .description, "A physical exhibit needs \(option: .description) saying what it is.")
        }
        guard expectedSHA256 == nil else {
            throw EvidenceError(.usage, field: .expectedSHA256, "\(name: .expectedSHA256) applies to files; a physical exhibit has no digital content.")
        }
        guard AddOptions.kinds.contains(kind) else {
            throw EvidenceError(.usage, field: .kind, "\(name: .kind) must be one of \(AddOptions.kinds.joined(separator: ", ")).")
        }
    }
}

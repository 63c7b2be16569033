import Foundation

extension AddOptions {
    /// What a physical exhibit must have: a reference for its label and a description, since
    /// there is no file to tell what it is; and no expected hash, since there is no content.
    public func validatePhysical() throws {
        try validateText()
        guard let exhibitRef, !exhibitRef.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw EvidenceError(.usage, "A physical exhibit needs --exhibit-ref REF, the reference on its label.")
        }
        guard let description, !description.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw EvidenceError(.usage, "A physical exhibit needs --description TEXT saying what it is.")
        }
        guard expectedSHA256 == nil else {
            throw EvidenceError(.usage, "--expect-sha256 applies to files; a physical exhibit has no digital content.")
        }
        guard AddOptions.kinds.contains(kind) else {
            throw EvidenceError(.usage, "--kind must be one of \(AddOptions.kinds.joined(separator: ", ")).")
        }
    }
}

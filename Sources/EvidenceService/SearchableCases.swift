import EvidenceStore

/// The cases a command over this host's indexes acts on: the named ones, each of which the
/// user must be allowed to search, or all they may search.
enum SearchableCases {
    static func resolve(_ references: [String], session: Session, wait: Double) throws -> [CaseRecord] {
        let searchable = try session.searchableCases()
        guard !references.isEmpty else {
            guard !searchable.isEmpty else {
                throw EvidenceError(.denied, "There is no case you may search; a case's senior investigating officer can grant you a role that may.")
            }
            return searchable
        }
        var result: [CaseRecord] = []
        for reference in references {
            if let found = searchable.first(where: { $0.id == reference || $0.reference == reference }) {
                if !result.contains(where: { $0.id == found.id }) { result.append(found) }
            } else {
                // Not searchable: refused (and recorded) as the authoriser says, 66 or 77.
                _ = try session.findCase(reference, for: .search, reason: nil, wait: wait)
                throw EvidenceError(.denied, "You may not search case \(reference).")
            }
        }
        return result
    }
}

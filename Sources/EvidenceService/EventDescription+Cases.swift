import EvidenceStore

/// The wording of case events, refusals and searches.
extension EventDescription {
    static func detail(_ entry: TypedEntry<CaseCreatedEvent>) -> String {
        "created case \(entry.sealed?.reference ?? entry.caseID)"
    }

    static func detail(_ entry: TypedEntry<CaseGrantedEvent>) -> String {
        "granted \(entry.name(entry.publicPart.user)) the role \(entry.publicPart.role) in case \(entry.caseID)"
    }

    static func detail(_ entry: TypedEntry<CaseRevokedEvent>) -> String {
        "revoked \(entry.name(entry.publicPart.user)) from case \(entry.caseID)"
    }

    static func detail(_ entry: TypedEntry<CaseRekeyedEvent>) -> String {
        "rekeyed case \(entry.caseID) (key generation \(entry.publicPart.keyGeneration))"
    }

    static func detail(_ entry: TypedEntry<AccessDeniedEvent>) -> String {
        guard let audit = entry.audit else { return "was refused an action (the details are in the audit part)" }
        return "was refused \(audit.action) on \(audit.target): \(audit.rule)"
    }

    /// An auditor, who cannot open the sealed part, reads the query and the count from the
    /// audit part.
    static func detail(_ entry: TypedEntry<SearchRunEvent>) -> String {
        let caseName = entry.record.caseID.map { entry.cases[$0] ?? $0 } ?? "?"
        let found: (query: String, hits: Int64, pending: Int64)
        if let sealed = entry.sealed {
            found = (sealed.query, sealed.hits, sealed.pendingEvents)
        } else if let audit = entry.audit {
            found = (audit.query, audit.hits, 0)
        } else {
            return "searched case \(caseName)"
        }
        let behind = found.pending > 0 ? " (index \(found.pending) changes behind)" : ""
        return "searched case \(caseName) for \"\(found.query)\": \(found.hits) hit\(found.hits == 1 ? "" : "s")\(behind)"
    }
}

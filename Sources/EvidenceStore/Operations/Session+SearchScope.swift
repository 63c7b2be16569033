import Foundation

/// What a user's search may look at, decided by the one authorisation function: which cases'
/// indexes are opened, and which items inside them the query may match.
public struct SearchScope: Sendable, Equatable {
    /// The cases searched.
    public var cases: [CaseRecord]
    /// Classifications of the items the user may see in every searched case.
    public var classifications: Set<String>
    /// Cases in which the user sees sensitive (MG6D) material.
    public var sensitiveCaseIDs: Set<String>
    /// Cases whose content the user may read: only their hits carry snippets.
    public var contentCaseIDs: Set<String>
}

extension Session {
    /// The scope of a search over the named cases (references or ids), or over every case
    /// the user may search. Naming a case the user may not see or search is refused and
    /// recorded like any other action; so is a missing reason where the policy wants one.
    public func searchScope(caseReferences: [String], reason: String?, wait: Double) throws -> SearchScope {
        var cases: [CaseRecord] = []
        if caseReferences.isEmpty {
            let policy = try currentPolicy().policy
            let me = try subject()
            let visible = try listCases()
            cases = visible.filter { Authorizer.decide(me, .search, target(for: $0), policy: policy).allowed }
            if cases.isEmpty, let first = visible.first {
                // Cases they see but may not search: refused (and recorded) as a search of one.
                try authorize(.search, target(for: first), reason: reason, wait: wait)
            }
            guard !cases.isEmpty else {
                throw EvidenceError(.noInput, "There is no case you may search; a case's senior investigating officer can grant you a role that may.")
            }
            for caseRecord in cases {
                try authorize(.search, target(for: caseRecord), reason: reason, wait: wait)
            }
        } else {
            var seen = Set<String>()
            for reference in caseReferences {
                let caseRecord = try findCase(reference, for: .search, reason: reason, wait: wait)
                if seen.insert(caseRecord.id).inserted { cases.append(caseRecord) }
            }
        }
        return try scope(of: cases)
    }

    /// Item visibility inside `cases`, asked of the authoriser item by item class: every
    /// classification, sensitive or not, as a hypothetical item of each case.
    func scope(of cases: [CaseRecord]) throws -> SearchScope {
        let policy = try currentPolicy().policy
        let me = try subject()
        var classifications: Set<String>?
        var sensitive = Set<String>()
        var content = Set<String>()
        for caseRecord in cases {
            let caseClassification = Classification(rawValue: caseRecord.classification ?? "") ?? .secret
            func item(_ classification: Classification, sensitive: Bool) -> AccessTarget {
                .item(id: "(any item)", caseID: caseRecord.id, caseReference: caseRecord.reference ?? caseRecord.id,
                      caseClassification: caseClassification, classification: classification, sensitive: sensitive)
            }
            let visible = Set(Classification.allCases.filter { classification in
                Authorizer.decide(me, .search, item(classification, sensitive: false), policy: policy).allowed
            }.map(\.rawValue))
            // The same clearance applies in every case; should a policy ever make it differ,
            // the narrower set is used, so that no case shows more than it should.
            classifications = classifications.map { $0.intersection(visible) } ?? visible
            if Authorizer.decide(me, .search, item(.official, sensitive: true), policy: policy).allowed {
                sensitive.insert(caseRecord.id)
            }
            if Authorizer.decide(me, .readContent, item(.official, sensitive: false), policy: policy).allowed {
                content.insert(caseRecord.id)
            }
        }
        return SearchScope(cases: cases, classifications: classifications ?? [], sensitiveCaseIDs: sensitive,
                           contentCaseIDs: content)
    }

    /// The cases whose indexes this user keeps on this host: those they may search.
    public func searchableCases() throws -> [CaseRecord] {
        let policy = try currentPolicy().policy
        let me = try subject()
        return try listCases().filter { Authorizer.decide(me, .search, target(for: $0), policy: policy).allowed }
    }
}

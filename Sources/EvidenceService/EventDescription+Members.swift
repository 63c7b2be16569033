import EvidenceStore

extension EventDescription {
    /// The detail of an entry read member by member, for one whose parts do not fit its type
    /// (written by hand or by another version) or of a type this version does not know: what
    /// is there is worded, what is not reads as "?" or "(sealed)", and nothing fails.
    static func memberDetail(_ entry: EntryRecord, names: [String: String], cases: [String: String]) -> String {
        let sealed = parse(entry.sealedJSON)
        let publicPart = parse(entry.publicJSON)
        var detail: String
        switch entry.type {
        case "repository.created": detail = "repository created"
        case "identity.registered": detail = "registered user \(sealed["name"]?.stringValue ?? publicPart["user"]?.stringValue ?? "?")"
        case "case.created": detail = "created case \(sealed["reference"]?.stringValue ?? entry.caseID ?? "?")"
        case "item.added":
            let reference = sealed["exhibitRef"]?.stringValue.map { " exhibit \($0)" } ?? ""
            detail = "added \(entry.itemID ?? "?")\(reference) \(sealed["path"]?.stringValue ?? "") sha256 \(sealed["sha256"]?.stringValue ?? "(sealed)")"
        case "item.read": detail = "read \(entry.itemID ?? "?") to \(sealed["destination"]?.stringValue ?? "(sealed)")"
        case "item.amended":
            let fields = sealed["changes"]?.objectValue?.keys.sorted().joined(separator: ", ") ?? "(sealed)"
            detail = "amended \(entry.itemID ?? "?"): \(fields)"
            if let parent = sealed["withItem"]?.stringValue { detail += " (with \(parent), which it was extracted from)" }
        case "verification.run": detail = "verified the repository: \(publicPart["outcome"]?.stringValue ?? "?")"
        case "ledger.tail-dropped":
            let count = publicPart["dropped"]?.intValue ?? 0
            detail = "dropped \(count) uncommitted ledger entr\(count == 1 ? "y" : "ies") (kept in ledger/\(publicPart["keptIn"]?.stringValue ?? "?"))"
        case "recovery-slot.added": detail = "added recovery key slot \(publicPart["slot"]?.stringValue ?? "?")"
        case "recovery-slot.removed": detail = "removed recovery key slot \(publicPart["slot"]?.stringValue ?? "?")"
        case "identity.passphrase-changed": detail = "changed their passphrase"
        case "policy.applied": detail = "applied the policy with SHA-256 \(publicPart["hash"]?.stringValue?.prefix(16) ?? "?")…"
        case "user.added":
            let roles = sealed["roles"]?.arrayValue?.compactMap(\.stringValue).joined(separator: ", ") ?? "(sealed)"
            detail = "invited \(sealed["name"]?.stringValue ?? publicPart["user"]?.stringValue ?? "?") as \(roles)"
        case "user.disabled": detail = "disabled \(name(publicPart["user"]?.stringValue, names))"
        case "case.granted":
            detail = "granted \(name(publicPart["user"]?.stringValue, names)) the role \(publicPart["role"]?.stringValue ?? "?") in case \(entry.caseID ?? "?")"
        case "case.revoked": detail = "revoked \(name(publicPart["user"]?.stringValue, names)) from case \(entry.caseID ?? "?")"
        case "case.rekeyed": detail = "rekeyed case \(entry.caseID ?? "?") (key generation \(publicPart["keyGeneration"]?.intValue ?? 0))"
        case "access.denied":
            let audit = parse(entry.auditJSON)
            if let action = audit["action"]?.stringValue {
                detail = "was refused \(action) on \(audit["target"]?.stringValue ?? "?"): \(audit["rule"]?.stringValue ?? "")"
            } else {
                detail = "was refused an action (the details are in the audit part)"
            }
        case "recovery.used": detail = "used the recovery key (\(publicPart["purpose"]?.stringValue ?? "?"))"
        case "item.derived":
            let part = sealed["part"]?.stringValue ?? "a part"
            let file = sealed["name"]?.stringValue.map { " \($0)" } ?? ""
            detail = "recorded \(part) of \(publicPart["parent"]?.stringValue ?? "?") as \(entry.itemID ?? "?")\(file) sha256 \(sealed["sha256"]?.stringValue ?? "(sealed)")"
        case "search.run":
            // An auditor reads the query and the counts from the audit part.
            let audit = parse(entry.auditJSON)
            if let query = sealed["query"]?.stringValue ?? audit["query"]?.stringValue {
                let hits = sealed["hits"]?.intValue ?? audit["hits"]?.intValue ?? 0
                let pending = sealed["pendingEvents"]?.intValue ?? 0
                detail = "searched case \(name(entry.caseID, cases)) for \"\(query)\": \(hits) hit\(hits == 1 ? "" : "s")\(pending > 0 ? " (index \(pending) changes behind)" : "")"
            } else {
                detail = "searched case \(name(entry.caseID, cases))"
            }
        case "physical-item.added":
            detail = "recorded physical exhibit \(entry.itemID ?? "?") \(sealed["exhibitRef"]?.stringValue ?? "(sealed)")"
        case "custody.transferred":
            let seal = sealed["seal"]?.stringValue.map { ", seal \($0)" } ?? ""
            detail = "handed \(entry.itemID ?? "?") over from \(sealed["from"]?.stringValue ?? "(sealed)") to \(sealed["to"]?.stringValue ?? "(sealed)")\(seal)"
        default: detail = retentionMemberText(entry, sealed: sealed, publicPart: publicPart) ?? entry.type
        }
        return detail
    }

    private static func name(_ id: String?, _ names: [String: String]) -> String {
        guard let id else { return "?" }
        return names[id] ?? id
    }
}

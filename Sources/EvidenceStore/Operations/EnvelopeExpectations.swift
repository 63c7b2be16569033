/// The key envelopes the ledger says exist, by repository-relative path, with the entry that
/// accounts for each, folded from the valid entries in ledger order. Public facts only
/// (holders, generations), so anyone can check.
///
/// - `repository.created`: `keyring/1/recovery`, `audit/1/recovery`;
/// - `identity.registered`: `keyring/<keyringGeneration>/<user>`;
/// - `log-key.rotated`: `keyring/<keyringGeneration>/<holder>` for each of its `keyHolders`;
/// - `case.created`, `case.rekeyed`: `cases/<case>/keys/<keyGeneration>/<holder>` for each of `keyHolders`;
/// - `case.granted`: `cases/<case>/keys/<g>/<user>` for each of its `generations`;
/// - `case.revoked`: none of that user's envelopes of the case any more;
/// - `recovery.used` with `purpose` `grant-audit`: `audit/1/<user>`.
struct EnvelopeExpectations {
    private(set) var expected: [String: UInt64] = [:]

    mutating func visit(_ entry: LedgerEntry) {
        func strings(_ value: JSONValue?) -> [String] {
            guard case .array(let values)? = value else { return [] }
            return values.compactMap(\.stringValue)
        }
        func ints(_ value: JSONValue?) -> [Int64] {
            guard case .array(let values)? = value else { return [] }
            return values.compactMap(\.intValue)
        }
        let facts = entry.publicPart
        switch entry.type {
        case EventType.repositoryCreated:
            expected["keyring/1/recovery"] = entry.seq
            expected["audit/1/recovery"] = entry.seq
        case EventType.identityRegistered:
            if let user = facts?["user"]?.stringValue {
                expected["keyring/\(facts?["keyringGeneration"]?.intValue ?? 1)/\(user)"] = entry.seq
            }
        case EventType.logKeyRotated:
            let generation = facts?["keyringGeneration"]?.intValue ?? 0
            for holder in strings(facts?["keyHolders"]) { expected["keyring/\(generation)/\(holder)"] = entry.seq }
        case EventType.caseCreated, EventType.caseRekeyed:
            guard let caseID = entry.caseID, let generation = facts?["keyGeneration"]?.intValue else { return }
            for holder in strings(facts?["keyHolders"]) { expected["cases/\(caseID)/keys/\(generation)/\(holder)"] = entry.seq }
        case EventType.caseGranted:
            guard let caseID = entry.caseID, let user = facts?["user"]?.stringValue else { return }
            for generation in ints(facts?["generations"]) { expected["cases/\(caseID)/keys/\(generation)/\(user)"] = entry.seq }
        case EventType.recoveryUsed:
            if facts?["purpose"]?.stringValue == "grant-audit", let user = facts?["user"]?.stringValue {
                expected["audit/1/\(user)"] = entry.seq
            }
        case EventType.caseRevoked:
            guard let caseID = entry.caseID, let user = facts?["user"]?.stringValue else { return }
            for path in expected.keys where path.hasPrefix("cases/\(caseID)/keys/") && path.hasSuffix("/\(user)") {
                expected[path] = nil
            }
        default:
            return
        }
    }
}

/// Entry signatures already checked, on every core, before a ledger is replayed in order.
///
/// Replaying a ledger (FORMAT §7.10) must take the entries one at a time, since each is judged
/// against the state the ones before it left; checking each signature then made one core do
/// the work of two. This holds only positive facts ("entry N's signature verifies with key K"),
/// so `AuthorityState` trusts it exactly as far as it would trust its own Ed25519 check, and
/// checks for itself any entry and key this does not name.
public struct VerifiedSignatures: Sendable {
    /// The entry as checked (its storage is shared, not copied) and the key it verifies with.
    private var checked: [UInt64: (entry: LedgerEntry, key: [UInt8])] = [:]

    public init() {}

    /// Checks each user-signed entry against every signing key the ledger registers anywhere
    /// for its signer (usually one), valid or not: which of them applies is decided later, in
    /// order; this only saves the replay from checking again.
    ///
    /// `knownKeys` adds the keys registered before these entries (by user), for checking a
    /// ledger a batch at a time.
    public init(checking entries: [LedgerEntry?], knownKeys: [String: [UInt8]] = [:]) {
        var candidates: [String: [[UInt8]]] = knownKeys.mapValues { [$0] }
        for case let entry? in entries where entry.type == EventType.identityRegistered {
            guard let user = entry.publicPart?["user"]?.stringValue,
                  let key = entry.publicPart?["signingKey"]?.stringValue.flatMap({ Base64.decode($0) }),
                  !(candidates[user]?.contains(key) ?? false) else { continue }
            candidates[user, default: []].append(key)
        }
        let keysOf = candidates
        let userSigned = entries.compactMap { $0 }.filter { $0.signer != LedgerEntry.logSigner }
        let found = userSigned.parallelMap { entry -> (entry: LedgerEntry, key: [UInt8])? in
            let message = entry.signingBytes()
            for key in keysOf[entry.signer] ?? [] where Ed25519.isValid(signature: entry.signature, message: message, publicKey: key) {
                return (entry, key)
            }
            return nil
        }
        for case let found? in found { checked[found.entry.seq] = found }
    }

    /// Whether this very entry's signature is known to verify with `key`.
    func knowsValid(_ entry: LedgerEntry, key: [UInt8]) -> Bool {
        guard let known = checked[entry.seq] else { return false }
        return known.key == key && known.entry == entry
    }
}

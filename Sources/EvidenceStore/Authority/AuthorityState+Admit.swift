/// What a reader makes of one entry.
public enum AuthorityVerdict: Sendable, Equatable {
    /// Signed by its signer's registered key, who held the authority for it: applied.
    case valid
    /// Skipped by every reader and reported by `verify` and `audit`; the sentence says what
    /// the signer lacked (FORMAT §7.10).
    case invalid(String)
    /// An event type this version does not know: signed by a registered, enabled user, but
    /// no rule says what authority it needs. It changes nothing this version reads.
    case unknownType

    public var isValid: Bool { self == .valid }
}

extension AuthorityState {
    /// Admits entry `size` of the ledger: checks what every entry of a log must satisfy
    /// (its sequence number, a time not before its predecessor's, a signature that verifies
    /// with its signer's registered key) and throws `FormatError` when it does not, since the
    /// log itself is then damaged; then decides, from the state before it, whether its signer
    /// had the authority for it, and applies it only when they had.
    ///
    /// `logKey` is the log key in force before the entry (`LogKeyChain.key(forEntry:)`);
    /// `verified` names signatures already found to verify, which are not checked again.
    public mutating func admit(_ entry: LedgerEntry, logKey: NoteVerifierKey,
                               verified: VerifiedSignatures? = nil) throws -> AuthorityVerdict {
        let index = size
        guard entry.seq == index else {
            throw FormatError("ledger entry \(index) carries sequence number \(entry.seq) (entries removed, inserted or swapped)")
        }
        if let lastTime, entry.time < lastTime {
            throw FormatError("ledger entry \(index) is recorded at \(entry.time), before entry \(index - 1) at \(lastTime) (time went backwards)")
        }
        // Only the entry right after a recovery grant may rest on it.
        let grant = recoveryGrant
        recoveryGrant = nil
        let verdict = try judge(entry, logKey: logKey, recoveryGrant: grant, verified: verified)
        size = index + 1
        lastTime = entry.time
        if verdict == .valid { try apply(entry) }
        if grant != nil || (verdict == .valid && !EventType.recordsOnly.contains(entry.type)) { lastChange.size = size }
        return verdict
    }

    /// Moves past an entry a verifier could not read or that failed the log-level checks,
    /// so that the entries after it are still judged (they are reported, not applied).
    public mutating func skip(time: Timestamp? = nil) {
        size += 1
        if let time, time > (lastTime ?? time) { lastTime = time }
        if recoveryGrant != nil { lastChange.size = size }
        recoveryGrant = nil
    }

    /// The signature first (a bad log signature breaks the key chain: damage, thrown), then authority.
    private func judge(_ entry: LedgerEntry, logKey: NoteVerifierKey, recoveryGrant: RecoveryGrant?,
                       verified: VerifiedSignatures?) throws -> AuthorityVerdict {
        let index = entry.seq
        if entry.signer == LedgerEntry.logSigner {
            guard EventType.signedByLog.contains(entry.type) else {
                return .invalid("it is signed by the log key, which signs only repository.created and log-key.rotated")
            }
            guard Ed25519.isValid(signature: entry.signature, message: entry.signingBytes(), publicKey: logKey.publicKey) else {
                throw FormatError("ledger entry \(index) has a signature that does not verify with the log key in force (the entry was altered)")
            }
        } else {
            guard entry.signer == entry.actor else {
                return .invalid("it is signed by \(entry.signer), not by its actor \(entry.actor)")
            }
            let ownRegistration = entry.type == EventType.identityRegistered
                && entry.publicPart?["user"]?.stringValue == entry.signer
            let key: [UInt8]?
            if ownRegistration {
                key = entry.publicPart?["signingKey"]?.stringValue.flatMap { Base64.decode($0) }
            } else {
                key = users[entry.signer]?.signingKey
            }
            guard let key else {
                return .invalid("its signer \(entry.signer) is not a registered user before it")
            }
            guard verified?.knowsValid(entry, key: key) == true
                    || Ed25519.isValid(signature: entry.signature, message: entry.signingBytes(), publicKey: key) else {
                // The log around it is intact (its checkpoint covers it); only its author is
                // not who it claims: skipped and reported, so one user cannot halt every reader.
                return .invalid(ownRegistration ? "it is not signed by the key it registers"
                                : "its signature does not verify with the key registered for \(entry.signer) (forged, or altered before it was checkpointed)")
            }
        }
        if index == 0 {
            return entry.type == EventType.repositoryCreated ? .valid
                : .invalid("entry 0 of a ledger must be repository.created")
        }
        if let reason = try authorityProblem(entry, recoveryGrant: recoveryGrant) { return .invalid(reason) }
        return EventType.known.contains(entry.type) ? .valid : .unknownType
    }
}

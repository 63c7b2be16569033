import EvidenceStore

/// The wording of the repository's own events, its users and the recovery key.
extension EventDescription {
    static func detail(_ entry: TypedEntry<RepositoryCreatedEvent>) -> String { "repository created" }

    static func detail(_ entry: TypedEntry<IdentityRegisteredEvent>) -> String {
        "registered user \(entry.sealed?.name ?? entry.publicPart.user)"
    }

    static func detail(_ entry: TypedEntry<PassphraseChangedEvent>) -> String { "changed their passphrase" }

    static func detail(_ entry: TypedEntry<VerificationRunEvent>) -> String {
        "verified the repository: \(entry.publicPart.outcome)"
    }

    static func detail(_ entry: TypedEntry<TailDroppedEvent>) -> String {
        let count = entry.publicPart.dropped
        return "dropped \(count) uncommitted ledger entr\(count == 1 ? "y" : "ies") (kept in ledger/\(entry.publicPart.keptIn))"
    }

    /// Shown by its type name, as it was before types: no wording was ever given to it.
    static func detail(_ entry: TypedEntry<LogKeyRotatedEvent>) -> String { LogKeyRotatedEvent.type }

    static func detail(_ entry: TypedEntry<PolicyAppliedEvent>) -> String {
        "applied the policy with SHA-256 \(entry.publicPart.hash.prefix(16))…"
    }

    static func detail(_ entry: TypedEntry<UserAddedEvent>) -> String {
        "invited \(entry.sealed?.name ?? entry.publicPart.user) as \(entry.sealed?.roles.joined(separator: ", ") ?? "(sealed)")"
    }

    static func detail(_ entry: TypedEntry<UserDisabledEvent>) -> String { "disabled \(entry.name(entry.publicPart.user))" }

    static func detail(_ entry: TypedEntry<RecoverySlotAddedEvent>) -> String { "added recovery key slot \(entry.publicPart.slot)" }

    static func detail(_ entry: TypedEntry<RecoverySlotRemovedEvent>) -> String {
        "removed recovery key slot \(entry.publicPart.slot)"
    }

    static func detail(_ entry: TypedEntry<RecoveryUsedEvent>) -> String { "used the recovery key (\(entry.publicPart.purpose))" }
}

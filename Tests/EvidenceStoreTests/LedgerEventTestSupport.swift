import Testing
@testable import EvidenceStore

/// Helpers for the typed ledger event tests.
enum LedgerEventTestSupport {
    /// Every typed event, so that a test can check the set covers every known type.
    static let allTypes: [any LedgerEvent.Type] = [
        RepositoryCreatedEvent.self, IdentityRegisteredEvent.self, PassphraseChangedEvent.self, CaseCreatedEvent.self,
        ItemAddedEvent.self, ItemReadEvent.self, ItemAmendedEvent.self, VerificationRunEvent.self, TailDroppedEvent.self,
        RecoverySlotAddedEvent.self, RecoverySlotRemovedEvent.self, PolicyAppliedEvent.self, UserAddedEvent.self,
        UserDisabledEvent.self, CaseGrantedEvent.self, CaseRevokedEvent.self, CaseRekeyedEvent.self,
        AccessDeniedEvent.self, RecoveryUsedEvent.self, ItemDerivedEvent.self, SearchRunEvent.self,
        LogKeyRotatedEvent.self, ItemDisposedEvent.self, PhysicalItemAddedEvent.self, CustodyTransferredEvent.self,
        HoldAddedEvent.self, HoldReleasedEvent.self, CaseStatusEvent.self, RetentionSetEvent.self,
        RetentionReviewedEvent.self,
    ]

    /// Checks the draft's parts against the literals the hand-built code wrote, then that
    /// decoding them gives the typed parts back and re-encoding gives the same bytes.
    static func check<Event: LedgerEvent>(_ event: Event, public expectedPublic: [String: JSONValue]?,
                                          sealed expectedSealed: [String: JSONValue]?, audit expectedAudit: [String: JSONValue],
                                          sourceLocation: SourceLocation = #_sourceLocation) throws {
        let draft = try event.draft()
        #expect(draft.type == Event.type, sourceLocation: sourceLocation)
        #expect(draft.publicPart == expectedPublic, sourceLocation: sourceLocation)
        #expect(draft.sealedPart == expectedSealed, sourceLocation: sourceLocation)
        #expect(draft.auditPart == expectedAudit, sourceLocation: sourceLocation)
        let decoded = try Event.decodeParts(public: draft.publicPart, sealed: draft.sealedPart, audit: draft.auditPart)
        #expect(decoded.publicPart == event.publicPart, sourceLocation: sourceLocation)
        #expect(decoded.sealed == event.sealedPart, sourceLocation: sourceLocation)
        #expect(decoded.audit == event.audit, sourceLocation: sourceLocation)
        let again = try Event.decodeParts(public: draft.publicPart, sealed: draft.sealedPart, audit: draft.auditPart)
        #expect(try again.publicPart.encodedPart().map { CanonicalJSON.encode(.object($0)) }
                    == expectedPublic.map { CanonicalJSON.encode(.object($0)) }, sourceLocation: sourceLocation)
        #expect(try again.sealed?.encodedPart().map { CanonicalJSON.encode(.object($0)) }
                    == expectedSealed.map { CanonicalJSON.encode(.object($0)) }, sourceLocation: sourceLocation)
    }
}

import EvidenceStore

extension EventDescription {
    /// The detail of an entry read through its event type; nil for a type this version does
    /// not know, or a part that does not fit its type.
    static func typedDetail(_ record: EntryRecord, names: [String: String], cases: [String: String]) -> String? {
        func worded<Event: LedgerEvent>(_ type: Event.Type, _ wording: (TypedEntry<Event>) -> String) -> String? {
            TypedEntry<Event>(record, names: names, cases: cases).map(wording)
        }
        switch record.type {
        case RepositoryCreatedEvent.type: return worded(RepositoryCreatedEvent.self, detail)
        case IdentityRegisteredEvent.type: return worded(IdentityRegisteredEvent.self, detail)
        case PassphraseChangedEvent.type: return worded(PassphraseChangedEvent.self, detail)
        case VerificationRunEvent.type: return worded(VerificationRunEvent.self, detail)
        case TailDroppedEvent.type: return worded(TailDroppedEvent.self, detail)
        case LogKeyRotatedEvent.type: return worded(LogKeyRotatedEvent.self, detail)
        case PolicyAppliedEvent.type: return worded(PolicyAppliedEvent.self, detail)
        case UserAddedEvent.type: return worded(UserAddedEvent.self, detail)
        case UserDisabledEvent.type: return worded(UserDisabledEvent.self, detail)
        case RecoverySlotAddedEvent.type: return worded(RecoverySlotAddedEvent.self, detail)
        case RecoverySlotRemovedEvent.type: return worded(RecoverySlotRemovedEvent.self, detail)
        case RecoveryUsedEvent.type: return worded(RecoveryUsedEvent.self, detail)
        case CaseCreatedEvent.type: return worded(CaseCreatedEvent.self, detail)
        case CaseGrantedEvent.type: return worded(CaseGrantedEvent.self, detail)
        case CaseRevokedEvent.type: return worded(CaseRevokedEvent.self, detail)
        case CaseRekeyedEvent.type: return worded(CaseRekeyedEvent.self, detail)
        case AccessDeniedEvent.type: return worded(AccessDeniedEvent.self, detail)
        case SearchRunEvent.type: return worded(SearchRunEvent.self, detail)
        case ItemAddedEvent.type: return worded(ItemAddedEvent.self, detail)
        case ItemReadEvent.type: return worded(ItemReadEvent.self, detail)
        case ItemAmendedEvent.type: return worded(ItemAmendedEvent.self, detail)
        case ItemDerivedEvent.type: return worded(ItemDerivedEvent.self, detail)
        case PhysicalItemAddedEvent.type: return worded(PhysicalItemAddedEvent.self, detail)
        case CustodyTransferredEvent.type: return worded(CustodyTransferredEvent.self, detail)
        case ItemDisposedEvent.type: return worded(ItemDisposedEvent.self, detail)
        case HoldAddedEvent.type: return worded(HoldAddedEvent.self, detail)
        case HoldReleasedEvent.type: return worded(HoldReleasedEvent.self, detail)
        case CaseStatusEvent.type: return worded(CaseStatusEvent.self, detail)
        case RetentionSetEvent.type: return worded(RetentionSetEvent.self, detail)
        case RetentionReviewedEvent.type: return worded(RetentionReviewedEvent.self, detail)
        default: return nil
        }
    }
}

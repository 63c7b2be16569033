/// The code form of one row of FORMAT §7.4: an event type and the parts its entries carry.
///
/// Parts an event does not have are `NoPart` (absent from the entry). The session still
/// fills in what every entry has (sequence, time, actor, sealing, signature), so an event
/// becomes an `EventDraft` with the readable-part members it concerns.
public protocol LedgerEvent: Sendable {
    associatedtype Public: EventPart = NoPart
    associatedtype Sealed: EventPart = NoPart
    associatedtype AuditFacts: Codable & Sendable & Equatable = NoFacts

    static var type: String { get }
    var publicPart: Public { get }
    var sealedPart: Sealed { get }
    var audit: EventAudit<AuditFacts> { get }
}

extension LedgerEvent where Public == NoPart {
    public var publicPart: NoPart { NoPart() }
}

extension LedgerEvent where Sealed == NoPart {
    public var sealedPart: NoPart { NoPart() }
}

extension LedgerEvent {
    public func draft(caseID: String? = nil, itemID: String? = nil, object: LedgerEntry.ObjectRef? = nil,
                      commitment: [UInt8]? = nil) throws -> EventDraft {
        EventDraft(type: Self.type, caseID: caseID, itemID: itemID, object: object, commitment: commitment,
                   publicPart: try publicPart.encodedPart(), auditPart: try audit.encodedPart(),
                   sealedPart: try sealedPart.encodedPart())
    }

    /// The typed parts of an opened entry of this type. A sealed or audit part the reader
    /// could not open is nil (a type without a sealed part gives `NoPart`); a part that is
    /// there but does not fit the type throws.
    public static func decodeParts(public publicPart: [String: JSONValue]?, sealed: [String: JSONValue]?,
                                   audit: [String: JSONValue]?)
        throws -> (publicPart: Public, sealed: Sealed?, audit: EventAudit<AuditFacts>?) {
        let sealedPart: Sealed? = if sealed != nil || Sealed.self == NoPart.self { try Sealed.decodedPart(sealed) } else { nil }
        return (try Public.decodedPart(publicPart), sealedPart, try audit.map { try EventAudit<AuditFacts>.decodedPart($0) })
    }
}

extension Session {
    /// The audit part of an entry this user writes, with the facts its type adds; as
    /// `auditBase`, a reason that is empty is left out.
    public func audit<Facts>(_ facts: Facts, reason: String?) -> EventAudit<Facts> {
        EventAudit(actorName: user.name, reason: reason, facts: facts)
    }

    /// The audit part of a type that adds nothing to who acted and why.
    public func audit(reason: String?) -> EventAudit<NoFacts> {
        EventAudit(actorName: user.name, reason: reason)
    }
}

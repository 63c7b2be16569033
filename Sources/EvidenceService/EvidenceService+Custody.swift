import EvidenceStore

extension EvidenceService {
    /// The continuity of an item the user may view (`evidence custody history`).
    public func custodyHistory(_ context: UserContext, itemID: String, wait: Double = 0) async throws -> CustodyHistory {
        try await perform(context) { session in
            let (item, caseRecord, record) = try session.custodyHistory(itemID: itemID, wait: wait)
            return CustodyHistory(item: item, caseReference: caseRecord.reference, steps: record.steps, current: record.current)
        }
    }

    /// Records a hand-over of an exhibit (`evidence custody transfer`); the acting user needs
    /// the right to record custody in the item's case, and a reason.
    public func transferCustody(_ context: UserContext, itemID: String, to receiver: String, reason: String?,
                                seal: String? = nil, location: String? = nil, wait: Double = 0) async throws -> CustodyTransfer {
        let request = try ServiceError.mapping {
            try CustodyTransferRequest(itemID: itemID, to: receiver, reason: reason, seal: seal, location: location)
        }
        return try await perform(context, writes: true) { session in
            let recorded = try session.transferCustody(request, wait: wait)
            return CustodyTransfer(seq: recorded.seq, from: recorded.from, now: recorded.now)
        }
    }

    /// A case with its status, review date and the holds the user may know of (`evidence case show`).
    public func caseDetail(_ context: UserContext, reference: String, includingReleasedHolds: Bool = false,
                           wait: Double = 0) async throws -> CaseDetail {
        try await perform(context) { session in
            try CaseDetail.load(session, reference: reference, includingReleased: includingReleasedHolds, wait: wait)
        }
    }

    /// Places a legal hold on a case or an item (`evidence hold add`): disposal is blocked while it is in force.
    public func placeHold(_ context: UserContext, on target: String, reason: String?, wait: Double = 0) async throws -> HoldRecord {
        try await perform(context, writes: true) { session in try session.addHold(target: target, reason: reason, wait: wait) }
    }

    /// Releases a legal hold (`evidence hold release`); `holdID` names it when several are in force.
    public func releaseHold(_ context: UserContext, on target: String, holdID: String? = nil, reason: String?,
                            wait: Double = 0) async throws -> HoldRecord {
        try await perform(context, writes: true) { session in
            try session.releaseHold(target: target, holdID: holdID, reason: reason, wait: wait)
        }
    }

    /// Disposes of an item's content at the end of its retention (`evidence dispose`): refused
    /// while a hold is in force or the case's status does not allow it.
    /// The disposing user's index on this host drops the item's text as `Configuration.indexing`
    /// says (inline: before this returns), not only at their next search.
    public func dispose(_ context: UserContext, itemID: String, reason: String?, wait: Double = 0) async throws -> DisposalResult {
        let user = try signedIn(context)
        let indexing = configuration.indexing
        let (result, caseID) = try await perform(context, writes: true) { session in
            let result = try session.dispose(itemID: itemID, reason: reason, wait: wait)
            let caseID = try session.findItemIfVisible(itemID)?.case.id
            if indexing == .inline, let caseID { self.catchUpIndexQuietly(session, user: user, caseReference: caseID, wait: wait) }
            return (result, caseID)
        }
        if indexing == .background, let caseID { indexInBackground(user, caseReference: caseID) }
        return result
    }
}

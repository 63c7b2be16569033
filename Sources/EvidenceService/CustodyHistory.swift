import EvidenceStore

/// An exhibit's continuity as a user may see it: each step (seizure, recording, hand-overs,
/// corrections) and who holds it now.
public struct CustodyHistory: Sendable, Codable, Equatable {
    public var item: ItemRecord
    public var caseReference: String?
    public var steps: [ContinuityStep]
    public var current: CustodyState
}

/// A hand-over as recorded: its ledger entry, who held the exhibit before, and the state now.
public struct CustodyTransfer: Sendable, Codable, Equatable {
    public var seq: UInt64
    public var from: String
    public var now: CustodyState
}

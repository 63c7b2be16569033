import EvidenceStore

/// Proofs that every ledger entry about an item is in the log (RFC 9162 §2.1.3), against
/// the newest signed checkpoint (`evidence prove ITEM`; docs/VERIFICATION.md §3 says how
/// to check them without this software).
public struct ItemProofs: Sendable, Codable, Equatable {
    public var item: String
    public var checkpoint: CheckpointReference
    public var proofs: [EntryProof]

    /// One entry's inclusion proof.
    public struct EntryProof: Sendable, Codable, Equatable {
        public var seq: Int64
        public var type: String
        public var time: String
        public var leafIndex: UInt64
        public var treeSize: UInt64
        /// SHA-256(0x00 ‖ entry), hex.
        public var leafHash: String
        /// The entry's bytes exactly as the log holds them, base64.
        public var entry: String
        /// The sibling hashes from the leaf up, hex.
        public var auditPath: [String]

        init(_ event: EntryRecord, _ proof: InclusionProof) {
            seq = event.seq
            type = event.type
            time = event.time
            leafIndex = proof.leafIndex
            treeSize = proof.treeSize
            leafHash = Hex.encode(proof.leafHash)
            entry = Base64.encode(proof.entry)
            auditPath = proof.auditPath.map(Hex.encode)
        }
    }

    init(item: String, events: [EntryRecord], proofs: [InclusionProof], view: LedgerView) {
        self.item = item
        checkpoint = CheckpointReference(view)
        self.proofs = zip(events, proofs).map { EntryProof($0, $1) }
    }
}

import EvidenceStore

/// The text and JSON forms of proofs (docs/VERIFICATION.md §3), the same from every front
/// end: a heading sentence, then `name: value` lines, with the signed checkpoint verbatim
/// between BEGIN and END lines.
public enum ProofText {
    static let begin = "-----BEGIN CHECKPOINT-----"
    static let end = "-----END CHECKPOINT-----"

    /// The note's lines (it ends with a newline, so the last split piece is dropped).
    static func checkpointLines(_ note: String) -> [String] {
        var lines = note.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return [begin] + lines + [end]
    }

    /// After a rotation, every key of the chain with the first tree size it signs.
    static func chainLines(_ checkpoint: CheckpointReference) -> [String] {
        guard checkpoint.logKeyWasRotated else { return [] }
        return checkpoint.logKeys.map { "log-key: \($0.fromSize) \($0.verifierKey)" }
    }

    static func chainJSON(_ checkpoint: CheckpointReference) -> JSONValue {
        .array(checkpoint.logKeys.map { .object(["fromSize": .int(Int64($0.fromSize)), "verifierKey": .string($0.verifierKey)]) })
    }

    public static func lines(_ proofs: ItemProofs) -> [String] {
        let checkpoint = proofs.checkpoint
        var lines = [
            "Inclusion proofs (RFC 9162 section 2.1.3) of the \(proofs.proofs.count) ledger entries about item \(proofs.item), against the checkpoint below.",
            "verifier-key: \(checkpoint.verifierKey)",
        ] + chainLines(checkpoint) + [
            "checkpoint-size: \(checkpoint.treeSize)",
            "checkpoint-root: \(checkpoint.rootHash)",
        ] + checkpointLines(checkpoint.signedNote)
        for proof in proofs.proofs {
            lines += [
                "", "entry: \(proof.seq)", "type: \(proof.type)", "time: \(proof.time)", "leaf-index: \(proof.leafIndex)",
                "tree-size: \(proof.treeSize)", "leaf-hash: \(proof.leafHash)", "entry-bytes: \(proof.entry)",
            ] + proof.auditPath.map { "audit-path: \($0)" }
        }
        return lines
    }

    public static func json(_ proofs: ItemProofs) -> JSONValue {
        let checkpoint = proofs.checkpoint
        return .object([
            "item": .string(proofs.item), "verifierKey": .string(checkpoint.verifierKey), "logKeys": chainJSON(checkpoint),
            "checkpoint": .string(checkpoint.signedNote),
            "treeSize": .int(Int64(checkpoint.treeSize)), "rootHash": .string(checkpoint.rootHash),
            "proofs": .array(proofs.proofs.map { proof in
                .object([
                    "seq": .int(proof.seq), "type": .string(proof.type), "time": .string(proof.time),
                    "leafIndex": .int(Int64(proof.leafIndex)), "treeSize": .int(Int64(proof.treeSize)),
                    "leafHash": .string(proof.leafHash), "entry": .string(proof.entry),
                    "auditPath": .array(proof.auditPath.map(JSONValue.string)),
                ])
            }),
        ])
    }

    /// `source` names where the older checkpoint came from (the file it was read from).
    public static func lines(_ report: ConsistencyProofReport, source: String) -> [String] {
        let checkpoint = report.checkpoint
        return [
            "Consistency proof (RFC 9162 section 2.1.4) that the ledger of \(report.newSize) entries extends the checkpoint of \(report.oldSize) entries in \(source).",
            "verifier-key: \(checkpoint.verifierKey)",
        ] + chainLines(checkpoint) + [
            report.oldVerifierKey == checkpoint.verifierKey ? "old-signature: verified with the verifier key"
                : "old-signature: verified with the earlier log key \(report.oldVerifierKey)",
            "old-size: \(report.oldSize)",
            "old-root: \(report.oldRoot)",
            "new-size: \(report.newSize)",
            "new-root: \(report.newRoot)",
        ] + checkpointLines(checkpoint.signedNote) + report.path.map { "proof: \($0)" }
    }

    public static func json(_ report: ConsistencyProofReport) -> JSONValue {
        let checkpoint = report.checkpoint
        return .object([
            "verifierKey": .string(checkpoint.verifierKey), "oldVerifierKey": .string(report.oldVerifierKey),
            "logKeys": chainJSON(checkpoint),
            "oldCheckpoint": .string(report.oldSignedNote),
            "newCheckpoint": .string(checkpoint.signedNote),
            "oldSize": .int(Int64(report.oldSize)), "oldRoot": .string(report.oldRoot),
            "newSize": .int(Int64(report.newSize)), "newRoot": .string(report.newRoot),
            "proof": .array(report.path.map(JSONValue.string)),
        ])
    }
}

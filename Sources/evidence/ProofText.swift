import EvidenceStore

/// The text forms of `evidence prove` (docs/VERIFICATION.md §3): a heading sentence, then
/// `name: value` lines, with the signed checkpoint verbatim between BEGIN and END lines.
enum ProofText {
    static let begin = "-----BEGIN CHECKPOINT-----"
    static let end = "-----END CHECKPOINT-----"

    /// The note's lines (it ends with a newline, so the last split piece is dropped).
    static func checkpointLines(_ note: [UInt8]) -> [String] {
        var lines = String(decoding: note, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
            .map(String.init)
        if lines.last == "" { lines.removeLast() }
        return [begin] + lines + [end]
    }

    /// After a rotation, every key of the chain with the first tree size it signs, so that a
    /// verifier who holds an earlier key can follow the `log-key.rotated` entries to this one.
    static func chainLines(_ view: LedgerView) -> [String] {
        guard view.logKeyWasRotated else { return [] }
        return view.logKeys.links.map { "log-key: \($0.fromSize) \($0.key.encoded)" }
    }

    static func chainJSON(_ view: LedgerView) -> JSONValue {
        .array(view.logKeys.links.map { .object(["fromSize": .int(Int64($0.fromSize)), "verifierKey": .string($0.key.encoded)]) })
    }

    static func inclusion(item: String, events: [EntryRecord], proofs: [InclusionProof], view: LedgerView) -> [String] {
        var lines = [
            "Inclusion proofs (RFC 9162 section 2.1.3) of the \(proofs.count) ledger entries about item \(item), against the checkpoint below.",
            "verifier-key: \(view.checkpointKey.encoded)",
        ] + chainLines(view) + [
            "checkpoint-size: \(view.checkpoint.size)",
            "checkpoint-root: \(Hex.encode(view.checkpoint.rootHash))",
        ] + checkpointLines(view.signedCheckpoint)
        for (event, proof) in zip(events, proofs) {
            lines += [
                "", "entry: \(event.seq)", "type: \(event.type)", "time: \(event.time)", "leaf-index: \(proof.leafIndex)",
                "tree-size: \(proof.treeSize)", "leaf-hash: \(Hex.encode(proof.leafHash))",
                "entry-bytes: \(Base64.encode(proof.entry))",
            ] + proof.auditPath.map { "audit-path: \(Hex.encode($0))" }
        }
        return lines
    }

    static func inclusionJSON(item: String, events: [EntryRecord], proofs: [InclusionProof], view: LedgerView) -> JSONValue {
        .object([
            "item": .string(item), "verifierKey": .string(view.checkpointKey.encoded), "logKeys": chainJSON(view),
            "checkpoint": .string(String(decoding: view.signedCheckpoint, as: UTF8.self)),
            "treeSize": .int(Int64(view.checkpoint.size)), "rootHash": .string(Hex.encode(view.checkpoint.rootHash)),
            "proofs": .array(zip(events, proofs).map { event, proof in
                .object([
                    "seq": .int(event.seq), "type": .string(event.type), "time": .string(event.time),
                    "leafIndex": .int(Int64(proof.leafIndex)), "treeSize": .int(Int64(proof.treeSize)),
                    "leafHash": .string(Hex.encode(proof.leafHash)), "entry": .string(Base64.encode(proof.entry)),
                    "auditPath": .array(proof.auditPath.map { .string(Hex.encode($0)) }),
                ])
            }),
        ])
    }

    static func consistency(file: String, old: SignedCheckpoint, oldKey: NoteVerifierKey, proof: ConsistencyProof,
                            view: LedgerView) -> [String] {
        [
            "Consistency proof (RFC 9162 section 2.1.4) that the ledger of \(proof.newSize) entries extends the checkpoint of \(proof.oldSize) entries in \(file).",
            "verifier-key: \(view.checkpointKey.encoded)",
        ] + chainLines(view) + [
            oldKey == view.checkpointKey ? "old-signature: verified with the verifier key"
                : "old-signature: verified with the earlier log key \(oldKey.encoded)",
            "old-size: \(proof.oldSize)",
            "old-root: \(Hex.encode(proof.oldRoot))",
            "new-size: \(proof.newSize)",
            "new-root: \(Hex.encode(proof.newRoot))",
        ] + checkpointLines(view.signedCheckpoint) + proof.path.map { "proof: \(Hex.encode($0))" }
    }

    static func consistencyJSON(old: SignedCheckpoint, oldKey: NoteVerifierKey, proof: ConsistencyProof,
                                view: LedgerView) -> JSONValue {
        .object([
            "verifierKey": .string(view.checkpointKey.encoded), "oldVerifierKey": .string(oldKey.encoded),
            "logKeys": chainJSON(view),
            "oldCheckpoint": .string(String(decoding: old.note.encoded, as: UTF8.self)),
            "newCheckpoint": .string(String(decoding: view.signedCheckpoint, as: UTF8.self)),
            "oldSize": .int(Int64(proof.oldSize)), "oldRoot": .string(Hex.encode(proof.oldRoot)),
            "newSize": .int(Int64(proof.newSize)), "newRoot": .string(Hex.encode(proof.newRoot)),
            "proof": .array(proof.path.map { .string(Hex.encode($0)) }),
        ])
    }
}

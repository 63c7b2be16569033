import Foundation

extension Repository {
    /// `evidence prove --consistency FILE`: reads an older signed checkpoint, checks its
    /// signature with the log key in force at its size (following the chain of rotations
    /// from the key entry 0 announces, or this host recorded), checks that this ledger still
    /// holds the tree it signs, and proves that the newest checkpoint extends it. Needs no
    /// user and no key: everything used is public.
    public func consistencyProof(fromCheckpointFile path: String, view: LedgerView) throws
        -> (old: SignedCheckpoint, key: NoteVerifierKey, proof: ConsistencyProof) {
        let bytes = try FileSystem.read(path, limit: SignedNote.maxSize)
        // The size is only read to pick the key; the signature then vouches for it.
        let key = view.logKeys.key(forSize: Self.claimedSize(bytes) ?? 0)
        let old: SignedCheckpoint
        do {
            old = try SignedCheckpoint.open(bytes, verifier: key)
        } catch NoteError.malformedNote(let detail) {
            throw EvidenceError(.data, "\(path) is not a signed checkpoint (\(detail)); give a file written by evidence checkpoint.")
        } catch NoteError.invalidSignature {
            throw EvidenceError(.data, "\(path) carries a signature by this repository's log key \(key.identity) that does not verify: the checkpoint was forged or altered.")
        } catch let error as NoteError {
            throw EvidenceError(.data, "\(path) is not signed by this repository's log key \(key.identity) (\(error)): it is a checkpoint of another log, or forged.")
        } catch let error as CheckpointError {
            throw EvidenceError(.data, "\(path) is not a checkpoint of this log (\(error)).")
        }
        let new = view.checkpoint
        guard old.checkpoint.size <= new.size else {
            throw EvidenceError(.data, "\(path) signs a tree of \(old.checkpoint.size) entries, but this ledger holds only \(new.size): the repository may have been rolled back to an older copy.")
        }
        do {
            let root = try ledger.rootHash(treeSize: old.checkpoint.size)
            guard root == old.checkpoint.rootHash else {
                throw EvidenceError(.data, "\(path) is not a prefix of this ledger: its first \(old.checkpoint.size) entries hash to \(Hex.encode(root)), not the root \(Hex.encode(old.checkpoint.rootHash)) it signs; the ledger was rewritten or forked after that checkpoint.")
            }
            return (old, key, try ledger.consistencyProof(from: old.checkpoint, to: new))
        } catch let error as LedgerError {
            throw EvidenceError(.data, "The ledger failed an integrity check: \(error.description); run evidence verify.")
        } catch let error as MerkleError {
            throw EvidenceError(.data, "The ledger failed an integrity check: \(error.description); run evidence verify.")
        }
    }
}

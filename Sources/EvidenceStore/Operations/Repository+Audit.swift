import Foundation

extension Repository {
    /// `evidence audit`: everything the keyless verification checks, with checkpoints
    /// trusted only through the auditor's key; then consistency with each checkpoint the
    /// auditor kept (a rolled-back or forked repository fails) and the witnesses'
    /// cosignatures. Problems are collected, never thrown.
    public func audit(_ options: AuditOptions) -> VerificationReport {
        // Listed before the checkpoint is read: a witness cosigns only a checkpoint already in
        // ledger/checkpoint, so one cosigned while audit runs is never larger than what it reads.
        let cosigned = (try? ledger.cosignedSizes()) ?? []
        // The roots these are checked against are taken as the ledger pass goes by their sizes.
        let sizes = Set(cosigned + options.trustedCheckpoints.compactMap { Repository.claimedSize($0.bytes) })
        var (report, ledger) = verifyWithoutKeys(trustedLogKey: options.verifierKey, rootsAt: sizes,
                                                spillFolders: options.spillFolders)
        let chain = ledger.logKeys ?? LogKeyChain(first: options.verifierKey)
        let recomputed = ledger.readsWholeTree ? ledger.roots : nil
        for trusted in options.trustedCheckpoints {
            checkTrusted(trusted.name, trusted.bytes, chain: chain, newestSize: ledger.treeSize, roots: recomputed,
                         into: &report)
        }
        for witness in options.witnessKeys {
            checkWitness(witness, chain: chain, newestSize: ledger.treeSize, roots: recomputed, cosigned: cosigned,
                         into: &report)
        }
        return report
    }

    /// A trusted checkpoint must verify with the log key in force at its size, name this
    /// log, be no larger than the newest checkpoint, and have the root the ledger's first
    /// entries hash to: then the ledger is an append-only extension of what was trusted.
    private func checkTrusted(_ name: String, _ bytes: [UInt8], chain: LogKeyChain, newestSize: UInt64,
                              roots: [UInt64: [UInt8]]?, into report: inout VerificationReport) {
        let claimed = Repository.claimedSize(bytes) ?? 0
        let key = chain.key(forSize: claimed)
        let trusted: Checkpoint
        do {
            trusted = try SignedCheckpoint.open(bytes, verifier: key).checkpoint
        } catch {
            report.problems.append("trusted checkpoint \(name) does not verify with the log key \(key.identity) (\(error)): it is not a checkpoint of this log")
            return
        }
        guard trusted.origin == config.origin else {
            report.problems.append("trusted checkpoint \(name) is of the log \(trusted.origin), not this repository's \(config.origin)")
            return
        }
        guard trusted.size <= newestSize else {
            report.problems.append("trusted checkpoint \(name) covers \(trusted.size) entries but the repository's newest checkpoint only \(newestSize): the repository was rolled back to an older copy")
            return
        }
        guard let roots else { return }  // the ledger itself failed; already reported
        if roots[trusted.size] != trusted.rootHash {
            report.problems.append("trusted checkpoint \(name) (\(trusted.size) entries) is not consistent with the ledger: its first \(trusted.size) entries no longer hash to the root it signs (the log was forked or rewritten)")
            return
        }
        report.trustedCheckpointsChecked += 1
    }

    /// Every cosignature by `witness` in `ledger/cosigned/` must verify, on a checkpoint
    /// of this log consistent with the ledger; and the witness must have cosigned one.
    private func checkWitness(_ witness: NoteVerifierKey, chain: LogKeyChain, newestSize: UInt64, roots: [UInt64: [UInt8]]?,
                              cosigned: [UInt64], into report: inout VerificationReport) {
        var largest: UInt64?
        for size in cosigned {
            let name = "ledger/cosigned/\(size)"
            do {
                let bytes = try FileSystem.read(ledger.cosignedPath(size: size), limit: LedgerStore.maxCheckpointBytes)
                let note = try SignedNote.parse(bytes)
                guard try Cosignature.verify(note, key: witness) != nil else { continue }
                let opened = try SignedCheckpoint.open(bytes, verifier: chain.key(forSize: size))
                guard opened.checkpoint.size == size, opened.checkpoint.origin == config.origin else {
                    report.problems.append("\(name) holds the checkpoint of \(opened.checkpoint.origin) at \(opened.checkpoint.size) entries, not this log's at \(size)")
                    continue
                }
                if size > newestSize {
                    report.problems.append("\(name): witness \(witness.identity) cosigned \(size) entries, more than the newest checkpoint's \(newestSize): the repository was rolled back")
                    continue
                }
                if let roots, roots[size] != opened.checkpoint.rootHash {
                    report.problems.append("\(name): witness \(witness.identity) cosigned a root the ledger's first \(size) entries no longer hash to (the log was forked or rewritten)")
                    continue
                }
                largest = max(largest ?? 0, size)
            } catch {
                report.problems.append("\(name): the cosignature of witness \(witness.identity) or the log's signature does not verify (\(error))")
            }
        }
        guard let largest else {
            report.problems.append("witness \(witness.identity) has cosigned no checkpoint of this log")
            return
        }
        report.witnessed.append((witness.identity, largest))
        if largest < newestSize {
            report.notes.append("witness \(witness.identity) last cosigned the checkpoint of \(largest) entries; the \(newestSize - largest) entries after it are not witnessed yet")
        }
    }
}

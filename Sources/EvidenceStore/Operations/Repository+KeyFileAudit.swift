import Foundation

extension Repository {
    /// Every envelope the ledger accounts for must be there: a wrapped key deleted without
    /// an event that removes it is tampering (keys to content must not quietly vanish).
    /// Each one present must also be the file its path says, in canonical JSON (§5.4), whoever
    /// holds it: a reader that opens only its own envelopes would otherwise never look at the rest.
    func checkKeyEnvelopes(_ expected: [String: UInt64], into report: inout VerificationReport) {
        for (path, seq) in expected.sorted(by: { $0.key < $1.key }) {
            report.envelopesChecked += 1
            guard let bytes = try? FileSystem.readIfPresent(file(path), limit: 64 * 1024) else {
                report.problems.append("\(path) is missing: ledger entry \(seq) records this wrapped key and no later event removes it (deleted without a disposal or revocation)")
                continue
            }
            if let problem = envelopeFormProblem(path, bytes) { report.problems.append(problem) }
        }
        checkAuditEnvelopeHolders(expected, into: &report)
    }

    /// Why the envelope file at `path` (a path `expectedEnvelopes` gives) is not what its path
    /// says, or nil when it is.
    private func envelopeFormProblem(_ path: String, _ bytes: [UInt8]) -> String? {
        let parts = path.split(separator: "/").map(String.init)
        let located: (KeyEnvelope.Purpose, String, String, String)?
        switch (parts.first, parts.count) {
        case ("keyring", 3): located = (.repositoryKeyring, repositoryID, parts[1], parts[2])
        case ("audit", 3): located = (.auditKey, repositoryID, parts[1], parts[2])
        case ("cases", 5) where parts[2] == "keys": located = (.caseKey, parts[1], parts[3], parts[4])
        default: located = nil
        }
        // The ledger's own facts name a generation that is no u32: that entry is reported already.
        guard let (purpose, subject, generationText, holder) = located, let generation = UInt32(generationText) else {
            return nil
        }
        do {
            _ = try KeyEnvelope.checkedBox(bytes, repositoryID: repositoryID, purpose: purpose, subject: subject,
                                           generation: generation, holder: holder)
            return nil
        } catch let error as FormatError {
            return "\(error.description): the wrapped key was altered or replaced"
        } catch {
            return "\(path) could not be checked: \(error)"
        }
    }

    /// Only recovery and the users a valid `recovery.used` (`grant-audit`) named hold the
    /// audit key (§5.5): any other file under `audit/` is how the key would be slipped to
    /// someone, so it is named, as verify names it, whatever generation its path claims.
    private func checkAuditEnvelopeHolders(_ expected: [String: UInt64], into report: inout VerificationReport) {
        let folder = file("audit")
        for generation in ((try? FileSystem.list(folder)) ?? []).sorted() where !generation.hasPrefix(".") {
            let holders = (try? FileSystem.list((folder as NSString).appendingPathComponent(generation))) ?? []
            for holder in holders.sorted() where !holder.hasPrefix(".") {
                let path = "audit/\(generation)/\(holder)"
                if expected[path] == nil {
                    report.problems.append("\(path) seals the audit key to a holder no valid ledger entry gave it (planted?)")
                }
            }
        }
    }

    /// Identity files, as far as anyone can check them without a passphrase: each belongs
    /// to this repository and to a user a valid entry registered under its file name (FORMAT
    /// §7.10: a forged registration vouches for nothing), each registered user still has one,
    /// and each is byte for byte the file the ledger last recorded for its user (§5.3: an old
    /// copy put back after a passphrase change would revive the old passphrase). Whether its
    /// keys are the registered ones only the user's passphrase can show: sign-in checks that.
    func checkIdentityFiles(_ authority: AuthorityState, into report: inout VerificationReport) {
        let registered = authority.users.filter { $0.value.isRegistered }
        let folder = file("identities")
        let present = Set(((try? FileSystem.list(folder)) ?? []).filter { !$0.hasPrefix(".") })
        for name in present.sorted() {
            let what = IdentityFile.relativePath(userID: name)
            let bytes: [UInt8]
            let fields: JSONFields
            do {
                bytes = try FileSystem.read(file(what), limit: 64 * 1024)
                fields = try JSONFields(bytes: bytes, magic: IdentityFile.magic, what: what)
            } catch let error as FormatError {
                // Named with the reason: a file re-written in another JSON form is damaged, and
                // must not pass for one a passphrase does not open (§1, §5.3).
                report.problems.append("\(error.description): the identity file was altered or planted")
                continue
            } catch {
                report.problems.append("\(what) is not an identity file (altered or planted)")
                continue
            }
            guard (try? fields.string("repository")) == repositoryID, (try? fields.string("user")) == name else {
                report.problems.append("\(what) belongs to another user or repository (copied over this one?)")
                continue
            }
            guard let user = registered[name] else {
                report.problems.append("\(what) is for a user the ledger never registered (planted)")
                continue
            }
            guard let recorded = user.identityDigest, (try? SHA256.hash(bytes)) != recorded else { continue }
            let pending = file(IdentityFile.pendingRelativePath(userID: name))
            if let next = try? FileSystem.readIfPresent(pending, limit: 64 * 1024), (try? SHA256.hash(next)) == recorded {
                report.notes.append("\(what): a passphrase change was interrupted after its commit; the user's next sign-in puts \(IdentityFile.pendingRelativePath(userID: name)) in its place")
            } else {
                report.problems.append("\(what) is not the identity file the ledger recorded for this user (SHA-256 \(Hex.encode(recorded))): an old copy put back, or replaced")
            }
        }
        for (user, state) in registered.sorted(by: { $0.key < $1.key }) where !present.contains(user) {
            report.problems.append("\(IdentityFile.relativePath(userID: user)) is missing: ledger entry \(state.registeredAt ?? 0) registered this user's keys")
        }
    }
}

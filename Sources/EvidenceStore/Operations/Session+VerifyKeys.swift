import Foundation

extension Session {
    /// Key files against the ledger: each identity file belongs to the user the ledger
    /// registered under its name (a file copied over another user's is named), and each
    /// case-key envelope is held by recovery or by a user the ledger granted the case.
    func verifyKeyFiles(into report: inout VerificationReport) {
        let repositoryID = repository.repositoryID
        let users: [String: String] = (try? catalog.registeredUserNames()).map { rows in
            Dictionary(rows.compactMap { row in row.name.map { (row.id, $0) } }, uniquingKeysWith: { first, _ in first })
        } ?? [:]
        // Whether each identity file is one, is this user's, and is the one the ledger recorded
        // is checked as audit checks it (Repository.checkIdentityFiles); here, with names
        // opened, that its login is the registered name's.
        let identities = repository.file("identities")
        for file in (try? FileSystem.list(identities)) ?? [] where !file.hasPrefix(".") {
            guard let name = users[file],
                  let bytes = try? FileSystem.read((identities as NSString).appendingPathComponent(file), limit: 64 * 1024),
                  let fields = try? JSONFields(bytes: bytes, magic: IdentityFile.magic, what: "identities/\(file)"),
                  (try? fields.string("user")) == file else { continue }
            if (try? fields.string("login")) != (try? IdentityFile.loginHash(repositoryID: repositoryID, name: name)) {
                report.problems.append("identities/\(file) does not match the name the ledger registered for \(file) (replaced?)")
            }
        }
        // Case-key envelopes: only recovery and users the ledger granted the case hold one.
        let holders: Set<String> = (try? catalog.caseKeyHoldersAndMembers()).map(Set.init) ?? []
        let knownCases: Set<String> = (try? catalog.caseIDs()).map(Set.init) ?? []
        let casesFolder = repository.file("cases")
        var strayCases = 0
        for caseID in (try? FileSystem.list(casesFolder)) ?? [] where ULID.isValid(caseID, prefix: "case") {
            // Keys of a case the ledger never recorded: left by an interrupted case create.
            guard knownCases.contains(caseID) else {
                strayCases += 1
                continue
            }
            let keysFolder = (casesFolder as NSString).appendingPathComponent("\(caseID)/keys")
            for generation in (try? FileSystem.list(keysFolder)) ?? [] {
                let folder = (keysFolder as NSString).appendingPathComponent(generation)
                for holder in (try? FileSystem.list(folder)) ?? [] where !holder.hasPrefix(".") {
                    let name = "cases/\(caseID)/keys/\(generation)/\(holder)"
                    if holder != "recovery" && !holders.contains("\(caseID)/\(holder)") {
                        report.problems.append("\(name) seals the case key to a user the ledger never granted the case")
                    }
                    // The verifying user's own envelopes must open with their key.
                    if holder == user.id, let number = UInt32(generation) {
                        do {
                            _ = try KeyEnvelope.open(root: repository.path, repositoryID: repositoryID, purpose: .caseKey,
                                                     subject: caseID, generation: number, holder: .user(user.id),
                                                     privateKey: user.sealingKey)
                        } catch {
                            report.problems.append("\(name) does not open with \(user.name)'s key (altered or replaced)")
                        }
                    }
                }
            }
        }
        // Audit-key envelopes: only recovery and the users a recovery.used grant-audit named hold
        // one; checked without keys as audit checks it (Repository.checkKeyEnvelopes).
        if strayCases > 0 {
            report.notes.append("\(strayCases) case key folder\(strayCases == 1 ? " belongs" : "s belong") to no case the ledger recorded (left by an interrupted case create; meaningless)")
        }
    }
}
